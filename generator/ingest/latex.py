"""LaTeX fragments common in arXiv abstracts, made readable (no raw backslashes)."""

from __future__ import annotations

import re
import unicodedata

from generator.ingest.patterns import URL

_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a",
}  # fmt: skip
_ACCENT = re.compile(r"""\\([\"'`^~=.]|[uvHckr](?![a-zA-Z]))\s*\{?\s*(\\[ij]|[A-Za-z])\s*\}?""")
_FONT = re.compile(r"\{\\(?:em|bf|it|sc|tt|rm|sf|sl)\s+([^{}]*)\}")
_TEXTCMD = re.compile(
    r"\\(?:textbf|textit|emph|texttt|textsc|textrm|mathrm|mathbf|mathit|mathcal|"
    r"mathbb|text|operatorname|boldsymbol|bm)\s*\{([^{}]*)\}"
)
_WORDS = {
    r"\eg": "e.g.", r"\ie": "i.e.", r"\etc": "etc.", r"\etal": "et al.",
    r"\%": "%", r"\&": "&", r"\$": "$", r"\#": "#", r"\_": "_",
    r"\ldots": "…", r"\dots": "…", r"\cdot": "·", r"\times": "×", r"\approx": "≈",
    r"\leq": "≤", r"\geq": "≥", r"\le": "≤", r"\ge": "≥", r"\neq": "≠", r"\pm": "±",
    r"\infty": "∞", r"\to": "→", r"\rightarrow": "→", r"\leftarrow": "←", r"\sim": "~",
    r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ", r"\epsilon": "ε",
    r"\varepsilon": "ε", r"\theta": "θ", r"\lambda": "λ", r"\mu": "μ", r"\pi": "π",
    r"\sigma": "σ", r"\tau": "τ", r"\phi": "φ", r"\omega": "ω", r"\Omega": "Ω",
    r"\ell": "ℓ", r"\in": "∈", r"\sum": "∑", r"\prod": "∏", r"\log": "log",
    r"\textasciitilde": "~", r"\ ": " ", r"\,": " ", r"\;": " ", r"\!": "", r"\~": "~",
}  # fmt: skip
_WORD = re.compile(
    "|".join(re.escape(w) + (r"(?![a-zA-Z])" if w[-1].isalpha() else "")
             for w in sorted(_WORDS, key=len, reverse=True))
)  # fmt: skip
_SUP = str.maketrans("0123456789+-=()nik", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵏ")
_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SCRIPT = re.compile(r"([\^_])(\{([^{}]{1,20})\}|([A-Za-z0-9+\-]))")
_BRACED_SCRIPT = re.compile(r"([\^_])(\{([^{}]{1,20})\})")
_MATH = re.compile(r"\$\$?([^$]{1,300}?)\$\$?")
_LEFTOVER_CMD = re.compile(r"\\([A-Za-z]+)\*?")


def _accent(match: re.Match[str]) -> str:
    base = match.group(2).lstrip("\\")
    return unicodedata.normalize("NFC", base + _ACCENTS[match.group(1)])


def _script(match: re.Match[str]) -> str:
    op = match.group(1)
    body = match.group(3) if match.group(3) is not None else match.group(4)
    table = _SUP if op == "^" else _SUB
    if all(ord(c) in table for c in body):
        return body.translate(table)
    return f"{op}{body}" if len(body) == 1 else f"{op}({body})"


def _math(match: re.Match[str]) -> str:
    inner = match.group(1)
    inner = _SCRIPT.sub(_script, inner)
    inner = _WORD.sub(lambda m: _WORDS[m.group(0)], inner)
    inner = _TEXTCMD.sub(r"\1", inner)
    inner = _LEFTOVER_CMD.sub(r"\1", inner)
    return inner.replace("{", "").replace("}", "").strip()


def latex_to_text(text: str) -> str:
    """Readable Unicode for the LaTeX seen in abstracts; URLs are left untouched."""
    if "\\" not in text and "$" not in text and "{" not in text:
        return text
    parts = URL.split(text)
    urls = URL.findall(text)
    out = [_convert(parts[0])]
    for url, rest in zip(urls, parts[1:], strict=True):
        out += [url, _convert(rest)]
    return "".join(out)


def _convert(text: str) -> str:
    if "\\" not in text and "$" not in text and "^" not in text and "{" not in text:
        return text
    text = _ACCENT.sub(_accent, text)
    text = _FONT.sub(r"\1", text)
    text = _TEXTCMD.sub(r"\1", text)
    text = _MATH.sub(_math, text)
    text = _WORD.sub(lambda m: _WORDS[m.group(0)], text)
    text = _BRACED_SCRIPT.sub(_script, text)
    text = _LEFTOVER_CMD.sub(r"\1", text)
    return text.replace("\\", "")
