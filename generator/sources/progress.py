"""A one-line progress bar on stderr: redrawn in place on a terminal, else a line per step."""

from __future__ import annotations

import sys
from collections import Counter
from typing import TextIO


class Progress:
    def __init__(
        self,
        total: int,
        label: str,
        outcomes: tuple[str, ...],
        stream: TextIO | None = None,
        quiet: bool = False,
    ) -> None:
        self.total = total
        self.outcomes = outcomes
        self.label = label
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.done = 0
        self.counts: Counter[str] = Counter({name: 0 for name in outcomes})
        self._tty = self.stream.isatty()

    def step(self, outcome: str, item: str) -> None:
        self.done += 1
        self.counts[outcome] += 1
        if self.quiet:
            return
        width = 24
        filled = width * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (width - filled)
        line = f"[{bar}] {self.done}/{self.total} {self.label}  {self.summary()}  {item}"
        if self._tty:
            self.stream.write(f"\r{line[:120]:<120}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def summary(self) -> str:
        names = list(self.outcomes) + sorted(set(self.counts) - set(self.outcomes))
        return ", ".join(f"{name} {self.counts[name]}" for name in names)

    def close(self) -> None:
        if self._tty and not self.quiet:
            self.stream.write("\n")
            self.stream.flush()
