"""Preview with live reload: editing a listing regenerates pages and rebuilds."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

from generator.build import generate

HOOK = Path(__file__).resolve().parent / "serve_hook.py"


def serve(paths: Sequence[Path], config_file: Path, fmt: str, dev_addr: str) -> None:
    generate(paths, config_file, fmt)
    # The hook re-runs `generate` before each rebuild; it learns the inputs from here.
    os.environ["PAPER_SITE_INPUTS"] = os.pathsep.join(str(p.resolve()) for p in paths)
    os.environ["PAPER_SITE_FORMAT"] = fmt
    mkdocs_serve(
        str(config_file),
        dev_addr=dev_addr,
        livereload=True,
        watch=[str(p) for p in paths],
        hooks=[str(HOOK)],
    )
