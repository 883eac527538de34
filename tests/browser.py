"""Helpers for browser tests: Debian's Chromium driven by Playwright, the site on localhost."""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import gzip
import io
import os
import shutil
import threading
import tomllib
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def require_browser() -> None:
    """Skip loudly without Chromium; under CI a missing browser is a failure."""
    missing = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "the playwright package is not installed"
    if not missing and not os.path.exists(CHROMIUM):
        missing = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run under CI: {missing}")
        pytest.skip(f"BROWSER TESTS SKIPPED: {missing}")


class _QuietHandler(SimpleHTTPRequestHandler):
    extra_headers: list[tuple[str, dict[str, str]]] = []  # (path glob, headers)
    gzip_text = False  # compress text responses, as Netlify does

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        compressible = path.endswith((".html", ".js", ".css", ".json", ".svg", ".xml"))
        if not (self.gzip_text and compressible and os.path.isfile(path)):
            return super().send_head()
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        with open(path, "rb") as handle:
            body = gzip.compress(handle.read(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        for pattern, values in self.extra_headers:
            if fnmatch.fnmatch(path, pattern):
                for name, value in values.items():
                    self.send_header(name, value)
        super().end_headers()


def netlify_headers(toml_path: Path) -> list[tuple[str, dict[str, str]]]:
    """The [[headers]] rules of netlify.toml, as Netlify would apply them."""
    with toml_path.open("rb") as handle:
        config = tomllib.load(handle)
    return [(rule["for"], rule["values"]) for rule in config.get("headers", [])]


@contextlib.contextmanager
def serve_directory(
    root: Path, headers: list | None = None, gzip_text: bool = False
) -> Iterator[str]:
    attributes = {"extra_headers": headers or [], "gzip_text": gzip_text}
    handler_class = type("Handler", (_QuietHandler,), attributes)
    handler = functools.partial(handler_class, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser_page(viewport: dict | None = None):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport=viewport or {"width": 1280, "height": 900})
            yield page
        finally:
            browser.close()


PROPAINTER_SLUG = "propainter-improving-propagation-and-transformer-for-video-inpainting"


def search_material_and_open_propainter(page) -> None:
    """Type "inpainting" in Material's header search, open the ProPainter result."""
    page.keyboard.press("/")
    # Real key events: over file:// the search runs in an iframe that answers
    # keystrokes; fill() sets the value without them.
    page.keyboard.type("inpainting", delay=30)
    title = page.locator("h1", has_text="ProPainter")
    hit = page.locator(".md-search-result__item", has=title).first
    hit.wait_for(timeout=20_000)
    hit.locator("a").first.click()
    page.wait_for_url(f"**/{PROPAINTER_SLUG}**")
    assert "ProPainter" in page.locator("h1").first.inner_text()
