"""A real redis-server for the tests: own port on 127.0.0.1, own temporary directory, stopped after.

Persistence as an operator should run it (``appendonly yes``), so a stop and a
restart keep the queue, the fingerprints and the seen-store.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

PROJECT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """One redis-server process; ``stop()`` and ``start()`` may be called again mid-test."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed: .ci/run installs it (apt-get install redis-server)")
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no",
             "--logfile", str(self.directory / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                if self.client().ping():
                    return
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start: {(self.directory / 'redis.log').read_text()}")
                time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM: redis-server finishes writing its append-only file and exits."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None


@contextmanager
def redis_server(directory: Path) -> Iterator[RedisServer]:
    server = RedisServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def synthetic_mirror(articles: int, access_log: Path, delay: float = 0.0) -> Iterator[str]:
    """The synthetic mirror in its own process (as a real site is), logging every request; yields its base URL."""
    command = [sys.executable, "-m", "newscrawl.mirror.synthetic", "--articles", str(articles), "--port", "0",
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
