"""MkDocs hook used by `serve` only: regenerate Markdown before each rebuild."""

from __future__ import annotations

import os
from pathlib import Path

from generator.build import generate


def on_pre_build(config) -> None:
    inputs = os.environ.get("PAPER_SITE_INPUTS")
    if inputs:
        paths = [Path(p) for p in inputs.split(os.pathsep)]
        generate(paths, Path(config.config_file_path), os.environ.get("PAPER_SITE_FORMAT", "auto"))
