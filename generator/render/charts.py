"""Static SVG charts for the stats page, drawn at build time (no CDN, no script)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from jinja2 import Environment, FileSystemLoader, select_autoescape

from generator.enrich import Catalogue
from generator.render.paths import TEMPLATES

LABEL_WIDTH = 300
LABEL_CHARS = 36  # 13px system-ui averages under 8px a character: 36 fit in 292px
BAR_AREA = 400
ROW = 22


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    length: float


def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["svg", "j2"]),
        keep_trailing_newline=True,
    )


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(title: str, rows: list[tuple[str, int]]) -> str:
    """Horizontal bars, one row per label, longest = BAR_AREA pixels."""
    top = max((v for _, v in rows), default=0) or 1
    bars = [
        Bar(_short(label), value, 8 + i * ROW, max(1.0, value / top * BAR_AREA))
        for i, (label, value) in enumerate(rows)
    ]
    height = 16 + len(bars) * ROW
    return (
        _env()
        .get_template("bar_chart.svg.j2")
        .render(
            title=title, bars=bars, height=height, label_width=LABEL_WIDTH, width=LABEL_WIDTH + 480
        )
    )


def month_of(paper) -> str:
    if paper.published[:7].count("-") == 1:
        return paper.published[:7]
    dates = [s.listing_date for s in paper.sources if s.listing_date]
    return dates[0][:7] if dates else "undated"


def stats_charts(cat: Catalogue) -> dict[str, tuple[str, list[tuple[str, int]]]]:
    """name -> (title, rows) for each chart; the stats page shows each as SVG and table."""
    taxonomy = cat.taxonomy
    areas = sorted(
        ((taxonomy.areas[a].name, len(ps)) for a, ps in cat.by_area.items()), key=lambda r: -r[1]
    )
    topics = sorted(
        ((taxonomy.topics[t].name, len(ps)) for t, ps in cat.by_topic.items()),
        key=lambda r: (-r[1], r[0]),
    )[:25]
    months = sorted(Counter(month_of(p) for p in cat.papers).items())
    with_code = sum(1 for p in cat.papers if p.code_url)
    code = [("With code", with_code), ("Without code", len(cat.papers) - with_code)]
    return {
        "areas": ("Papers per area", areas),
        "topics": ("Papers per topic (top 25)", topics),
        "months": ("Papers per month (publication, else listing date)", months[-36:]),
        "code": ("Papers with a code link", code),
    }


def render_charts(charts: dict[str, tuple[str, list[tuple[str, int]]]]) -> dict[str, str]:
    return {f"stats/{name}.svg": bar_chart(title, rows) for name, (title, rows) in charts.items()}
