"""What ingestion did, per file and in total: every entry is accounted for.

Identity kept by construction: entries found = papers created + duplicates
merged + entries rejected.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rejection:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class FoundEntry:
    title: str
    line: int
    arxiv_id: str = ""


@dataclass
class FileReport:
    file: str
    format: str = ""
    entries_found: int = 0
    papers_created: int = 0
    duplicates_merged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # chrome/junk lines by kind
    rejected: list[Rejection] = field(default_factory=list)
    found: list[FoundEntry] = field(default_factory=list)
    error: str = ""  # the whole file could not be read
    warnings: list[str] = field(default_factory=list)
    # Lines joined to the abstract before them that could also have started an entry.
    ambiguous_joins: list[int] = field(default_factory=list)

    @property
    def entries_rejected(self) -> int:
        return len(self.rejected)

    def reject(self, line: int, reason: str) -> None:
        self.entries_found += 1
        self.rejected.append(Rejection(self.file, line, reason))

    def to_dict(self, with_papers: bool = True) -> dict:
        out = {
            "file": self.file,
            "format": self.format,
            "entries_found": self.entries_found,
            "papers_created": self.papers_created,
            "duplicates_merged": self.duplicates_merged,
            "entries_rejected": self.entries_rejected,
            "skipped": dict(sorted(self.skipped.items())),
            "rejected": [{"line": r.line, "reason": r.reason} for r in self.rejected],
        }
        if self.error:
            out["error"] = self.error
        if self.warnings:
            out["warnings"] = self.warnings
        if self.ambiguous_joins:
            out["ambiguous_joins"] = self.ambiguous_joins
        if with_papers:
            out["papers"] = [
                {"title": f.title, "arxiv_id": f.arxiv_id, "line": f.line} for f in self.found
            ]
        return out


@dataclass(frozen=True)
class Freshness:
    """How current the archive is, from the data (never from the build's clock)."""

    newest_day: str = ""  # the newest Daily Papers day file (YYYY-MM-DD)
    last_fetched: str = ""  # the latest fetch time in a fetch record (ISO, UTC)


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    freshness: Freshness = field(default_factory=Freshness)

    def _total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    @property
    def entries_found(self) -> int:
        return self._total("entries_found")

    @property
    def papers_created(self) -> int:
        return self._total("papers_created")

    @property
    def duplicates_merged(self) -> int:
        return self._total("duplicates_merged")

    @property
    def entries_rejected(self) -> int:
        return self._total("entries_rejected")

    @property
    def skipped(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for f in self.files:
            total.update(f.skipped)
        return total

    @property
    def rejections(self) -> list[Rejection]:
        return [r for f in self.files for r in f.rejected]

    @property
    def file_errors(self) -> list[FileReport]:
        return [f for f in self.files if f.error]

    @property
    def warnings(self) -> list[str]:
        return [f"{f.file}: {w}" for f in self.files for w in f.warnings]

    @property
    def has_problems(self) -> bool:
        return bool(self.entries_rejected or self.file_errors)

    def totals(self) -> dict:
        return {
            "files": len(self.files),
            "entries_found": self.entries_found,
            "papers_created": self.papers_created,
            "duplicates_merged": self.duplicates_merged,
            "entries_rejected": self.entries_rejected,
            "skipped": dict(sorted(self.skipped.items())),
            "file_errors": len(self.file_errors),
        }

    def to_dict(self, with_papers: bool = True) -> dict:
        return {
            "totals": self.totals(),
            "files": [f.to_dict(with_papers) for f in self.files],
        }
