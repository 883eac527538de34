"""Fuzz every parser with hypothesis: 10,000 cases per property by default.

    python benchmarks/fuzz_parsers.py [CASES]

Runs tests/test_properties.py (text parser, JSON parsers, YAML/JSON readers on
arbitrary text, Markdown escaping) with FUZZ_EXAMPLES=CASES and prints the
statistics hypothesis collects. CI runs the same properties with 150 cases.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    cases = argv[0] if argv else "10000"
    env = {**os.environ, "FUZZ_EXAMPLES": cases}
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "tests/test_properties.py", "--hypothesis-show-statistics",
    ]  # fmt: skip
    print(f"fuzzing with {cases} cases per property")
    return subprocess.run(command, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
