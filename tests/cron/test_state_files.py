"""Damaged state files: no traceback, no silent reset of the seen-store (issue 24, case 12, in part)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newscrawl.cron.coverage import load_history
from newscrawl.cron.lock import _read_holder
from newscrawl.spiders.islamtimes import IslamTimesSpider
from newscrawl.state.sqlite import SqliteSeenStore


def test_a_zero_byte_seen_store_is_damage_not_a_fresh_start(tmp_path: Path) -> None:
    path = tmp_path / "seen.sqlite3"
    path.write_bytes(b"")  # truncated: SQLite would open it as a new, empty store and re-export everything
    stats = MemoryStatsCollector(get_crawler(IslamTimesSpider))
    store = SqliteSeenStore.open(path, stats)
    store.close()
    assert stats.get_value("newscrawl/seen/store_recreated") == 1  # the run is unhealthy, exit 6
    assert [p.name.split(".corrupt-")[0] for p in tmp_path.glob("seen.sqlite3.corrupt-*")] == ["seen.sqlite3"]


def test_coverage_history_of_the_wrong_shape_is_no_history(tmp_path: Path) -> None:
    path = tmp_path / "coverage.json"
    for content in ({"runs": 5}, [1], 5, {"runs": [1, {"coverage": 3}]}):
        path.write_text(json.dumps(content), encoding="utf-8")
        assert load_history(path) == []


def test_a_lock_file_of_the_wrong_shape_names_no_holder(tmp_path: Path) -> None:
    path = tmp_path / "cron.lock"
    for content in (b"1", b"[1]", b'"x"', b"\xff"):
        path.write_bytes(content)
        fd = os.open(path, os.O_RDONLY)
        try:
            assert _read_holder(fd) == {}
        finally:
            os.close(fd)


def test_a_damaged_dropped_pages_file_is_named_not_silently_reset(tmp_path: Path, caplog) -> None:
    from newscrawl.crawler.dropped import DroppedPages

    path = tmp_path / "dropped.json"
    for content in (b"\x00garbage", b'{"pages": 5}', b"[1]"):
        path.write_bytes(content)
        crawler = get_crawler(IslamTimesSpider, {"NEWSCRAWL_HEALTH_DROPPED_PATH": str(path)})
        crawler.stats.open_spider()
        extension = DroppedPages.from_crawler(crawler)
        caplog.clear()
        extension.spider_opened()
        assert crawler.stats.get_value("newscrawl/health/dropped_unreadable") == 1
        assert str(path) in caplog.text and "delete it" in caplog.text


def test_an_unreadable_dropped_file_is_no_false_layout_alarm() -> None:
    from scrapy.settings import Settings

    from newscrawl.rules.health import judge

    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    stats = {"finish_reason": "finished", "response_received_count": 20, "downloader/response_status_count/200": 20,
             "newscrawl/validated": 12, "newscrawl/dropped/short_body": 10, "newscrawl/health/dropped_unreadable": 1}
    status, reason, code = judge(stats, 0, settings)
    assert code == 6 and "dropped.json was unreadable" in reason  # known junk pages cannot be told from new ones


def test_a_queue_state_naming_missing_queues_starts_afresh_not_resumes_forever(tmp_path: Path, capsys) -> None:
    from newscrawl.cron.recovery import prepare_jobdir

    jobdir = tmp_path / "job"
    (jobdir / "requests.queue").mkdir(parents=True)
    (jobdir / "requests.queue" / "active.json").write_text("[1]", encoding="utf-8")
    assert prepare_jobdir(jobdir) == (False, True)  # no resume; walk every listing page
    assert "active.json" in capsys.readouterr().err and not jobdir.exists()
    (jobdir / "requests.queue" / "1").mkdir(parents=True)  # a real queue of priority 1: resumed
    (jobdir / "requests.queue" / "active.json").write_text("[1]", encoding="utf-8")
    assert prepare_jobdir(jobdir) == (True, False)


def test_every_damaged_state_file_is_named_once_and_the_run_exits_6_then_heals(tmp_path: Path, mirror) -> None:
    """A cron run meeting each damaged state file of case 12 goes through, names each file on one line
    with what it did, exits 6 (docs/exit-codes.md); nothing is re-exported and the next run is healthy."""
    from tests.cron.test_cron import cron, runs

    data = tmp_path / "data"
    first = cron(data, mirror.base_url)
    assert first.returncode == 0, first.stderr
    written = sum(len(records) for _, records, _ in runs(data))
    assert written > 10
    root = data / "islamtimes"
    # active.json makes the run walk everything (no discovery cut, so no report read): a round of its own
    for damaged in (
        {
            "cron.lock": b"1",
            "20200101T000000Z.report.json": b"[]",
            "20200101T000001Z.report.json": json.dumps({"run": {"status": "ok", "start": 5}}).encode(),
            "coverage.json": json.dumps({"runs": 5}).encode(),
            ".exported.json": json.dumps({"x.jsonl": 5}).encode(),
            "dropped.json": b"\x00garbage",
        },
        {"job/requests.queue/active.json": b"[1]"},
    ):
        for name, content in damaged.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(content)
        bad = cron(data, mirror.base_url, "--keep-runs", "5")
        assert bad.returncode == 6, bad.stderr
        lines = bad.stderr.splitlines()
        verdict = next(line for line in lines if "exit 6)" in line)
        for name in damaged:
            if name != "dropped.json":  # read by the crawl: named in its log, the verdict says what it means
                assert sum(str(root / name) in line for line in lines if line.startswith("newscrawl: ")) == 1, name
            assert name.rsplit("/", 1)[-1] in verdict
        assert sum(len(records) for _, records, _ in runs(data)) == written  # the seen-store was not reset

        healed = cron(data, mirror.base_url, "--keep-runs", "5")
        assert healed.returncode == 0, healed.stderr
        assert not [line for line in healed.stderr.splitlines() if line.startswith("newscrawl: ")]
    assert sorted(p.name.split(".corrupt-")[0] for p in root.glob("*.corrupt-*")) == [
        "20200101T000000Z.report.json", "20200101T000001Z.report.json", "coverage.json"]  # kept, never deleted
