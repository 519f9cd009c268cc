"""Issue 11 through ``python -m newscrawl cron``: bad days end cleanly and lose nothing for good.

Real cron runs against the mirror served on 127.0.0.1, the site changed
between runs the way a bad day changes it.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import random
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from tests.conftest import FAST, PROJECT
from export_helpers import CABINET
from tests.dataset.test_bad_environment import run as run_newscrawl
from tests.cron.test_cron import ARTICLE_PATH, article_routes, cron, expected_ids, runs, site_copy

from newscrawl.rules.exitcodes import EXIT_LAYOUT
from devtools.mirror.server import serving
from newscrawl.state.sqlite import SqliteSeenStore


def run_cron_with_file_limit(data: Path, base_url: str, fsize: int) -> subprocess.CompletedProcess[str]:
    """A cron run whose files cannot grow past *fsize* bytes (RLIMIT_FSIZE: EFBIG, as a full disk's ENOSPC)."""
    settings = [arg for setting in FAST for arg in ("--set", setting)]
    return run_newscrawl("cron", "islamtimes", "--base-url", base_url, "--data-dir", str(data), *settings,
                         cwd=PROJECT, fsize=fsize)

SOFT_404 = """<!DOCTYPE html><html lang="ur"><head><meta charset="utf-8"><title>صفحہ نہیں ملا - اسلام ٹائمز</title>
</head><body><div class="nav"><a href="/ur/">صفحہ اول</a></div>
<div class="content"><h1>صفحہ نہیں ملا</h1>
<p>معذرت، آپ جس صفحے کی تلاش میں ہیں وہ اس وقت دستیاب نہیں ہے۔ براہ کرم کچھ دیر بعد دوبارہ کوشش کریں یا صفحہ اول پر واپس جائیں۔</p>
<p>اگر یہ مسئلہ برقرار رہے تو ہماری ویب سائٹ کی انتظامیہ سے رابطہ کریں تاکہ اس خرابی کو جلد از جلد دور کیا جا سکے۔</p>
</div><div class="footer">جملہ حقوق محفوظ ہیں</div></body></html>"""


def soft_404_everywhere(site: Path, articles: set[str]) -> None:
    """Every article URL answers 200 with the same "page not found" page, as a site does on a bad deploy."""
    for path, route in article_routes(site).items():
        if ARTICLE_PATH.match(path).group(1) in articles:
            (site / route["file"]).write_text(SOFT_404, encoding="utf-8")


def test_a_soft_404_on_every_article_url_loses_no_article_once_the_site_recovers(tmp_path, expected):
    healthy, data = site_copy(tmp_path), tmp_path / "data"
    broken = Path(shutil.copytree(healthy, tmp_path / "broken"))
    everything, pair = expected_ids(expected)
    soft_404_everywhere(broken, everything | pair)

    with serving(broken) as server:
        port = server.base_url.rsplit(":", 1)[1]
        first = cron(data, server.base_url)
        second = cron(data, server.base_url)
    with serving(healthy, port=int(port)) as server:
        third = cron(data, server.base_url)

    # while the site is broken, cron says so (issue 10's health rule: most article pages yielded no article)
    for done in (first, second):
        assert done.returncode == EXIT_LAYOUT and "layout changed" in done.stderr, done.stderr
    assert third.returncode == 0, third.stderr
    (_, records_1, report_1), (_, _, report_2), (_, records_3, _) = runs(data)
    recovered = {record["article_id"] for record in records_3}
    assert everything - recovered == set()  # every article, once the site is back
    assert len(pair & recovered) == 1 and all(record["headline"] != "صفحہ نہیں ملا" for record in records_3)
    # The soft 404 that became a record before it was known for furniture: its article came back too.
    assert [record["headline"] for record in records_1] == ["صفحہ نہیں ملا"]
    assert records_1[0]["article_id"] in recovered
    for report in (report_1, report_2):  # furniture, counted with its own reason (whichever gate saw it first)
        stats = report["stats"]
        assert stats.get("newscrawl/dropped/shared_text", 0) + stats.get("newscrawl/dropped/boilerplate_body", 0) >= 10
    assert report_1["stats"]["newscrawl/seen/unmarked"] == 1  # the first soft 404 exported is no longer "seen"


# -- case 6: a full disk ends the run at once, keeps what was written, keeps the store's batches ---------

def test_a_failed_write_leaves_the_seen_store_batching_and_committing(tmp_path):
    """SQLite rolls a transaction back on SQLITE_FULL; the store must notice, not commit each insert alone."""
    store = SqliteSeenStore.open(tmp_path / "seen.sqlite3")
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk fills up after a few pages
    with pytest.raises(sqlite3.OperationalError, match="full"):
        for n in range(1000):  # batches of 5, as MarkSeen commits them
            store.add(f"http://site/ur/news/{n}/" + "x" * 200, f"islamtimes:{n}", "h" * 64)
            if n % 5 == 4:
                store.commit()
    store.db.execute("PRAGMA max_page_count = 1000000")  # space freed
    store.add("http://site/ur/news/5000/a", "islamtimes:5000", "h5000")
    assert store.db.in_transaction  # batched again: durable only at the next commit, after the JSONL fsync
    store.commit()
    assert not store.db.in_transaction and store.contains_url("http://site/ur/news/5000/a")
    store.close()


def test_a_full_disk_mid_crawl_stops_at_once_keeps_every_record_and_marks_only_written_ones(tmp_path, mirror,
                                                                                           expected):
    data = tmp_path / "data"
    full = run_cron_with_file_limit(data, mirror.base_url, fsize=60_000)  # the run file fills up mid-crawl

    assert full.returncode == 1
    verdict = [line for line in full.stderr.splitlines() if "disk full" in line]
    assert len(verdict) >= 1 and "records written before are kept" in verdict[-1], full.stderr[-2000:]
    assert "Traceback" not in full.stderr and "Logging error" not in full.stderr
    (path, records, report), = runs(data)
    assert records and path.read_bytes().endswith(b"\n")  # complete lines only, the half line cut
    assert report["run"]["records_written"] == len(records) and report["stats"]["finish_reason"] == "disk_full"
    with sqlite3.connect(data / "islamtimes" / "seen.sqlite3") as db:
        marked = {url for (url,) in db.execute("SELECT url FROM seen")}
    assert marked <= {record["url"] for record in records}  # a mark never without its record

    after = cron(data, mirror.base_url)  # space freed: the next run goes on and nothing was lost
    assert after.returncode == 0, after.stderr[-2000:]
    every, _ = expected_ids(expected)
    ids = {record["article_id"] for _, found, _ in runs(data) for record in found}
    assert every <= ids


# -- case 8: a spider name is checked before anything is written ------------------------------------

def test_cron_with_a_path_as_spider_name_writes_nothing_anywhere(tmp_path):
    data = tmp_path / "a" / "b" / "data"
    command = [sys.executable, "-m", "newscrawl", "cron", "../../escaped", "--data-dir", str(data)]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "escaped" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.rglob("*")) == []


# -- case 5: budgets end a run cleanly (exit 0, a budget note) and the next run goes on ----------------

class EndlessArchive(BaseHTTPRequestHandler):
    """An archive that never ends: page N links 10 new article ids and page N+1, forever."""

    WORDS = ["کراچی", "لاہور", "اسلام آباد", "پشاور", "کوئٹہ", "ملتان", "حیدرآباد", "فیصل آباد", "سیالکوٹ", "گلگت"]

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        article = re.match(r"^/ur/news/(\d+)/", parts.path)
        if parts.path in ("/ur/", "/ur/archive"):
            page = int(dict(parse_qsl(parts.query)).get("page", "1"))
            links = "".join(f'<li><a href="/ur/news/{n}/khabar">خبر {n}</a></li>' for n in self.ids(page))
            body = (f"<html><body><h1>تازہ ترین</h1><ul>{links}</ul>"
                    f'<a rel="next" href="/ur/archive?page={page + 1}">اگلا صفحہ</a></body></html>')
        elif article:
            number = int(article.group(1))
            city = self.WORDS[number % len(self.WORDS)]
            pick = random.Random(number).sample  # real sentences, each paragraph its own (not furniture)
            text = "".join(f"<p>{' '.join(pick(CABINET, k=2))} یہ خبر نمبر {number} کا حصہ {k} ہے۔</p>"
                           for k in range(3))
            body = (f'<html lang="ur"><head><meta charset="utf-8"><title>خبر {number}</title></head><body><article>'
                    f"<h1>{city} سے خبر نمبر {number}</h1><div class=\"body\">{text}</div></article></body></html>")
        elif parts.path == "/robots.txt":
            body = "User-agent: *\nAllow: /\n"
        else:
            self.send_error(404)
            return
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    @staticmethod
    def ids(page: int) -> range:
        return range(1_000_000 - page * 10, 1_000_000 - (page - 1) * 10)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def endless_archive():
    server = ThreadingHTTPServer(("127.0.0.1", 0), EndlessArchive)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_pagination_past_the_depth_budget_waits_for_the_next_run(tmp_path, endless_archive):
    data = tmp_path / "data"
    first = cron(data, endless_archive.base_url, "--max-depth", "3", timeout=120)
    second = cron(data, endless_archive.base_url, "--max-depth", "3", timeout=120)

    assert first.returncode == 0, first.stderr[-2000:]
    assert "budget: pagination_depth reached" in first.stdout
    (_, records_1, report_1), (_, records_2, report_2) = runs(data)
    assert report_1["run"]["budget"]["held_listing_requests"] >= 1 and report_1["run"]["status"] == "ok"
    ids = [n for page in range(1, 5) for n in EndlessArchive.ids(page)]  # /ur/ and archive pages 2-4
    assert sorted(int(r["article_id"]) for r in records_1) == sorted(ids)
    # The next run starts where the first stopped (page 5), not over again: 4 further pages of articles.
    assert second.returncode == 0, second.stderr[-2000:]
    ids = [n for page in range(5, 9) for n in EndlessArchive.ids(page)]
    assert sorted(int(r["article_id"]) for r in records_2) == sorted(ids)
    assert report_2["run"]["budget"]["held_listing_requests"] >= 1


def test_a_time_budget_ends_the_run_healthy_and_the_next_run_resumes(tmp_path, endless_archive):
    data = tmp_path / "data"
    capped = cron(data, endless_archive.base_url, "--set", "CLOSESPIDER_TIMEOUT=3",
                  "--set", "NEWSCRAWL_INCREMENTAL_MAX_DEPTH=0")

    assert capped.returncode == 0, capped.stderr[-2000:]  # a budget is not a failure
    assert "budget: time reached" in capped.stdout
    (_, records, report), = runs(data)
    assert report["stats"]["finish_reason"] == "closespider_timeout" and 0 < len(records) < 2000
    assert report["run"]["budget"]["reached"] == ["time"] and report["run"]["budget"]["pending_requests"] > 0

    after = cron(data, endless_archive.base_url, "--set", "CLOSESPIDER_TIMEOUT=3",
                 "--set", "NEWSCRAWL_INCREMENTAL_MAX_DEPTH=0")
    assert after.returncode == 0, after.stderr[-2000:]
    resumed = runs(data)[-1][2]
    assert resumed["run"]["resumed_jobdir"] is True and resumed["run"]["full_walk"] is False
    first_ids = {r["article_id"] for r in records}
    assert not first_ids & {r["article_id"] for r in runs(data)[-1][1]}  # continued, not restarted
