"""The Content-Security-Policy for the hosted site.

Material's templates carry a few small inline scripts (their text depends on
page depth and the Material version), so the policy allows exactly those, by
SHA-256 hash, and nothing else that is inline. `python -m generator csp
--write` recomputes the hashes from a built site and updates netlify.toml; a
test fails when a fresh build has an inline script the policy does not allow.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
_CSP_LINE = re.compile(r'^(\s*Content-Security-Policy = ")[^"]*(")', re.M)


def inline_script_hashes(site_dir: Path) -> list[str]:
    hashes: set[str] = set()
    for page in site_dir.rglob("*.html"):
        for match in _INLINE_SCRIPT.finditer(page.read_text(encoding="utf-8")):
            if "application/json" in match.group(1):
                continue  # data, not code: CSP does not apply
            digest = hashlib.sha256(match.group(2).encode("utf-8")).digest()
            hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(hashes)


def policy(hashes: list[str]) -> str:
    # 'wasm-unsafe-eval' lets Pagefind (large sites) compile its WebAssembly;
    # it does not allow eval() of JavaScript.
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *hashes])
    return (
        "default-src 'self'; "
        f"script-src {scripts}; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def update_netlify_toml(path: Path, csp: str) -> bool:
    """Replace the CSP value in netlify.toml; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    if not _CSP_LINE.search(text):
        raise ValueError(f"{path}: no 'Content-Security-Policy = \"...\"' line to update")
    new = _CSP_LINE.sub(lambda m: m.group(1) + csp + m.group(2), text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
