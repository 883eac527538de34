from __future__ import annotations

import pytest

from tests.browser import (
    browser_page,
    require_browser,
    search_material_and_open_propainter,
    serve_directory,
)

pytestmark = pytest.mark.browser


def test_typing_inpainting_lists_propainter_and_opens_it(built_site):
    require_browser()
    _config, site, _result = built_site
    with serve_directory(site) as url, browser_page() as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        search_material_and_open_propainter(page)
        assert page.url.split("?")[0].endswith("/")
        assert errors == []
