"""Stage 3, render: Catalogue -> Markdown pages (path -> text), written if changed."""

from generator.render.pages import render_pages
from generator.render.writer import write_pages

__all__ = ["render_pages", "write_pages"]
