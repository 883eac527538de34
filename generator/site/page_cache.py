"""Reuse the rendered HTML of unchanged pages between MkDocs builds.

MkDocs renders every page on every build: Markdown to HTML, then the theme
template around it. For a page whose inputs did not change, both results are
the same as last time, so the `paper-site` plugin keeps them in one SQLite file
and puts them back instead of rendering:

- the Markdown result (content, table of contents, anchors) is keyed by the
  Markdown settings (extensions, URL style, link validation, versions), the
  page's path, its Markdown, and whether each page it links to exists (a link
  to a missing page must warn again);
- the template result is keyed by everything the template reads from the page
  (title, metadata, URL, final content, neighbours), the nav and the whole
  configuration.

"Configuration" covers mkdocs.yml as loaded (plugins, extensions, theme,
extra), the versions of MkDocs, Material and this package, and the contents
of the theme override folder. A build that logs any warning stores nothing,
so a cached page never hides a warning from a later build. Rows of pages that
left the site are deleted, and only the few most recent configurations are
kept (hosted and offline builds each have one), so the file does not grow
without bound. The test `test_incremental_build.py` checks that a build using
the cache writes the same tree as a cold one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import posixpath
import re
import sqlite3
import types
import zlib
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import TableOfContents, get_toc

from generator.site.lazy_content import content_digest, hold_packed

KEEP_VARIANTS = 3  # configurations kept: hosted, offline, and one to spare
SCHEMA = 6  # 6: anchors in a column of their own
COMPRESSION = 6  # zlib's default level
MARKDOWN_KEYS = ("markdown_extensions", "mdx_configs", "use_directory_urls", "validation")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+\.md)(?:#[^)\s>]*)?>?")
_HTML_LINK = re.compile(r"""(?:href|src)=["']([^"'#?]+\.md)""")


def digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _tree_digest(folder: str) -> str:
    """Paths and contents of every file under `folder` (theme overrides are small)."""
    h = hashlib.blake2b(digest_size=20)
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            h.update(os.path.relpath(path, folder).encode() + b"\x00")
            with open(path, "rb") as handle:
                h.update(handle.read())
    return h.hexdigest()


def _engine() -> str:
    import mkdocs

    engine = os.path.basename(os.path.dirname(mkdocs.__file__ or ""))
    return f"{engine} {getattr(mkdocs, '__version__', '')}"


def config_digest(config: Any) -> str:
    """What every page's output depends on besides the page itself."""
    site_packages = {os.path.dirname(os.path.dirname(metadata.__file__))}
    theme_dirs = []
    for folder in config.theme.dirs:
        # Packaged themes change with their version; a custom_dir is hashed whole.
        packaged = "site-packages" in folder or any(folder.startswith(p) for p in site_packages)
        theme_dirs.append(folder if packaged else _tree_digest(folder))
    plugins = {name: dict(plugin.config) for name, plugin in config.plugins.items()}
    keys = (
        "site_name", "site_url", "site_description", "site_author", "copyright",
        "repo_url", "repo_name", "edit_uri", "use_directory_urls", "extra",
        "extra_css", "extra_javascript", "markdown_extensions", "mdx_configs",
    )  # fmt: skip
    described = {key: config.get(key) for key in keys}
    described["theme"] = dict(config.theme)
    described["theme_dirs"] = theme_dirs
    described["plugins"] = plugins
    described["versions"] = [_version(p) for p in ("mkdocs", "mkdocs-material", "paper-site")]
    described["engine"] = _engine()  # ProperDocs stands in for `mkdocs` inside its CLI
    described["schema"] = SCHEMA
    text = json.dumps(described, sort_keys=True, default=repr)
    # Objects without a stable repr (e.g. callables in plugin config) would make
    # every build a miss, not a wrong hit; strip memory addresses all the same.
    return digest(re.sub(r" at 0x[0-9a-f]+", "", text))


def markdown_digest(config: Any) -> str:
    """What a page's Markdown result depends on besides its own Markdown: rows are
    kept per value of this, so a theme or `extra` change re-runs only templates."""
    described = {key: config.get(key) for key in MARKDOWN_KEYS}
    described["versions"] = [_version(p) for p in ("mkdocs", "markdown", "paper-site")]
    described["schema"] = SCHEMA
    text = json.dumps(described, sort_keys=True, default=repr)
    return digest(re.sub(r" at 0x[0-9a-f]+", "", text))


def nav_digest(nav: Any) -> str:
    def walk(items) -> Iterator[str]:
        for item in items:
            yield f"{type(item).__name__}|{item.title}|{getattr(item, 'url', '')}"
            yield from walk(getattr(item, "children", None) or [])

    return digest(*walk(nav.items))


def toc_tokens(toc: TableOfContents) -> list[dict]:
    def token(link) -> dict:
        children = [token(child) for child in link.children]
        return {"level": link.level, "id": link.id, "name": link.title, "children": children}

    return [token(link) for link in toc]


def linked_pages(markdown: str, src_uri: str) -> list[str]:
    """The .md files a page links to, resolved against its own folder."""
    base = posixpath.dirname(src_uri)
    found = set(_MD_LINK.findall(markdown)) | set(_HTML_LINK.findall(markdown))
    return sorted(_resolve(base, target) for target in found if "://" not in target)


@functools.lru_cache(maxsize=65_536)  # listing pages link to the same pages again and again
def _resolve(base: str, target: str) -> str:
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
    return posixpath.normpath(path)


def source_stamp(file: Any) -> str:
    """A page source's modification time and size: cheap to compare, not a key."""
    path = getattr(file, "abs_src_path", None)
    try:
        stat = os.stat(path) if path else None
    except OSError:
        stat = None
    return f"{stat.st_mtime_ns}:{stat.st_size}" if stat else ""


WINDOW = 32 * 1024  # zlib looks back this far, so a longer dictionary is wasted
PLAIN, WITH_DICTIONARY = b"\x00", b"\x01"  # a row's first byte


def _pack(text: str, zdict: bytes | None = None) -> bytes:
    """zlib, with the cache's preset dictionary when it has one: pages share most of
    their markup (Material's shell), so a page compresses to a third with it."""
    data = text.encode("utf-8", "surrogatepass")
    if zdict is None:
        return PLAIN + zlib.compress(data, COMPRESSION)
    packer = zlib.compressobj(COMPRESSION, zdict=zdict)
    return WITH_DICTIONARY + packer.compress(data) + packer.flush()


def _unpack(blob: bytes, zdict: bytes | None = None) -> str:
    if blob[:1] == WITH_DICTIONARY:
        if zdict is None:
            raise sqlite3.DatabaseError("page cache row needs a dictionary the cache lacks")
        unpacker = zlib.decompressobj(zdict=zdict)
        data = unpacker.decompress(blob[1:]) + unpacker.flush()
    else:
        data = zlib.decompress(blob[1:])
    return data.decode("utf-8", "surrogatepass")


class PageCache:
    """One SQLite file; rows are (configuration, page) -> rendered results.

    Only the keys are read up front; a row's HTML is read when it is reused and
    written as soon as it is rendered, inside one transaction that `save`
    commits, so memory stays flat however large the site, and a failed or
    killed build leaves the previous cache as it was. Results are stored
    zlib-compressed, with a preset dictionary: the first page output this cache
    stored (set before any worker forks, so every row shares it).
    """

    def __init__(self, path: Path, variant: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.variant = variant
        try:
            self.db = self._open(path)
        except sqlite3.DatabaseError:  # not a cache we can read: start a new one
            path.unlink()
            self.db = self._open(path)
        self.keys: dict[str, tuple[str, str]] = {}
        self.sources: dict[str, str] = {}
        row = self.db.execute("SELECT data FROM dictionary").fetchone()
        self.zdict: bytes | None = row[0] if row else None
        rows = self.db.execute(
            "SELECT src_uri, render_key, page_key, source FROM pages WHERE variant = ?",
            (variant,),
        )
        for src, render_key, key, source in rows:
            self.keys[src] = (render_key, key)
            self.sources[src] = source
        self.seen: set[str] = set()
        self.hits = {"markdown": 0, "template": 0}  # results from an earlier build
        self.merged: dict[str, set[str]] = {"markdown": set(), "template": set()}  # workers'
        self.stored: set[str] = set()  # outputs this process rendered in this build

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=60)
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
            db.executescript(
                f"""
                DROP TABLE IF EXISTS pages;
                DROP TABLE IF EXISTS variants;
                DROP TABLE IF EXISTS dictionary;
                PRAGMA user_version = {SCHEMA};
                """
            )
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS pages (
                variant TEXT, src_uri TEXT, render_key TEXT, rendered BLOB,
                page_key TEXT, output BLOB, source TEXT, targets BLOB, anchors TEXT,
                PRIMARY KEY (variant, src_uri));
            CREATE TABLE IF NOT EXISTS dictionary (data BLOB);
            CREATE TABLE IF NOT EXISTS variants (variant TEXT PRIMARY KEY, used INTEGER);
            CREATE TABLE IF NOT EXISTS sites (path TEXT PRIMARY KEY, variant TEXT, base TEXT);
            """
        )
        return db

    def close(self) -> None:
        self.db.close()  # without `save`, everything written in this build is rolled back

    def _read(self, column: str, src_uri: str) -> str:
        query = f"SELECT {column} FROM pages WHERE variant = ? AND src_uri = ?"  # noqa: S608
        return _unpack(self.db.execute(query, (self.variant, src_uri)).fetchone()[0], self.zdict)

    def source_unchanged(self, file: Any) -> bool:
        """Whether the page's source file looks as it did when its row was stored."""
        stored = self.sources.get(file.src_uri)
        return bool(stored) and stored == source_stamp(file)

    def refresh_source(self, file: Any) -> None:
        """A page found by its key whose source file was written again with the same
        text (restored, copied, checked out): record the file as it is now, or the
        page would be found by key in every build instead of taken as built."""
        stamp = source_stamp(file)
        if stamp and self.sources.get(file.src_uri) != stamp:
            self.db.execute(
                "UPDATE pages SET source = ? WHERE variant = ? AND src_uri = ?",
                (stamp, self.variant, file.src_uri),
            )
            self.sources[file.src_uri] = stamp

    # Markdown -> HTML ---------------------------------------------------
    def rendered(self, src_uri: str, key: str) -> dict | None:
        found = self.rendered_packed(src_uri, key)
        return found[0] if found else None

    def rendered_packed(self, src_uri: str, key: str) -> tuple[dict, bytes | None] | None:
        """The stored Markdown result and its row as stored (None: not stored)."""
        self.seen.add(src_uri)
        if self.keys.get(src_uri, ("", ""))[0] != key:
            return None
        self.hits["markdown"] += src_uri not in self.merged["markdown"]
        query = "SELECT rendered FROM pages WHERE variant = ? AND src_uri = ?"
        blob = self.db.execute(query, (self.variant, src_uri)).fetchone()[0]
        return json.loads(_unpack(blob, self.zdict)), blob

    def store_rendered(
        self, src_uri: str, key: str, page: Any, targets: list[str] | None = None
    ) -> bytes:
        """Store the page's Markdown result; returns the row as stored."""
        # Links to other pages' anchors are kept and restored, so MkDocs validates
        # them again at the end of every build, against the anchors present then.
        anchor_links = {
            target.src_uri: dict(sorted(links.items()))
            for target, links in sorted(
                (page.links_to_anchors or {}).items(), key=lambda item: item[0].src_uri
            )
        }
        value = {
            "content": page.content,
            "toc": toc_tokens(page.toc),
            "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "anchor_links": anchor_links,
        }
        packed = _pack(json.dumps(value, ensure_ascii=False), self.zdict)
        linked = _pack("\n".join(targets or ()))
        # Partial builds read every clean page's anchors: kept apart from the HTML.
        anchors = json.dumps([value["anchors"], anchor_links], ensure_ascii=False)
        self.db.execute(
            "INSERT INTO pages VALUES (?, ?, ?, ?, '', NULL, ?, ?, ?)"
            " ON CONFLICT (variant, src_uri) DO UPDATE SET render_key = excluded.render_key,"
            " rendered = excluded.rendered, source = excluded.source,"
            " targets = excluded.targets, anchors = excluded.anchors",
            (self.variant, src_uri, key, packed, source_stamp(page.file), linked, anchors),
        )
        return packed

    # Template -> page HTML ----------------------------------------------
    def has_output(self, src_uri: str, key: str) -> bool:
        return self.keys.get(src_uri, ("", ""))[1] == key

    def output(self, src_uri: str, key: str) -> str | None:
        if not self.has_output(src_uri, key):
            return None
        earlier = src_uri not in self.merged["template"] and src_uri not in self.stored
        self.hits["template"] += earlier
        return self._read("output", src_uri)

    def output_text(self, src_uri: str, key: str) -> str | None:
        """The stored output, for other readers than MkDocs (no hit is counted)."""
        return self._read("output", src_uri) if self.has_output(src_uri, key) else None

    def store_output(self, src_uri: str, key: str, output: str) -> None:
        if self.zdict is None:  # the first output becomes the dictionary
            self._set_dictionary(output)
        self.db.execute(
            "UPDATE pages SET page_key = ?, output = ? WHERE variant = ? AND src_uri = ?",
            (key, _pack(output, self.zdict), self.variant, src_uri),
        )
        # Found again in this build (the search copies render a page before MkDocs' loop).
        self.keys[src_uri] = (self.keys.get(src_uri, ("", ""))[0], key)
        self.stored.add(src_uri)

    def _set_dictionary(self, output: str) -> None:
        self.zdict = output.encode("utf-8", "surrogatepass")[-WINDOW:]
        self.db.execute("INSERT INTO dictionary VALUES (?)", (self.zdict,))

    # Workers' results (workers.py) ----------------------------------------
    def adopt_dictionary(self, src_uri: str) -> None:
        """Make the stored output of `src_uri` (a worker's) the dictionary, if none is set."""
        if self.zdict is None and self.keys.get(src_uri, ("", ""))[1]:
            self._set_dictionary(self._read("output", src_uri))

    def merge(self, shard: Path) -> None:
        """Take in the rows a worker rendered into `shard` (a ShardCache file)."""
        source = sqlite3.connect(shard)
        try:
            rows = source.execute(
                "SELECT src_uri, render_key, rendered, page_key, output, source, targets, anchors"
                " FROM pages"
            )
            while batch := rows.fetchmany(256):
                for src, render_key, rendered, key, output, stamp, targets, anchors in batch:
                    old_render, old_key = self.keys.get(src, ("", ""))
                    if render_key:
                        self.db.execute(
                            "INSERT INTO pages VALUES (?, ?, ?, ?, '', NULL, ?, ?, ?)"
                            " ON CONFLICT (variant, src_uri) DO UPDATE SET"
                            " render_key = excluded.render_key, rendered = excluded.rendered,"
                            " source = excluded.source, targets = excluded.targets,"
                            " anchors = excluded.anchors",
                            (self.variant, src, render_key, rendered, stamp, targets, anchors),
                        )
                        old_render = render_key
                        self.sources[src] = stamp
                        self.merged["markdown"].add(src)
                    if key:
                        self.db.execute(
                            "UPDATE pages SET page_key = ?, output = ?"
                            " WHERE variant = ? AND src_uri = ?",
                            (key, output, self.variant, src),
                        )
                        old_key = key
                        self.merged["template"].add(src)
                    self.keys[src] = (old_render, old_key)
        finally:
            source.close()

    # Partial builds (partial.py) ------------------------------------------
    def site_matches(self, path: str, base: str) -> bool:
        """Whether the tree at `path` was written by the last build of this variant and
        template base (configuration, nav, theme, versions)."""
        row = self.db.execute("SELECT variant, base FROM sites WHERE path = ?", (path,)).fetchone()
        return row == (self.variant, base)

    def linking_to(self, gone: set[str]) -> set[str]:
        """Pages whose Markdown links to any of `gone`."""
        rows = self.db.execute(
            "SELECT src_uri, targets FROM pages WHERE variant = ?", (self.variant,)
        )
        return {
            src
            for src, packed in rows
            if packed and not gone.isdisjoint(_unpack(packed).split("\n"))
        }

    def anchors(self, src_uris: set[str]) -> dict[str, tuple[list[str], dict]]:
        """Present anchors and links to other pages' anchors of these pages."""
        found = {}
        rows = self.db.execute(
            "SELECT src_uri, anchors FROM pages WHERE variant = ?", (self.variant,)
        )
        for src, anchors in rows:
            if src in src_uris:
                present, links = json.loads(anchors)
                found[src] = (present, links)
        return found

    # Saving ---------------------------------------------------------------
    def save(self, site: str = "", base: str = "") -> None:
        """Commit this build's rows, forget pages that left the site, keep a few
        configurations; `site`: the tree this build writes, with its template base."""
        if site:
            self.db.execute(
                "INSERT OR REPLACE INTO sites VALUES (?, ?, ?)", (site, self.variant, base)
            )
        gone = [(self.variant, src) for src in self.keys.keys() - self.seen]
        self.db.executemany("DELETE FROM pages WHERE variant = ? AND src_uri = ?", gone)
        used = self.db.execute("SELECT COALESCE(MAX(used), 0) + 1 FROM variants").fetchone()[0]
        self.db.execute("INSERT OR REPLACE INTO variants VALUES (?, ?)", (self.variant, used))
        stale = [
            row[0]
            for row in self.db.execute(
                "SELECT variant FROM variants ORDER BY used DESC LIMIT -1 OFFSET ?",
                (KEEP_VARIANTS,),
            )
        ]
        for variant in stale:
            self.db.execute("DELETE FROM pages WHERE variant = ?", (variant,))
            self.db.execute("DELETE FROM variants WHERE variant = ?", (variant,))
            self.db.execute("DELETE FROM sites WHERE variant = ?", (variant,))
        self.db.commit()


class ShardCache(PageCache):
    """A worker's own cache file (workers.py): it knows the main cache's keys, so
    it skips pages already cached there, and stores only what the worker renders."""

    def __init__(self, path: Path, main: PageCache) -> None:
        super().__init__(path, main.variant)
        self.main = main
        self.zdict = main.zdict  # rows are merged as they are: same dictionary

    def rendered_packed(self, src_uri: str, key: str) -> tuple[dict, bytes | None] | None:
        if self.main.keys.get(src_uri, ("", ""))[0] == key:
            return SKIPPED, None  # the parent reads it from the main cache
        return None

    def refresh_source(self, file: Any) -> None:
        pass  # the parent reads the page from the main cache and records it there

    def has_output(self, src_uri: str, key: str) -> bool:
        return self.main.has_output(src_uri, key)

    def output(self, src_uri: str, key: str) -> str | None:
        return "" if self.main.has_output(src_uri, key) else None

    def store_output(self, src_uri: str, key: str, output: str) -> None:
        self.db.execute(
            "INSERT INTO pages VALUES (?, ?, '', NULL, ?, ?, '', '', '')"
            " ON CONFLICT (variant, src_uri)"
            " DO UPDATE SET page_key = excluded.page_key, output = excluded.output",
            (self.variant, src_uri, key, _pack(output, self.zdict)),
        )

    def forget(self, src_uri: str) -> None:
        self.db.execute(
            "DELETE FROM pages WHERE variant = ? AND src_uri = ?", (self.variant, src_uri)
        )

    def commit(self) -> None:
        self.db.commit()
        self.db.close()


SKIPPED = {"content": "", "toc": [], "title": None, "anchors": [], "anchor_links": {}}


def install_render(page: Any, cache: PageCache, key: str, targets: list[str]) -> None:
    """Replace `page.render` for this page: from the cache, or render and remember.
    Either way the page then holds its content packed (see lazy_content.py)."""
    real_render = page.render
    src_uri = page.file.src_uri

    def render(self, config, files) -> None:
        # Once only: dropping this closure frees what the real render holds (the
        # HTML blocks of raw_html.py: 200 MB at 10,000 papers when kept to the end).
        self.__dict__.pop("render", None)
        found = cache.rendered_packed(src_uri, key)
        if found is None:
            real_render(config, files)
            packed = cache.store_rendered(src_uri, key, self, targets)
            if self.content is not None:
                hold_packed(self, self.content, packed, cache.zdict, _unpack)
            return
        value, packed = found
        cache.refresh_source(self.file)
        if packed is not None:
            hold_packed(self, value["content"], packed, cache.zdict, _unpack)
        else:
            self.content = value["content"]
        self.toc = get_toc(value["toc"])
        self._title_from_render = value["title"]
        self.present_anchor_ids = set(value["anchors"])
        self.links_to_anchors = {
            files.get_file_from_path(target): links
            for target, links in value["anchor_links"].items()
            if files.get_file_from_path(target) is not None
        }

    page.render = types.MethodType(render, page)


def page_key(page: Any, base: str) -> str:
    """Everything Material's page template reads from the page, plus `base` (config, nav)."""

    def url(other) -> str:
        return other.url if other is not None else ""

    parents = []
    parent = page.parent
    while parent is not None:
        parents.append(parent.title)
        parent = parent.parent
    return digest(
        base,
        page.file.src_uri,
        page.url,
        page.canonical_url or "",
        page.edit_url or "",
        str(page.title),
        json.dumps(page.meta, sort_keys=True, default=str),
        content_digest(page),
        json.dumps(toc_tokens(page.toc), sort_keys=True),
        url(page.previous_page),
        url(page.next_page),
        "|".join(parents),
        str(page.is_homepage),
    )


class CachingTemplate:
    """Wraps a Jinja template: pages with a stored output skip rendering."""

    def __init__(self, template: Any, plugin: Any) -> None:
        self.template = template
        self.plugin = plugin

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)

    def render(self, context: Any) -> str:
        page = context.get("page") if hasattr(context, "get") else None
        cache = self.plugin.cache
        if page is not None and page.file.src_uri in self.plugin.clean:
            return ""  # taken from the previous site (partial.py): MkDocs writes nothing
        if page is None or cache is None or page.file.src_uri not in self.plugin.render_keys:
            return self.template.render(context)
        key = page_key(page, self.plugin.template_base)
        output = cache.output(page.file.src_uri, key)
        if output is None:
            shells = self.plugin.shells
            if shells is None:
                output = self.template.render(context)
            else:
                output = shells.render(self.template, context, page)
            cache.store_output(page.file.src_uri, key, output)
        return output


class WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
