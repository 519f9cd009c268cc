"""Run-file retention, export arguments, one-line drops, a busy port, quick benchmarks, demo data apart."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newscrawl.__main__ import main as newscrawl_main
from newscrawl.cron.retention import LEDGER, prune, record_exported
from devtools.demo import DEMO_OUT
from tests.conftest import PROJECT
from tests.export_helpers import run_export
from tests.cron.test_cron import cron

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


def stamp(hours_ago: float) -> str:
    return (NOW - timedelta(hours=hours_ago)).strftime("%Y%m%dT%H%M%SZ")


def make_run(root: Path, name: str, records: int) -> list[Path]:
    """A finished run's files; a run without records has no .jsonl (cron writes none)."""
    files = [root / f"{name}.report.json", root / f"{name}.log"]
    for path in files:
        path.write_text("{}", encoding="utf-8")
    if records:
        jsonl = root / f"{name}.jsonl"
        jsonl.write_text('{"url": "u"}\n' * records, encoding="utf-8")
        files.append(jsonl)
    return files


def exported(data_dir: Path, names: list[str]) -> None:
    """What a successful unfiltered export leaves: a dataset on disk holding *names* in full, and the ledger."""
    files = [{"file": name, "lines": 1, "bad": 0, "filtered": 0} for name in names]
    dataset = data_dir.parent / "dataset"
    dataset.mkdir(exist_ok=True)
    (dataset / "stats.json").write_text(json.dumps({"input": {"files": files}}), encoding="utf-8")
    record_exported(data_dir, files, dataset, NOW)


@pytest.fixture
def runs_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data" / "islamtimes"
    root.mkdir(parents=True)
    for keep in ("seen.sqlite3", "cron.lock", f"{stamp(0.5)}.jsonl.part"):
        (root / keep).write_text("x", encoding="utf-8")
    (root / "job").mkdir()
    return root


def test_prune_removes_only_old_runs_whose_records_an_export_read(runs_dir: Path):
    empty_old = make_run(runs_dir, stamp(72), 0)
    exported_old = make_run(runs_dir, stamp(71), 3)
    unexported_old = make_run(runs_dir, stamp(70), 2)
    recent = make_run(runs_dir, stamp(1), 4)
    current = make_run(runs_dir, stamp(0), 0)
    exported(runs_dir.parent, [f"islamtimes/{stamp(71)}.jsonl", f"islamtimes/{stamp(1)}.jsonl"])

    removed, unexported = prune(runs_dir, keep_runs=None, keep_days=2, current=stamp(0), now=NOW)

    assert sorted(removed) == sorted(empty_old + exported_old)
    assert unexported == [stamp(70)]
    assert all(path.exists() for path in unexported_old + recent + current)
    for never in ("seen.sqlite3", "cron.lock", f"{stamp(0.5)}.jsonl.part", "job"):
        assert (runs_dir / never).exists()
    ledger = json.loads((runs_dir / LEDGER).read_text(encoding="utf-8"))
    assert set(ledger) == {f"{stamp(1)}.jsonl"}  # the removed file's entry went with it


def test_keep_runs_counts_the_current_run_and_both_limits_must_be_passed(runs_dir: Path):
    for hours in (5, 4, 3, 2, 1):
        make_run(runs_dir, stamp(hours), 0)
    removed, _ = prune(runs_dir, keep_runs=3, keep_days=None, current=stamp(0), now=NOW)
    assert {path.name.split(".")[0] for path in removed} == {stamp(5), stamp(4), stamp(3)}
    removed, _ = prune(runs_dir, keep_runs=1, keep_days=1, current=stamp(0), now=NOW)
    assert removed == []  # older than one run, but not older than one day


def test_a_file_that_grew_after_the_export_is_kept(runs_dir: Path):
    files = make_run(runs_dir, stamp(100), 2)
    exported(runs_dir.parent, [f"islamtimes/{stamp(100)}.jsonl"])
    with (runs_dir / f"{stamp(100)}.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"url": "v"}\n')
    removed, unexported = prune(runs_dir, keep_runs=None, keep_days=1, current=stamp(0), now=NOW)
    assert removed == [] and unexported == [stamp(100)] and all(path.exists() for path in files)


def test_cron_keep_runs_end_to_end(tmp_path: Path, mirror):
    data = tmp_path / "data"
    first = cron(data, mirror.base_url)
    assert first.returncode == 0, first.stderr
    before = sorted(p.name for p in (data / "islamtimes").iterdir())
    second = cron(data, mirror.base_url, "--keep-runs", "1")  # nothing new; the first run is not exported yet
    assert second.returncode == 0, second.stderr
    assert "kept 1 old runs whose records no export has read yet" in second.stderr
    assert set(before) <= {p.name for p in (data / "islamtimes").iterdir()}
    status, _ = run_export(data, tmp_path / "dataset", "--include-undated")
    assert status == 0
    third = cron(data, mirror.base_url, "--keep-runs", "1")
    assert third.returncode == 0, third.stderr
    left = sorted(p.name for p in (data / "islamtimes").iterdir() if p.name[0].isdigit())
    assert len(left) == 2 and all(name.endswith((".report.json", ".log")) for name in left)  # only the third run
    assert (data / "islamtimes" / "seen.sqlite3").exists()


# -- export arguments ----------------------------------------------------------------------------

@pytest.fixture
def small_data(tmp_path: Path) -> Path:
    from tests.export_helpers import CHINA, CRICKET, article, write_run

    data = tmp_path / "data"
    write_run(data / "islamtimes" / "20250301T000000Z.jsonl", [article(1, CHINA), article(2, CRICKET)])
    return data


def test_export_site_option_takes_one_value_so_data_dir_after_it_is_a_path(small_data, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./data to fall back on would hide a swallowed path
    out = tmp_path / "ds"
    assert newscrawl_main(["export", "--site", "islamtimes", str(small_data), "--out", str(out)]) == 0
    assert (out / "articles.jsonl.gz").exists()
    assert f"{small_data}" in json.loads((out / "stats.json").read_text(encoding="utf-8"))["input"]["data_dir"]


def test_export_refuses_an_unknown_site_and_an_inverted_range(small_data, tmp_path, capsys):
    status, _ = run_export(small_data, tmp_path / "x", "--site", "islamtims")
    err = capsys.readouterr().err
    assert status == 2 and "'islamtims'" in err and "islamtimes" in err
    status, _ = run_export(small_data, tmp_path / "y", "--since", "2025-03-02", "--until", "2025-03-01")
    err = capsys.readouterr().err
    assert status == 2 and "--since 2025-03-02 is after --until 2025-03-01" in err
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_export_notes_what_it_read_for_retention(small_data, tmp_path):
    status, _ = run_export(small_data, tmp_path / "ds")
    assert status == 0
    ledger = json.loads((small_data / "islamtimes" / LEDGER).read_text(encoding="utf-8"))
    size = (small_data / "islamtimes" / "20250301T000000Z.jsonl").stat().st_size
    assert ledger["20250301T000000Z.jsonl"]["size"] == size


# -- one line per dropped item ------------------------------------------------------------------

def test_a_dropped_duplicate_is_one_log_line_without_the_item():
    from scrapy.utils.test import get_crawler

    from newscrawl.crawler.logformatter import OneLineLogFormatter
    from newscrawl.crawler.drops import DuplicateArticle
    from newscrawl.spiders.islamtimes import IslamTimesSpider

    crawler = get_crawler(IslamTimesSpider)
    spider = IslamTimesSpider.from_crawler(crawler)
    item = {"url": "https://www.islamtimes.com/ur/news/1/x", "body": "پہلا پیراگراف\n\nدوسرا پیراگراف\n\n" * 20}
    error = DuplicateArticle("duplicate content_hash of https://www.islamtimes.com/ur/news/2/y")
    result = OneLineLogFormatter().dropped(item, error, None, spider)
    line = result["msg"] % result["args"]
    assert line == "Dropped: duplicate content_hash of https://www.islamtimes.com/ur/news/2/y"
    assert result["level"] == logging.WARNING
    from newscrawl.config import project_settings

    assert project_settings()["LOG_FORMATTER"] == "newscrawl.crawler.logformatter.OneLineLogFormatter"


def test_crawled_and_scraped_lines_are_built_only_when_a_handler_takes_debug():
    from scrapy import Request
    from scrapy.http import HtmlResponse

    from newscrawl.crawler.logformatter import OneLineLogFormatter

    formatter, request = OneLineLogFormatter(), Request("https://www.islamtimes.com/ur/news/1/x")
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    root = logging.getLogger()
    saved = root.level, root.handlers[:]
    try:
        root.setLevel(logging.DEBUG)
        root.handlers[:] = [logging.NullHandler(logging.INFO)]  # LOG_LEVEL=INFO: DEBUG records are dropped
        assert formatter.crawled(request, response, None) is None and formatter.scraped({}, response, None) is None
        root.handlers.append(logging.NullHandler(logging.DEBUG))  # LOG_LEVEL=DEBUG, or a test's caplog
        assert formatter.crawled(request, response, None)["level"] == logging.DEBUG
        assert formatter.scraped({}, response, None)["level"] == logging.DEBUG
    finally:
        root.level, root.handlers[:] = saved


# -- serve on a busy port; quick benchmarks; demo data ------------------------------------------

def test_serve_on_a_busy_port_is_one_line_and_exit_2(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert newscrawl_main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"127.0.0.1:{port}" in err and "--port" in err


def test_quick_benchmarks_do_not_overwrite_the_tracked_results(monkeypatch, tmp_path):
    from benchmarks import run

    monkeypatch.setattr(run, "RESULTS", tmp_path)
    assert run.main(["--quick", "--only", "dates"]) == 0
    assert (tmp_path / "quick.json").exists() and not (tmp_path / "latest.json").exists()


def test_demo_output_stays_out_of_live_data(tmp_path):
    """The demo's mirror records (127.0.0.1 URLs) never land in data/, which export reads by default."""
    done = subprocess.run([sys.executable, "-m", "newscrawl", "demo"], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not (tmp_path / "data").exists()
    written = (tmp_path / DEMO_OUT).read_text(encoding="utf-8").splitlines()
    assert len(written) == 46 and "articles written : 46" in done.stdout
    assert f"/{DEMO_OUT.parts[0]}/" in (PROJECT / ".gitignore").read_text(encoding="utf-8")
