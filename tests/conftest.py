"""Shared fixtures: the mirror served over real HTTP, its expected records, a crawl runner."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from devtools.mirror.server import DEFAULT_ROOT, MirrorServer, serving

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT / "fixtures"
FAST = ("AUTOTHROTTLE_START_DELAY=0", "DOWNLOAD_DELAY=0")

# The longest test files, longest first (seconds: a suite run with --durations=60, 2026-12-07, summed
# over each file's tests in that top 60, so a file of many medium tests reads low; Redis files since cut):
# bin/test hands files out in collection order (`--dist loadfile --no-loadscope-reorder`), so these
# start at once and the many short files fill in at the end. xdist's own order (most tests first)
# left the Redis files (3 tests, 75-100 s) for last: one worker ran them while the other idled.
LONGEST_FIRST = (
    "tests/distributed/test_redis_recovery.py",  # 99
    "tests/distributed/test_redis_crawl.py",  # 75
    "tests/tooling/test_benchmarks.py",  # 57
    "tests/cron/test_cron.py",  # 51
    "tests/spiders/test_generic_spider.py",  # 46
    "tests/cron/test_bad_days_cron.py",  # 36
    "tests/warc/test_warc.py",  # 18 in its 3 slowest tests; 59 s in all beside test_cron.py's 74 (-n 2, load 5)
    "tests/dataset/test_export_bench.py",  # 35
    "tests/spiders/test_feed_off_reactor.py",  # 27
    "tests/crawler/test_faults.py",  # 25
    "tests/dataset/test_bad_environment.py",  # 23
    "tests/e2e/test_sites_e2e.py",  # 20
    "tests/cron/test_status_browser.py",  # 20
    "tests/cli/test_install.py",  # 19
    "tests/warc/test_writer_process.py",  # 31 then; 13-17 s alone once its kill -9 test killed mid-crawl
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files of LONGEST_FIRST first, in its order; every other file after them, as collected."""
    rank = {path: n for n, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


@pytest.fixture(autouse=True)
def no_user_configuration(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees no configuration of the person running it (~/.config/newscrawl, NEWSCRAWL_*)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
    for name in ("NEWSCRAWL_CONFIG", "NEWSCRAWL_CONTACT", "NEWSCRAWL_DATA_DIR", "NEWSCRAWL_WARC_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    return json.loads((FIXTURES / "expected" / "articles.json").read_text(encoding="utf-8"))


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[MirrorServer]:
    """The bundled mirror on a free port, logging every request it serves."""
    with serving(DEFAULT_ROOT, access_log=tmp_path / "access.log") as server:
        yield server


@dataclass
class CrawlResult:
    returncode: int
    records: list[dict[str, Any]]
    raw: str
    report: dict[str, Any]
    log: str


def run_crawl(base_url: str, out: Path, *args: str, settings: tuple[str, ...] = FAST,
              timeout: float = 300, spider: str = "islamtimes") -> CrawlResult:
    """``scrapy crawl <spider> -a base_url=...`` exactly as a user runs it."""
    report, log = out.with_suffix(".report.json"), out.with_suffix(".log")
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"base_url={base_url}",
               "-s", f"NEWSCRAWL_REPORT_PATH={report}", "-s", f"LOG_FILE={log}", *args]
    for setting in settings:
        command += ["-s", setting]
    done = subprocess.run(command, cwd=PROJECT, timeout=timeout, capture_output=True, text=True)
    raw = out.read_text(encoding="utf-8") if out.exists() else ""
    return CrawlResult(
        done.returncode,
        [json.loads(line) for line in raw.splitlines() if line.strip()],
        raw,
        json.loads(report.read_text(encoding="utf-8")) if report.exists() else {},
        log.read_text(encoding="utf-8") if log.exists() else done.stderr,
    )
