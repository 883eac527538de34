"""Write generated pages: only files whose bytes changed are touched.

Unchanged files keep their mtime (MkDocs' live reload and incremental
rebuilds rely on that). Files in generated folders that are no longer
produced are removed, so no output folder grows without bound.
"""

from __future__ import annotations

import os
from pathlib import Path

GENERATED_DIRS = ("papers", "topics", "tags", "areas", "feeds", "stats")


def write_pages(docs_dir: Path, pages: dict[str, str | bytes]) -> tuple[int, int]:
    """Returns (files written, files removed)."""
    written = removed = 0
    for rel, content in pages.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = docs_dir / rel
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # readers never see a half-written page
        written += 1
    wanted = {docs_dir / rel for rel in pages}
    for folder in GENERATED_DIRS:
        root = docs_dir / folder
        if not root.is_dir():
            continue
        for dirpath, _dirs, names in os.walk(root, topdown=False):
            for name in names:
                path = Path(dirpath) / name
                if path not in wanted:
                    path.unlink()
                    removed += 1
            if dirpath != str(root) and not os.listdir(dirpath):
                os.rmdir(dirpath)
    return written, removed
