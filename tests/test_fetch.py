"""`fetch` against a local stand-in for the HF API: files, idempotence and each fault."""

from __future__ import annotations

import datetime as dt
import json
import time

import httpx
import pytest

from generator.cli import main
from generator.ingest import ingest_paths
from generator.sources.fetch import FETCH_RECORD, date_range, default_since, fetch_range
from generator.sources.http import USER_AGENT, PoliteClient, Politeness, server_wait
from tests.hf_server import FakeHub, fake_hub, recorded_days

FAST = Politeness(rate=200, attempts=3, backoff=0.01, max_backoff=0.05, timeout=0.5)
TODAY = dt.date(2026, 6, 30)  # far after the recorded days: none of them still changing
D12, D13, D14 = (dt.date(2026, 5, d) for d in (12, 13, 14))


def run(hub: FakeHub, folder, days, today=TODAY, politeness=FAST, refresh=False):
    with PoliteClient(politeness) as client:
        outcomes = fetch_range(client, hub.url, list(days), folder, today, refresh)
    return {o.day.isoformat(): o for o in outcomes}, client


def files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_range_writes_one_file_per_day_and_builds_every_paper(tmp_path):
    with fake_hub() as hub:
        outcomes, _ = run(hub, tmp_path, date_range(D12, dt.date(2026, 5, 17)))
    assert all(o.outcome == "fetched" for o in outcomes.values())
    assert files(tmp_path) == [f"2026-05-{d}.json" for d in range(12, 18)] + [FETCH_RECORD]
    recorded = recorded_days()
    for day, items in recorded.items():
        assert json.loads((tmp_path / f"{day}.json").read_text()) == items
    assert json.loads((tmp_path / "2026-05-16.json").read_text()) == []  # a weekend
    ids = {item["paper"]["id"] for items in recorded.values() for item in items}
    collection, report = ingest_paths([tmp_path])
    assert {p.arxiv_id for p in collection} == ids
    assert report.entries_rejected == 0 and not report.file_errors


def test_second_run_asks_nothing_for_past_days(tmp_path):
    with fake_hub() as hub:
        run(hub, tmp_path, [D12, D13])
        before = len(hub.requests)
        outcomes, client = run(hub, tmp_path, [D12, D13])
    assert len(hub.requests) == before and client.requests == 0
    assert {o.outcome for o in outcomes.values()} == {"skipped"}


def test_today_and_two_days_before_are_fetched_again(tmp_path):
    with fake_hub() as hub:
        run(hub, tmp_path, [D12, D13, D14], today=D14)
        outcomes, _ = run(hub, tmp_path, [dt.date(2026, 5, 11), D12, D13, D14], today=D14)
    assert [o.outcome for o in outcomes.values()] == ["fetched", "fetched", "fetched", "fetched"]
    outcomes, _ = (None, None)
    with fake_hub() as hub:
        outcomes, _ = run(hub, tmp_path, [D12, D13, D14], today=dt.date(2026, 5, 16))
    assert [o.outcome for o in outcomes.values()] == ["skipped", "skipped", "fetched"]


def test_refresh_fetches_past_days_again(tmp_path):
    with fake_hub() as hub:
        run(hub, tmp_path, [D12])
        outcomes, _ = run(hub, tmp_path, [D12], refresh=True)
    assert outcomes["2026-05-12"].outcome == "fetched"


def test_a_full_page_pages_on_until_a_short_one(tmp_path):
    items = ([item for day in recorded_days().values() for item in day] * 2)[:120]
    with fake_hub(FakeHub({"2026-05-12": items})) as hub:
        run(hub, tmp_path, [D12])
    assert [q["p"] for q in hub.requests_for("/api/daily_papers")] == ["0", "1", "2"]
    assert json.loads((tmp_path / "2026-05-12.json").read_text()) == items


def test_an_empty_day_is_recorded_and_not_asked_again(tmp_path):
    sunday = dt.date(2026, 5, 17)
    with fake_hub() as hub:
        run(hub, tmp_path, [sunday])
        run(hub, tmp_path, [sunday])
    assert len(hub.requests) == 1
    assert (tmp_path / "2026-05-17.json").read_text() == "[]\n"
    assert json.loads((tmp_path / FETCH_RECORD).read_text())["days"]["2026-05-17"]["items"] == 0


def test_429_waits_as_long_as_retry_after_says(tmp_path):
    with fake_hub() as hub:
        hub.faults["2026-05-12"] = [("status", 429, {"Retry-After": "1"}, "slow down")]
        start = time.monotonic()
        outcomes, client = run(hub, tmp_path, [D12])
        waited = time.monotonic() - start
    assert outcomes["2026-05-12"].outcome == "fetched" and client.retries == 1
    assert waited >= 0.95
    assert files(tmp_path) == ["2026-05-12.json", FETCH_RECORD]


def test_server_wait_reads_http_dates_and_ratelimit_headers():
    later = "Wed, 21 Oct 2026 07:28:30 GMT"
    now = dt.datetime(2026, 10, 21, 7, 28, 0, tzinfo=dt.UTC).timestamp()
    assert server_wait(httpx.Response(429, headers={"Retry-After": later}), now) == 30
    ratelimit = {"RateLimit": '"api";r=0;t=42', "RateLimit-Policy": '"api";q=500;w=300'}
    assert server_wait(httpx.Response(429, headers=ratelimit)) == 42
    assert server_wait(httpx.Response(429)) is None


def test_500_then_success_retries(tmp_path):
    with fake_hub() as hub:
        hub.faults["2026-05-12"] = [("status", 500, {}, "oops"), ("status", 503, {}, "busy")]
        outcomes, client = run(hub, tmp_path, [D12])
    assert outcomes["2026-05-12"].outcome == "fetched"
    assert client.retries == 2 and len(hub.requests) == 3


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (("body", '[{"paper": {"id": "2605.1'), "invalid or truncated JSON"),
        (("body", "<!doctype html><html><body>Log in</body></html>"), "not JSON"),
        (("body", '{"error": "Invalid date"}'), "expected a JSON array"),
        (("body", '[{"title": "no paper object"}]'), "no paper.id"),
    ],
)
def test_bad_body_fails_the_day_and_writes_nothing(tmp_path, fault, reason):
    with fake_hub() as hub:
        hub.faults["2026-05-13"] = [fault]
        outcomes, _ = run(hub, tmp_path, [D12, D13, D14])
    assert outcomes["2026-05-13"].outcome == "failed"
    assert reason in outcomes["2026-05-13"].reason
    assert files(tmp_path) == ["2026-05-12.json", "2026-05-14.json", FETCH_RECORD]
    assert "2026-05-13" not in json.loads((tmp_path / FETCH_RECORD).read_text())["days"]


def test_connection_reset_is_retried(tmp_path):
    with fake_hub() as hub:
        hub.faults["2026-05-12"] = [("reset",)]
        outcomes, client = run(hub, tmp_path, [D12])
    assert outcomes["2026-05-12"].outcome == "fetched" and client.retries == 1


def test_resets_past_the_attempt_limit_fail_the_day(tmp_path):
    with fake_hub() as hub:
        hub.faults["2026-05-12"] = [("reset",)] * 3
        outcomes, client = run(hub, tmp_path, [D12, D13])
    assert outcomes["2026-05-12"].outcome == "failed"
    assert "after 3 attempts" in outcomes["2026-05-12"].reason
    assert client.retries == 2
    assert files(tmp_path) == ["2026-05-13.json", FETCH_RECORD]


def test_a_response_slower_than_the_timeout_is_retried_then_fails(tmp_path):
    with fake_hub() as hub:
        hub.faults["2026-05-12"] = [("slow", 1.0)] * 3
        outcomes, client = run(hub, tmp_path, [D12])
    assert outcomes["2026-05-12"].outcome == "failed"
    assert "timed out" in outcomes["2026-05-12"].reason and client.retries == 2
    assert files(tmp_path) == []


def test_rate_caps_requests_per_second(tmp_path):
    with fake_hub() as hub:
        start = time.monotonic()
        run(hub, tmp_path, date_range(D12, dt.date(2026, 5, 16)), politeness=Politeness(rate=10))
        elapsed = time.monotonic() - start
    assert len(hub.requests) == 5 and elapsed >= 0.4  # 5 requests, 0.1 s apart at least


def test_user_agent_names_the_project(tmp_path):
    with fake_hub() as hub:
        run(hub, tmp_path, [D12])
    assert hub.requests[0][2]["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("paper-site-generator/")


def test_default_since_is_after_the_newest_file_or_two_days_back(tmp_path):
    today = dt.date(2026, 5, 20)
    assert default_since(tmp_path, today) == today
    (tmp_path / "2026-05-12.json").write_text("[]")
    assert default_since(tmp_path, today) == dt.date(2026, 5, 13)
    (tmp_path / "2026-05-19.json").write_text("[]")
    assert default_since(tmp_path, today) == dt.date(2026, 5, 18)


def test_cli_fetch_exits_1_naming_each_failed_date(tmp_path, capsys):
    out = tmp_path / "hf"
    with fake_hub() as hub:
        hub.faults["2026-05-13"] = [("body", "<html>error</html>")]
        code = main(
            ["fetch", "--since", "2026-05-12", "--until", "2026-05-14", "--out", str(out),
             "--base-url", hub.url, "--rate", "50", "--today", "2026-06-30"]
        )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "2026-05-13: page 0: not JSON" in err
    assert "fetched 2, skipped 0, failed 1" in err
    assert files(out) == ["2026-05-12.json", "2026-05-14.json", FETCH_RECORD]


def test_cli_fetch_reads_the_base_url_from_the_environment(tmp_path, monkeypatch):
    with fake_hub() as hub:
        monkeypatch.setenv("PAPER_SITE_HF_BASE_URL", hub.url)
        code = main(["-q", "fetch", "--date", "2026-05-12", "--out", str(tmp_path), "--rate", "50"])
    assert code == 0 and (tmp_path / "2026-05-12.json").exists()
