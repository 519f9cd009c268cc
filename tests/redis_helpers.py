"""For the Redis tests: the synthetic mirror in its own process, worker command lines, and what a
crawl of it left (records, requests, stats, an export).

The redis-server itself: devtools.redis_server (own port, own directory, stopped after).
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from devtools.mirror.synthetic import FIRST_ID
from devtools.redis_server import RedisServer, redis_server

__all__ = ["FAST_CLOSE", "PROJECT", "RedisServer", "all_ids", "article_requests", "export", "record_id", "records",
           "redis_server", "start", "stats", "synthetic_mirror", "wait_for_lines", "worker_command"]

PROJECT = Path(__file__).resolve().parents[1]
ARTICLE = re.compile(r"^/ur/news/(\d+)")
FAST_CLOSE = "NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS=2"


@contextmanager
def synthetic_mirror(articles: int, access_log: Path, delay: float = 0.0) -> Iterator[str]:
    """The synthetic mirror in its own process (as a real site is), logging every request; yields its base URL."""
    command = [sys.executable, "-m", "devtools.mirror.synthetic", "--articles", str(articles), "--port", "0",
               "--access-log", str(access_log), "--delay", str(delay)]
    process = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        if not base_url.startswith("http"):
            raise RuntimeError("synthetic mirror did not start")
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)


def worker_command(base_url: str, redis_url: str, out: Path, *settings: str) -> list[str]:
    """One crawler process of a shared crawl, as an operator starts it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "scrapy", "crawl", "islamtimes", "-a", f"base_url={base_url}",
               "-s", f"NEWSCRAWL_REDIS_URL={redis_url}", "-s", f"NEWSCRAWL_JSONL_PATH={out}",
               "-s", f"LOG_FILE={out.with_suffix('.log')}", "-s", f"NEWSCRAWL_REPORT_PATH={out.with_suffix('.report.json')}",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "ROBOTSTXT_OBEY=False"]
    for setting in settings:
        command += ["-s", setting]
    return command


def all_ids(articles: int) -> set[int]:
    return set(range(FIRST_ID, FIRST_ID + articles))


def records(*files: Path) -> list[dict[str, Any]]:
    """Every record of *files*; a run that wrote no article left no file."""
    return [json.loads(line) for f in files if f.exists() for line in f.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def record_id(record: dict[str, Any]) -> int:
    return int(record["article_id"])


def article_requests(access_log: Path) -> Counter[int]:
    ids = (ARTICLE.match(line) for line in access_log.read_text().splitlines())
    return Counter(int(match.group(1)) for match in ids if match)


def stats(out: Path) -> dict[str, Any]:
    return json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))["stats"]


def start(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_lines(path: Path, lines: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= lines:
            return
        time.sleep(0.1)
    raise AssertionError(f"{path} did not reach {lines} lines")


def export(data: Path, out: Path) -> list[dict[str, Any]]:
    done = subprocess.run([sys.executable, "-m", "newscrawl", "export", str(data), "--out", str(out)],
                          cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    with gzip.open(out / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]
