"""newscrawl status: figures from generated run histories, hostile and broken files, the page, the metrics."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

from prometheus_client.parser import text_string_to_metric_families

from devtools.history import STAMP, report, write_history, write_run
from newscrawl.status import metrics, runs
from newscrawl.status.aggregate import DAYS
from newscrawl.status.collect import collect
from newscrawl.status.page import render
from tests.conftest import PROJECT

NOW = datetime(2026, 3, 2, 12, 17, tzinfo=timezone.utc)
HOSTILE = '<script>alert("x")</script>\u202e\u200f\nline two & "quotes"'


def status_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl", "status", *args], cwd=PROJECT, capture_output=True, text=True, timeout=120
    )


def site(status: dict, name: str) -> dict:
    return next(entry for entry in status["sites"] if entry["site"] == name)


def test_the_stamp_format_is_crons():
    from newscrawl.cron.files import STAMP as CRON_STAMP
    from newscrawl.cron.retention import LEDGER
    from newscrawl.status.collect import LEDGER as STATUS_LEDGER

    assert runs.STAMP == CRON_STAMP == STAMP and STATUS_LEDGER == LEDGER


def test_a_month_of_hourly_runs_counts_per_day_24h_7d_and_the_usual_day(tmp_path):
    write_history(tmp_path, sites=2, days=40, now=NOW)
    status = collect(tmp_path, now=NOW)
    islamtimes, broken = site(status, "islamtimes"), site(status, "bbcurdu")
    reports = sorted((tmp_path / "islamtimes").glob("*.report.json"))
    records = {p.name[:16]: json.loads(p.read_text(encoding="utf-8"))["run"]["records_written"] for p in reports}
    day_cut = (NOW - timedelta(days=1)).strftime(STAMP)
    assert islamtimes["articles_24h"] == sum(n for stamp, n in records.items() if stamp >= day_cut)
    today = NOW.strftime("%Y%m%d")
    assert islamtimes["per_day"][-1] == {
        "day": NOW.strftime("%Y-%m-%d"),
        "records": sum(n for stamp, n in records.items() if stamp.startswith(today)),
        "runs": 13,  # 00:17 to 12:17
        "pages": islamtimes["per_day"][-1]["pages"],
        "worst": 0,
    }
    assert len(islamtimes["per_day"]) == DAYS and islamtimes["per_day"][0]["runs"] == 0  # 40 days of history
    assert islamtimes["usual_per_day"] is not None and 24 * 2 < islamtimes["usual_per_day"] < 24 * 10
    assert islamtimes["mark"] == "green" and islamtimes["why"] == "healthy"
    assert broken["mark"] == "red" and broken["why"].startswith("layout changed: 9 of 9")
    assert broken["last_healthy"]["stamp"] == (NOW - timedelta(hours=3)).strftime(STAMP)
    assert [entry["site"] for entry in status["sites"]] == ["bbcurdu", "islamtimes"]  # red first
    strips = islamtimes["coverage"]
    assert len(strips["runs"]) == 48 and strips["fields"]["keywords"][-1] == 0.9
    per_day = {day["day"].replace("-", ""): day["records"] for day in islamtimes["per_day"] if day["runs"]}
    by_day: dict[str, int] = {}
    for stamp, n in records.items():
        by_day[stamp[:8]] = by_day.get(stamp[:8], 0) + n
    assert per_day == by_day  # 40 days: the older 25 folded per day in the cache, the last 15 single runs
    cache = json.loads((tmp_path / "islamtimes" / runs.CACHE).read_text(encoding="utf-8"))
    assert 24 * 24 < len(cache["folded"]) < 26 * 24 and len(cache["reports"]) < 16 * 24
    again = site(collect(tmp_path, now=NOW), "islamtimes")  # from the cache alone
    assert again == islamtimes


def test_fewer_articles_than_half_the_usual_day_is_amber(tmp_path):
    root = tmp_path / "express"
    for hours in range(24 * 30, 0, -6):  # four runs a day, 20 articles each, then a quiet day
        start = NOW - timedelta(hours=hours)
        write_run(root, report("express", start, 20 if hours > 24 else 1))
    entry = site(collect(tmp_path, now=NOW), "express")
    assert entry["usual_per_day"] == 80.0 and entry["articles_24h"] == 4
    assert entry["mark"] == "amber" and entry["why"] == "articles fell: 4 in the last 24 h, usually 80 a day"


def test_no_run_for_a_day_is_amber(tmp_path):
    write_history(tmp_path, sites=1, days=3, now=NOW - timedelta(days=1))
    entry = site(collect(tmp_path, now=NOW), "islamtimes")
    assert entry["mark"] == "amber" and entry["why"].startswith("no run since 2026-03-01T12:17:00")


def test_corrupt_missing_and_hostile_runs_are_shown_as_such(tmp_path):
    root = tmp_path / HOSTILE.replace("\n", " ").replace("/", "_")
    first = NOW - timedelta(hours=3)
    write_run(root, report("x", first, 5, reason=HOSTILE, status=HOSTILE, code=9), headlines=(HOSTILE, "خبر"))
    (root / f"{(NOW - timedelta(hours=2)).strftime(STAMP)}.report.json").write_text('{"run": ', encoding="utf-8")
    (root / f"{(NOW - timedelta(hours=1)).strftime(STAMP)}.log").write_text("killed\n", encoding="utf-8")
    odd = report("x", NOW, 3)
    odd["run"].update(pages_fetched="<b>", records_written=-4, dropped={"<i>": "many", HOSTILE: 2}, coverage=[1])
    write_run(root, odd)
    entry = collect(tmp_path, now=NOW)["sites"][0]
    statuses = [(row["status"], row["reason"][:22]) for row in entry["last_runs"]]
    assert statuses == [
        ("ok", "healthy"),
        ("no report", "the run left no report"),
        ("corrupt", "report is not JSON: Ex"),
        (HOSTILE.replace("\n", " ").replace("\u202e", " ")[:20], HOSTILE.replace("\n", " ").replace("\u202e", " ")[:22]),
    ]
    assert entry["last_runs"][0]["pages"] == 0 and entry["last_runs"][0]["records"] == 0
    assert list(entry["last_runs"][0]["dropped"]) == [HOSTILE.replace("\n", " ").replace("\u202e", " ")[:80]]
    assert entry["mark"] == "green"  # the last run is fine; the broken ones are in its table
    html = render(collect(tmp_path, now=NOW))
    assert "<script" not in html.lower() and "\u202e" not in html
    assert html.count("&lt;script&gt;") >= 4  # site name, reason, status, headline, drop reason
    parser = TagCounter()
    parser.feed(html)
    assert parser.tags["script"] == 0 and parser.tags["svg"] >= 5
    metrics_text = metrics.exposition(collect(tmp_path, now=NOW, write_cache=False))
    families = {family.name: family for family in text_string_to_metric_families(metrics_text)}
    (sample,) = families["newscrawl_site_state"].samples
    assert sample.labels["site"] == entry["site"] and sample.value == 0


def test_a_run_whose_reports_were_pruned_stays_in_the_history(tmp_path):
    write_history(tmp_path, sites=1, days=2, now=NOW)
    before = site(collect(tmp_path, now=NOW), "islamtimes")
    for path in sorted((tmp_path / "islamtimes").glob("*.report.json"))[:24]:
        path.unlink()
    after = site(collect(tmp_path, now=NOW), "islamtimes")
    assert after["runs"] == before["runs"] == 48
    assert after["per_day"] == before["per_day"]


def test_a_changed_report_is_read_again_and_a_broken_cache_is_ignored(tmp_path):
    root = tmp_path / "jang"
    stamp = write_run(root, report("jang", NOW, 7))
    assert site(collect(tmp_path, now=NOW), "jang")["articles_24h"] == 7
    write_run(root, report("jang", NOW, 11, rng=None))
    os.utime(root / f"{stamp}.report.json", ns=(1, 1))
    assert site(collect(tmp_path, now=NOW), "jang")["articles_24h"] == 11
    cache = json.loads((root / runs.CACHE).read_text(encoding="utf-8"))
    cache["reports"][f"{stamp}.report.json"][2]["records"] = "<script>"
    (root / runs.CACHE).write_text(json.dumps(cache), encoding="utf-8")
    assert site(collect(tmp_path, now=NOW), "jang")["articles_24h"] == 11
    (root / runs.CACHE).write_text("not json", encoding="utf-8")
    assert site(collect(tmp_path, now=NOW), "jang")["articles_24h"] == 11


def test_a_live_lock_holder_is_shown_and_a_dead_one_is_not(tmp_path):
    root = tmp_path / "islamtimes"
    write_run(root, report("islamtimes", NOW, 2))
    (root / "cron.lock").write_text(json.dumps({"pid": os.getpid(), "since": "2026-03-02T12:00:00+00:00"}))
    assert site(collect(tmp_path, now=NOW), "islamtimes")["running"] == {
        "pid": os.getpid(),
        "since": "2026-03-02T12:00:00+00:00",
    }
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (root / "cron.lock").write_text(json.dumps({"pid": int(dead.stdout), "since": "x"}))
    assert site(collect(tmp_path, now=NOW), "islamtimes")["running"] is None


def test_the_openmetrics_file_parses_and_carries_each_site(tmp_path):
    write_history(tmp_path / "data", sites=3, days=2, now=NOW)
    out = tmp_path / "newscrawl.prom"
    done = status_command(str(tmp_path / "data"), "--openmetrics", str(out), "-o", str(tmp_path / "page.html"))
    assert done.returncode == 0, done.stderr
    families = {family.name: family for family in text_string_to_metric_families(out.read_text(encoding="utf-8"))}
    codes = {s.labels["site"]: s.value for s in families["newscrawl_last_run_exit_code"].samples}
    assert codes == {"islamtimes": 0, "bbcurdu": 4, "urduvoa": 0}
    assert {s.labels["field"] for s in families["newscrawl_last_run_field_coverage_ratio"].samples} >= {"keywords"}
    dropped = {(s.labels["site"], s.labels["reason"]) for s in families["newscrawl_last_run_dropped"].samples}
    assert ("bbcurdu", "short_body") in dropped or ("bbcurdu", "http_404") in dropped or not dropped
    assert families["newscrawl_site_state"].type == "gauge"
    assert not list(tmp_path.glob(".*.tmp"))


def test_json_output_and_a_missing_data_dir(tmp_path):
    write_history(tmp_path / "data", sites=1, days=1, now=NOW)
    done = status_command(str(tmp_path / "data"), "--json")
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["sites"][0]["site"] == "islamtimes" and figures["sites"][0]["runs"] == 24
    assert not (tmp_path / "data" / "status.html").exists()  # --json writes no page
    missing = status_command(str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and missing.stderr.strip() == f"newscrawl status: {tmp_path / 'nowhere'} is not a directory"


def test_an_export_is_listed_with_its_checksums_checked(tmp_path):
    data = tmp_path / "data"
    write_history(data, sites=1, days=1, now=NOW)
    out = data / "datasets" / "latest"
    out.mkdir(parents=True)
    (out / "records.jsonl").write_text('{"x": 1}\n', encoding="utf-8")
    (out / "stats.json").write_text(
        json.dumps({"counts": {"exported": 1}, "duplicates_removed": {"near_duplicate": 2, "total": 5}}),
        encoding="utf-8",
    )
    import hashlib

    digest = hashlib.sha256(b'{"x": 1}\n').hexdigest()
    (out / "SHA256SUMS").write_text(f"{digest}  records.jsonl\n{digest}  stats.json\n", encoding="utf-8")
    (export,) = collect(data, now=NOW)["datasets"]
    assert (export["records"], export["near_duplicates"], export["duplicates"]) == (1, 2, 5)
    assert export["files_verified"] == 1 and export["problems"] == ["stats.json does not match its checksum"]


def test_a_page_that_cannot_be_written_is_one_warning_line(tmp_path, capsys):
    from newscrawl.status.command import refresh

    write_history(tmp_path, sites=1, days=1, now=NOW)
    (tmp_path / "status.html").mkdir()  # a directory where the page goes
    refresh(tmp_path)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"newscrawl cron: could not update {tmp_path / 'status.html'}: ")


class TagCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, int] = {"script": 0, "svg": 0}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.tags:
            self.tags[tag] += 1


def test_warc_files_written_by_the_runs_are_counted_and_shown(tmp_path):
    root = tmp_path / "dawnnews"
    for hours, files in ((2, 1), (1, 2)):
        archived = report("dawnnews", NOW - timedelta(hours=hours), 4)
        archived["stats"].update({"newscrawl/warc/files": files, "newscrawl/warc/bytes": 3 * 1024 * 1024})
        write_run(root, archived)
    status = collect(tmp_path, now=NOW)
    assert site(status, "dawnnews")["warc"] == {"files": 3, "bytes": 6 * 1024 * 1024}
    assert "WARC written <b>3</b> files, <b>6.0 MB</b>" in render(status)
