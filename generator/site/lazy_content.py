"""Hold each page's rendered HTML compressed between MkDocs' two loops.

MkDocs converts every page's Markdown first and keeps each page's HTML
(`page.content`) in memory until its second loop has rendered every template.
At 10,000 papers that was about 300 MB of strings, and 100,000 papers needed
ten times as much. Yet once the page cache holds a page's template output,
nothing reads its content again.

So a page whose content came from the page cache, or was just stored in it,
keeps only the cache row's compressed bytes, a digest of the content (for
`page_key`) and whether it holds an `<h1>` (for shells.py). Reading
`page.content` still gives the full text, decompressed on each read, so every
reader (a template on a cache miss, Material's search, another plugin) sees
the same page as before. Setting it stores the new text as it is. This works
by giving the page a subclass of its own class whose `content` is a property;
the page is otherwise the same object. `tests/test_lazy_content.py` checks it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

Unpack = Callable[[bytes, "bytes | None"], str]  # page_cache._unpack

_PACKED, _DIGEST, _H1, _HANDED = "_ps_packed", "_ps_digest", "_ps_h1", "_ps_handed"


class _LazyContent:
    """Mixed into a page's class: `content` comes from the packed row until set."""

    @property
    def content(self) -> str | None:
        found = self.__dict__
        if "content" in found:
            return found["content"]
        if _HANDED in found:  # the text MkDocs is passing through on_page_content
            return found[_HANDED]
        blob, zdict, unpack = found[_PACKED]
        return json.loads(unpack(blob, zdict))["content"]

    @content.setter
    def content(self, value: str | None) -> None:
        found = self.__dict__
        handed = found.pop(_HANDED, None)
        if value is handed and _PACKED in found:
            return  # unchanged by every plugin: the packed row still says it
        for name in (_PACKED, _DIGEST, _H1):
            found.pop(name, None)
        found["content"] = value


_CLASSES: dict[type, type] = {}


def _lazy_class(cls: type) -> type:
    if issubclass(cls, _LazyContent):
        return cls
    if cls not in _CLASSES:
        _CLASSES[cls] = type(cls.__name__, (_LazyContent, cls), {"__module__": cls.__module__})
    return _CLASSES[cls]


def hold_packed(page: Any, content: str, blob: bytes, zdict: bytes | None, unpack: Unpack) -> None:
    """Make `page.content` read from `blob` (a page-cache row, JSON with the key
    "content" equal to `content`, packed with `zdict`) once MkDocs has handed
    `content` through on_page_content unchanged."""
    page.__class__ = _lazy_class(type(page))
    found = page.__dict__
    found.pop("content", None)
    found[_PACKED] = (blob, zdict, unpack)
    found[_DIGEST] = _digest(content)
    found[_H1] = "<h1" in content
    found[_HANDED] = content


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def content_digest(page: Any) -> str:
    """A digest of `page.content`, without decompressing a packed page."""
    return page.__dict__.get(_DIGEST) or _digest(page.content or "")


def has_content(page: Any) -> bool:
    """Whether `page.content` is not None, without decompressing a packed page."""
    found = page.__dict__
    return _PACKED in found or _HANDED in found or found.get("content") is not None


def has_h1(page: Any) -> bool:
    found = page.__dict__.get(_H1)
    return found if found is not None else "<h1" in (page.content or "")
