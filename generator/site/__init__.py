"""Stage 4, site: MkDocs + Material build the generated Markdown into site/.

mkdocs_build.py builds into a temporary folder and swaps it in; plugin.py is the
`paper-site` MkDocs plugin (search backend, Pagefind, offline index trim);
raw_html.py keeps the generator's HTML blocks away from Python-Markdown;
page_cache.py reuses unchanged pages' HTML between builds, partial.py takes
unchanged pages from the previous site, workers.py renders on every core and
shells.py renders Material's shell once per kind of page; csp.py derives the
Content-Security-Policy; serve.py and serve_hook.py are the live preview.
"""

from generator.site.mkdocs_build import (
    DEFAULT_ENGINE,
    ENGINES,
    build_site,
    load_mkdocs_config,
    locked,
)

__all__ = ["DEFAULT_ENGINE", "ENGINES", "build_site", "load_mkdocs_config", "locked"]
