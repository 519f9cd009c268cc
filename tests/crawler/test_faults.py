"""A real crawl of the mirror with every fault of devtools/mirror/faults.py switched on.

The crawl must finish, keep every good article, count each failure by kind in the
run report, and never go where it was not sent. robots.txt failures get their own
small crawls.
"""

from __future__ import annotations

import ast
import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newscrawl.crawler.middlewares import parse_retry_after, scope_problem
from devtools.mirror.faults import FAULTS, HUGE_BYTES, RETRY_AFTER_SECONDS, fault_path
from devtools.mirror.server import DEFAULT_ROOT, serving
from tests.conftest import FAST, run_crawl

MAXSIZE = 3 * 1024 * 1024  # below HUGE_BYTES, above the gzip bomb's ~2 MB on the wire
LIMITS = ("DOWNLOAD_TIMEOUT=2", f"DOWNLOAD_MAXSIZE={MAXSIZE}", "DOWNLOAD_WARNSIZE=1048576")
HEADLINE = "پاکستان اور یو اے ای کے درمیان مفاہمت کی مختلف یادداشتوں پر دستخط"

#: fault -> the stats keys it must produce (each at least once) in the run report
COUNTERS: dict[str, tuple[str, ...]] = {
    "slow": ("newscrawl/errors/timeout", "newscrawl/dropped/timeout",
             "retry/reason_count/scrapy.exceptions.DownloadTimeoutError"),
    "reset": ("newscrawl/errors/connection_lost", "newscrawl/dropped/connection_lost",
              "retry/reason_count/scrapy.exceptions.ResponseDataLossError"),
    "unavailable-once": ("retry/reason_count/503 Service Unavailable",),
    "throttled": ("newscrawl/throttle/retry_after", "retry/reason_count/429 Unknown Status"),
    "redirect-loop": ("newscrawl/errors/too_many_redirects", "newscrawl/dropped/too_many_redirects"),
    "offsite-redirect": ("newscrawl/refused/offsite_redirect", "offsite/filtered"),
    "offsite-meta-refresh": ("newscrawl/refused/offsite_meta_refresh",),
    "private-redirect": ("newscrawl/refused/private_address_redirect",),
    "file-redirect": ("newscrawl/errors/http_302", "newscrawl/dropped/http_302"),
    "huge": ("newscrawl/errors/too_large", "newscrawl/dropped/too_large"),
    "huge-stream": ("newscrawl/errors/too_large",),
    "gzip-bomb": ("newscrawl/errors/too_large_decompressed", "newscrawl/dropped/too_large_decompressed"),
    "pdf": ("newscrawl/dropped/not_html",),
    "image": ("newscrawl/dropped/not_html",),
    "empty": ("newscrawl/dropped/empty_page",),
    "garbage": ("newscrawl/dropped/no_headline",),
    "truncated": (),  # the article survives: see test_truncated_page_still_yields_its_article
    "deep-nesting": ("newscrawl/dropped/no_body",),
    "invalid-utf8": ("newscrawl/encoding/invalid_bytes",),
    "charset-conflict": ("newscrawl/encoding/charset_conflict", "newscrawl/encoding/charset_conflict/utf8_body"),
}
#: faults whose article reaches the output (after a retry, or despite the damage)
RECOVERED = {"unavailable-once", "throttled", "truncated", "invalid-utf8", "charset-conflict"}


class CrawlPeakRss:
    """The largest resident size of this process's ``scrapy`` children while they run, in KiB:
    their ``VmHWM``, the kernel's high-water mark of a process's own memory, polled every 50 ms.

    Not ``ru_maxrss`` (``RUSAGE_CHILDREN`` here, Scrapy's ``memusage/max`` there): Linux starts a
    child's at its parent's resident size when it forks and execs, and a pytest worker that ran the
    huge-feed crawl's test file before this one is ~700 MB, so both read ~700 MB for a crawl of 100.
    """

    def __init__(self) -> None:
        self.kib = 0
        self._stop = threading.Event()
        self._poller = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> CrawlPeakRss:
        self._poller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._poller.join()

    def _poll(self) -> None:
        parent = str(os.getpid())
        while not self._stop.wait(0.05):
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines())
                    if fields.get("PPid") == parent and b"scrapy" in (status.parent / "cmdline").read_bytes():
                        self.kib = max(self.kib, int(fields["VmHWM"].split()[0]))
                except (OSError, KeyError, ValueError):  # the process ended while being read
                    continue


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Any:
    out = tmp_path_factory.mktemp("faults") / "out" / "islamtimes.jsonl"
    with serving(DEFAULT_ROOT, faults=True) as server, CrawlPeakRss() as peak:
        result = run_crawl(server.base_url, out, "-s", f"NEWSCRAWL_JSONL_PATH={out}", settings=FAST + LIMITS)
        result.hits = {name: list(times) for name, times in server.faults.hits.items()}
        result.requests = list(server.requests)
    assert result.returncode == 0, result.log[-3000:]
    result.stats = result.report["stats"]
    result.by_id = {record["article_id"]: record for record in result.records}
    result.peak_rss_kib = peak.kib
    return result


def test_the_crawl_finishes(crawl):
    assert crawl.stats["finish_reason"] == "finished"
    assert not any(key.startswith("spider_exceptions/") for key in crawl.stats), crawl.stats


def test_every_good_mirror_article_is_still_there(crawl, expected):
    syndicated = set(expected["cases"]["syndicated"]["article_ids"])
    counts = Counter(record["article_id"] for record in crawl.records)
    for article in expected["articles"]:
        if article["article_id"] not in syndicated:
            assert counts[article["article_id"]] == 1, article["article_id"]
    assert sum(counts[article_id] for article_id in syndicated) == 1


def test_every_fault_was_served(crawl):
    assert set(crawl.hits) >= set(FAULTS), set(FAULTS) - set(crawl.hits)


@pytest.mark.parametrize("fault", sorted(COUNTERS))
def test_each_fault_is_counted(crawl, fault):
    missing = [key for key in COUNTERS[fault] if not crawl.stats.get(key)]
    assert not missing, f"{fault}: {missing} not in the run report"


def test_recovered_and_lost_fault_articles(crawl):
    fault_ids = {str(FAULTS[name]): name for name in FAULTS}
    got = {fault_ids[article_id] for article_id in crawl.by_id if article_id in fault_ids}
    assert got == RECOVERED
    for name in RECOVERED:
        record = crawl.by_id[str(FAULTS[name])]
        assert record["headline"] == f"{HEADLINE} {name}"
        assert record["body"].startswith("اسلام ٹائمز۔") and "متحدہ عرب امارات کے نائب وزیراعظم" in record["body"]


def test_summary_lists_drops_and_errors_by_kind(crawl):
    summary = crawl.report["summary"]
    for kind in ("timeout", "connection_lost", "too_many_redirects", "too_large", "too_large_decompressed",
                 "not_html", "empty_page", "out_of_scope"):
        assert summary["dropped"].get(kind), kind
    for kind in ("timeout", "connection_lost", "too_many_redirects", "too_large", "too_large_decompressed"):
        assert summary["errors"].get(kind), kind


def test_retries_get_the_article(crawl):
    assert len(crawl.hits["unavailable-once"]) == 2  # 503, then 200
    assert len(crawl.hits["throttled"]) == 2  # 429, then 200
    assert len(crawl.hits["slow"]) == 4 and len(crawl.hits["reset"]) == 4  # 1 try + RETRY_TIMES, then given up


def test_retry_after_is_honoured(crawl):
    first, second = crawl.hits["throttled"]
    assert second - first >= RETRY_AFTER_SECONDS - 0.1
    assert crawl.stats["newscrawl/throttle/retry_after_max_seconds"] == RETRY_AFTER_SECONDS


def test_redirect_loop_is_bounded(crawl):
    assert len(crawl.hits["redirect-loop"]) == 1 + 5  # REDIRECT_MAX_TIMES


def test_truncated_page_still_yields_its_article(crawl):
    record = crawl.by_id[str(FAULTS["truncated"])]
    assert record["summary"] and record["body"].count("\n\n") == 1  # both paragraphs, cut after the body
    assert record["source"] is None  # the cut took the source line ...
    assert record["keywords"] == ["یو اے ای", "مفاہمتی یادداشتیں", "نائب وزیراعظم", "بزنس کونسل", "ثقافتی تعاون"]
    assert crawl.stats["newscrawl/field/keywords/meta"] >= 1  # ... and the keywords came from <meta>


def test_invalid_bytes_are_replaced_not_fatal(crawl):
    assert "\ufffd" in crawl.by_id[str(FAULTS["invalid-utf8"])]["body"]


def test_charset_conflict_decodes_the_utf8_body(crawl):
    record = crawl.by_id[str(FAULTS["charset-conflict"])]
    assert record["headline"] == f"{HEADLINE} charset-conflict"  # not windows-1256 mojibake


def test_never_goes_where_it_was_not_sent(crawl):
    # Port 1 on 127.0.0.1 has nobody listening: any attempt would be a connection_refused error.
    assert not crawl.stats.get("newscrawl/errors/connection_refused")
    assert crawl.stats["newscrawl/refused/private_address"] >= 1  # the home page's link to 127.0.0.1:1
    assert crawl.stats["newscrawl/dropped/out_of_scope"] == 4  # that link and three redirects
    assert not any(key.startswith("newscrawl/refused/scheme") for key in crawl.stats)  # dropped at link extraction
    for target in crawl.requests:
        assert target.startswith("/"), target


def test_size_limits_hold_and_memory_stays_low(crawl):
    assert HUGE_BYTES > MAXSIZE
    assert "during decompression" in crawl.log
    # the crawl process's own high-water mark (CrawlPeakRss): it never held a huge page whole
    peak_mb = crawl.peak_rss_kib / 1024
    assert 20 < peak_mb < 500, f"peak RSS {peak_mb:.0f} MB"


@pytest.mark.parametrize("robots", ["503", "timeout"])
def test_unreachable_robots_txt_means_allow_all(robots, tmp_path, expected):
    """Scrapy's documented behaviour: robots.txt that errors or cannot be fetched allows everything."""
    out = tmp_path / "out.jsonl"
    with serving(DEFAULT_ROOT, robots=robots) as server:
        result = run_crawl(server.base_url, out, "-s", f"NEWSCRAWL_JSONL_PATH={out}",
                           settings=FAST + ("DOWNLOAD_TIMEOUT=2",))
        robots_hits = len(server.faults.hits["robots.txt"])
        fetched = list(server.requests)
    assert result.returncode == 0, result.log[-3000:]
    stats = result.report["stats"]
    # retried like any page: 1 try + RETRY_TIMES; plus the spider's own read for its Sitemap: lines (not retried)
    assert robots_hits == 4 + 1
    if robots == "503":
        assert stats["robotstxt/response_status_count/503"] == 1
    else:
        assert stats["robotstxt/exception_count/<class 'scrapy.exceptions.DownloadTimeoutError'>"] == 1
    assert not stats.get("robotstxt/forbidden")
    assert expected["cases"]["robots_disallowed"] in fetched  # no rules: the disallowed page is fetched too
    ids = {record["article_id"] for record in result.records}
    syndicated = set(expected["cases"]["syndicated"]["article_ids"])
    assert {a["article_id"] for a in expected["articles"]} - syndicated <= ids


def test_fault_routes_are_article_shaped():
    for name in FAULTS:
        assert fault_path(name).startswith("/ur/news/13000")


def test_mirror_without_faults_is_unchanged(tmp_path):
    with serving(DEFAULT_ROOT) as server:
        assert server.faults is None


@pytest.mark.parametrize(("url", "why"), [
    ("http://127.0.0.1:8000/ur/news/1/x", None),           # the base itself
    ("http://127.0.0.1:8001/ur/news/1/x", "private_address"),
    ("http://localhost:8000/ur/", "private_address"),     # another name for the base is still another host
    ("http://[::1]:8000/ur/", "private_address"),
    ("http://10.1.2.3/ur/", "private_address"),
    ("http://192.168.0.1/ur/", "private_address"),
    ("http://169.254.169.254/latest/meta-data/", "private_address"),  # cloud metadata
    ("http://0.0.0.0:8000/", "private_address"),
    ("file:///etc/passwd", "scheme"),
    ("data:text/html,<b>x</b>", "scheme"),
    ("javascript:alert(1)", "scheme"),
    ("ftp://127.0.0.1/x", "scheme"),
    ("gopher://127.0.0.1:6379/_INFO", "scheme"),
    ("http://example.invalid/ur/", "offsite"),
    ("http://127.0.0.1.nip.io:8000/", "offsite"),
    ("http://127.0.0.1:99999/", "bad_url"),
])
def test_scope_rules(url, why):
    assert scope_problem(url, ["127.0.0.1"], "http://127.0.0.1:8000") == why


def test_scope_rules_for_the_live_site():
    domains = ["www.islamtimes.com", "islamtimes.com", "islamtimes.org"]
    assert scope_problem("https://www.islamtimes.com/ur/news/1/x", domains, "https://www.islamtimes.com") is None
    assert scope_problem("http://islamtimes.org/ur/", domains, "https://www.islamtimes.com") is None
    assert scope_problem("https://cdn.islamtimes.com:8443/x", domains, "https://www.islamtimes.com") == "port"
    assert scope_problem("https://islamtimes.com.evil.example/", domains, None) == "offsite"
    assert scope_problem("http://127.0.0.1/", domains, "https://www.islamtimes.com") == "private_address"


def test_page_content_is_never_executed():
    """No eval/exec/compile or unpickling anywhere in the package: page text is only ever parsed."""
    package = Path(__file__).resolve().parents[2] / "newscrawl"
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"eval", "exec", "compile", "__import__"}, f"{source}:{node.lineno}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
                assert not any(name.split(".")[0] in {"pickle", "marshal", "shelve"} for name in names), source


def test_retry_after_header_forms():
    assert parse_retry_after(b"1") == 1.0
    assert parse_retry_after(b"  30 ") == 30.0
    assert parse_retry_after(b"-5") is None and parse_retry_after(b"") is None and parse_retry_after(None) is None
    assert parse_retry_after(b"Thu, 01 Jan 1970 00:00:00 GMT") == 0.0  # in the past: no wait
