"""A BibTeX entry for papers whose authors and arXiv id are known."""

from __future__ import annotations

import re
import unicodedata

from generator.paper import Paper

_BIBTEX_SPECIAL = str.maketrans({"{": "(", "}": ")", "\\": "/", "%": r"\%", "&": r"\&"})


def _ascii_word(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z]+", text)
    return words[0].lower() if words else "paper"


def _field(value: str) -> str:
    """A field value that cannot close its braces early or start a LaTeX command."""
    return " ".join(value.split()).translate(_BIBTEX_SPECIAL)


def bibtex_entry(paper: Paper) -> str:
    if not (paper.authors and paper.arxiv_id):
        return ""
    year = paper.published[:4] if paper.published else "20" + paper.arxiv_id[:2]
    last_name = paper.authors[0].split()[-1] if paper.authors[0].split() else "anon"
    key = f"{_ascii_word(last_name)}{year}{_ascii_word(paper.title)}"
    authors = " and ".join(_field(a) for a in paper.authors)
    return (
        f"@article{{{key},\n"
        f"  title = {{{_field(paper.title)}}},\n"
        f"  author = {{{authors}}},\n"
        f"  journal = {{arXiv preprint arXiv:{paper.arxiv_id}}},\n"
        f"  year = {{{year}}},\n"
        f"  eprint = {{{paper.arxiv_id}}},\n"
        f"  archivePrefix = {{arXiv}},\n"
        f"  url = {{https://arxiv.org/abs/{paper.arxiv_id}}}\n"
        f"}}"
    )
