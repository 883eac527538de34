"""The project's own hand-curated listing format (YAML or JSON).

    papers:
      - title: ProPainter: Improving Propagation and Transformer for Video Inpainting
        abstract: Flow-based propagation and ...
        arxiv_id: "2309.03897"        # optional
        authors: [Shangchen Zhou, ...]  # optional
        published: 2023-09-07         # optional
        github: https://github.com/sczhou/ProPainter   # optional
        project_page: https://...     # optional
        tags: [video inpainting]      # optional, added to detected tags

A bare list of such objects is accepted too.
"""

from __future__ import annotations

from typing import Any

import yaml

from generator.ingest.clean import clean_abstract, clean_text, extract_links, is_safe_url
from generator.ingest.fields import as_list, as_text
from generator.ingest.hf_json import load_json
from generator.ingest.report import FileReport
from generator.paper import Paper, Source


def _load(text: str, report: FileReport, yaml_syntax: bool) -> Any | None:
    if not yaml_syntax:
        return load_json(text, report)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        report.error = f"invalid YAML{where}: {getattr(exc, 'problem', exc)}"
        return None


def parse_own_listing(text: str, file: str, report: FileReport, yaml_syntax: bool) -> list[Paper]:
    data = _load(text, report, yaml_syntax)
    if data is None:
        return []
    if isinstance(data, dict):
        data = data.get("papers")
    if not isinstance(data, list):
        report.error = "expected a list of papers, or a mapping with a 'papers' list"
        return []
    papers = []
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            report.reject(index, f"item {index}: not a mapping with title and abstract")
            continue
        title, abstract = clean_text(as_text(item.get("title"))), as_text(item.get("abstract"))
        if not title or not clean_abstract(abstract):
            report.reject(index, f"item {index}: needs both 'title' and 'abstract'")
            continue
        authors = [
            clean_text(as_text(a)) for a in as_list(item.get("authors")) if as_text(a).strip()
        ]
        github, project = as_text(item.get("github")), as_text(item.get("project_page"))
        papers.append(
            Paper(
                title=title,
                abstract=clean_abstract(abstract),
                sources=[Source(file, index, as_text(item.get("listing_date")), kind="listing")],
                arxiv_id=as_text(item.get("arxiv_id")).strip(),
                authors=authors,
                num_authors=len(authors),
                published=as_text(item.get("published"))[:10],
                github_repo=github if is_safe_url(github) else "",
                project_page=project if is_safe_url(project) else "",
                links=extract_links(abstract),
                keywords=[clean_text(as_text(t)) for t in as_list(item.get("tags")) if as_text(t)],
            )
        )
    return papers
