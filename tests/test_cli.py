from __future__ import annotations

import json
import subprocess
import sys

from generator.cli import main
from tests.conftest import FIXTURES, LISTINGS, ROOT


def test_check_prints_counts_for_bundled_listings(capsys):
    assert main(["check", str(LISTINGS)]) == 0
    out = capsys.readouterr().out
    assert "303 entries found -> 296 papers created, 7 duplicates merged, 0 rejected" in out


def test_check_json_lists_every_paper_with_its_line(tmp_path):
    target = tmp_path / "report.json"
    assert main(["check", str(LISTINGS), "--json", str(target)]) == 0
    data = json.loads(target.read_text())
    assert data["totals"]["entries_found"] == 303
    first = data["files"][0]["papers"][0]
    assert first == {
        "title": "Cascaded Sparse Feature Propagation Network for Interactive Segmentation",
        "arxiv_id": "",
        "line": 3,
    }


def test_rejected_entries_give_exit_code_2(capsys):
    assert main(["check", str(FIXTURES / "title_without_abstract_at_end.txt")]) == 2
    assert "title with no abstract" in capsys.readouterr().out


def test_warnings_fail_only_with_strict():
    assert main(["check", str(FIXTURES / "latin1.txt")]) == 0
    assert main(["check", "--strict", str(FIXTURES / "latin1.txt")]) == 2


def test_missing_path_is_a_one_line_error(capsys):
    assert main(["check", "no/such/dir"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: no/such/dir: no such file or directory"]


def test_help_names_every_command():
    out = subprocess.run(
        [sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, cwd=ROOT
    ).stdout
    for word in ("build", "serve", "check", "listings"):
        assert word in out
