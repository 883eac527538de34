"""axe-core for accessibility checks, fetched from the npm registry once per machine."""

from __future__ import annotations

import os
import subprocess
import tarfile
from pathlib import Path

import pytest

AXE_VERSION = "4.14.1"
CACHE = Path(__file__).resolve().parent.parent / "test-output" / "vendor"


def axe_source() -> str:
    target = CACHE / f"axe-{AXE_VERSION}.min.js"
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        try:
            out = subprocess.run(
                ["npm", "pack", f"axe-core@{AXE_VERSION}", "--silent"],
                cwd=CACHE, capture_output=True, text=True, timeout=120, check=True,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError) as exc:
            message = f"cannot fetch axe-core from npm: {exc}"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(f"ACCESSIBILITY CHECK SKIPPED: {message}")
        tarball = CACHE / out.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as tar:
            member = tar.extractfile("package/axe.min.js")
            assert member is not None
            target.write_bytes(member.read())
        tarball.unlink()
    return target.read_text(encoding="utf-8")


def serious_violations(page) -> list[str]:
    page.add_script_tag(content=axe_source())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
