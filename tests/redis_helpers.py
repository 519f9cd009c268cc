"""For the Redis tests: the synthetic mirror in its own process, and worker command lines.

The redis-server itself: devtools.redis_server (own port, own directory, stopped after).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devtools.redis_server import RedisServer, redis_server

__all__ = ["PROJECT", "RedisServer", "redis_server", "synthetic_mirror", "worker_command"]

PROJECT = Path(__file__).resolve().parents[1]


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
