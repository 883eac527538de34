"""The generator's fast relative links agree with posixpath.relpath."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from generator.render.pages import relative_link

segment = st.sampled_from(["papers", "tags", "topics", "ab", "index.md", "2.md", "x"])
path = st.lists(segment, min_size=1, max_size=4).map("/".join)
folder = st.lists(segment, min_size=0, max_size=3).map("/".join)


@given(path, folder)
def test_relative_link_equals_relpath(target, base):
    assert relative_link(target, base) == posixpath.relpath(target, base or ".")
