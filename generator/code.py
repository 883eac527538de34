"""The generator's own code, as one digest: what every cache between builds keys on."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_digest() -> str:
    """Every source file and template of the generator: any change redoes all."""
    h = hashlib.sha1()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".j2") and path.is_file():
            h.update(path.relative_to(_PACKAGE).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()
