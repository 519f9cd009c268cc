"""Crawl throughput: ``scrapy crawl islamtimes`` on the synthetic mirror vs ``scrapy bench``.

    .venv/bin/python -m benchmarks.bench_crawl [--seconds 15] [--rounds 2] [--articles 20000] [--heavy]

Three measurements in one run, each in its own process:

1. the synthetic mirror alone (``devtools.mirror.synthetic``, its own process), fetched by
   16 client threads over keep-alive connections: pages/min it can serve, so we know it is
   not the bottleneck;
2. ``scrapy bench`` (Scrapy's own server and link-following spider), run from an empty
   directory so no project settings apply, at the same concurrency and log level;
3. ``scrapy crawl islamtimes`` against the synthetic mirror with the benchmark settings
   below (no delays, no autothrottle, no robots.txt, 16 concurrent requests).

Both crawls stop on ``CLOSESPIDER_TIMEOUT``; they alternate (bench, ours, ours, bench, ...)
for ``--rounds`` pairs, and pages/min is total ``response_received_count`` / total
``elapsed_time_seconds`` from Scrapy's final stats. Target: ours at least 1.5x scrapy bench (issue 20; it was 0.7).

``--heavy`` (``run_heavy``) measures real-weight pages instead: the synthetic mirror with
``--chrome`` (each article inside a real home page's chrome, 100-280 KB), our crawl
against ``benchmarks/bare_spider.py`` on the same mirror (follows the listings, parses
each article page once: Scrapy's own floor there), alternating the same way.
Target: ours at least 0.6 of the bare spider.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from collections.abc import Iterator

from benchmarks.common import PROJECT, row

CONCURRENCY = 16
CRAWL_SETTINGS = (
    "AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "ROBOTSTXT_OBEY=False",
    f"CONCURRENT_REQUESTS={CONCURRENCY}", f"CONCURRENT_REQUESTS_PER_DOMAIN={CONCURRENCY}",
    "LOG_LEVEL=INFO", "LOGSTATS_INTERVAL=60",
    "STATS_DUMP=True",  # the stats are read from the dump on stderr (the crawl command drops it without a log file)
)


@contextmanager
def synthetic_mirror(articles: int, chrome: bool = False) -> Iterator[tuple[str, subprocess.Popen]]:
    """The synthetic mirror in its own process (real-weight pages with *chrome*); yields (base URL, process)."""
    process = subprocess.Popen([sys.executable, "-m", "devtools.mirror.synthetic", "--articles", str(articles),
                                "--port", "0", *(["--chrome"] if chrome else [])],
                               cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    try:
        base_url = process.stdout.readline().strip()
        if not base_url.startswith("http"):
            raise RuntimeError("synthetic mirror did not start")
        yield base_url, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def stats_from_log(log: str) -> dict[str, float]:
    """The two numbers we need from Scrapy's 'Dumping Scrapy stats' block."""
    found = {}
    for key in ("response_received_count", "elapsed_time_seconds", "item_scraped_count"):
        match = re.search(rf"'{key}': ([\d.]+)", log)
        found[key] = float(match.group(1)) if match else 0.0
    return found


def pages_per_min(stats: dict[str, float]) -> float:
    return 60 * stats["response_received_count"] / stats["elapsed_time_seconds"] if stats["elapsed_time_seconds"] else 0.0


def server_alone(base_url: str, seconds: float, articles: int) -> float:
    """Pages/min the synthetic mirror serves to 16 keep-alive client threads (articles and listings)."""
    host, port = base_url.removeprefix("http://").split(":")
    deadline = time.perf_counter() + seconds
    counts = [0] * CONCURRENCY

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        n = 0
        while time.perf_counter() < deadline:
            # one listing page per 50 articles, as a crawl fetches them
            path = f"/ur/archive?page={1 + n % 50}" if n % 51 == 0 else f"/ur/news/{2_000_000 + (index * 997 + n) % articles}/x"
            connection.request("GET", path)
            connection.getresponse().read()
            n += 1
        counts[index] = n
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return 60 * sum(counts) / (time.perf_counter() - started)


def bare_env(**extra: str) -> dict[str, str]:
    """The environment of a baseline crawl: no project settings, even when this process has them
    (Scrapy's get_project_settings exports SCRAPY_SETTINGS_MODULE, and tests run in one process)."""
    return {**{k: v for k, v in os.environ.items() if k not in ("SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT")}, **extra}


def scrapy_bench(seconds: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as empty:
        done = subprocess.run(
            [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}",
             "-s", f"CONCURRENT_REQUESTS={CONCURRENCY}", "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={CONCURRENCY}",
             "-s", "LOG_LEVEL=INFO", "-s", "LOGSTATS_INTERVAL=60"],
            cwd=empty, capture_output=True, text=True, timeout=seconds + 120,
            env=bare_env(PYTHONPATH=str(PROJECT)))
    return stats_from_log(done.stderr)


def our_crawl(base_url: str, seconds: float | None = None, items: int | None = None,
              extra: tuple[str, ...] = ()) -> tuple[dict[str, float], str]:
    with tempfile.TemporaryDirectory() as tmp:
        out, report = Path(tmp) / "out.jsonl", Path(tmp) / "report.json"
        command = [sys.executable, "-m", "scrapy", "crawl", "islamtimes", "-a", f"base_url={base_url}",
                   "-s", f"NEWSCRAWL_JSONL_PATH={out}", "-s", f"NEWSCRAWL_REPORT_PATH={report}"]
        for setting in CRAWL_SETTINGS + extra:
            command += ["-s", setting]
        if seconds:
            command += ["-s", f"CLOSESPIDER_TIMEOUT={seconds}"]
        if items:
            command += ["-s", f"CLOSESPIDER_ITEMCOUNT={items}"]
        done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=3600)
        # our crawl command prints a summary, not Scrapy's stats dump: read the run report
        stats = json.loads(report.read_text(encoding="utf-8"))["stats"] if report.exists() else {}
    keys = ("response_received_count", "elapsed_time_seconds", "item_scraped_count")
    return {key: float(stats.get(key, 0)) for key in keys}, done.stderr


def bare_crawl(base_url: str, seconds: float) -> dict[str, float]:
    """benchmarks/bare_spider.py from an empty directory (no project settings), same concurrency."""
    with tempfile.TemporaryDirectory() as empty:
        log = Path(empty) / "bare.log"
        command = [sys.executable, "-m", "scrapy", "runspider", str(PROJECT / "benchmarks" / "bare_spider.py"),
                   "-a", f"base_url={base_url}", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", f"LOG_FILE={log}"]
        for setting in CRAWL_SETTINGS:
            command += ["-s", setting]
        subprocess.run(command, cwd=empty, capture_output=True, text=True, timeout=seconds + 120, env=bare_env())
        return stats_from_log(log.read_text(encoding="utf-8") if log.exists() else "")


def run_heavy(seconds: float = 15, articles: int = 20_000, quick: bool = False, rounds: int = 2) -> dict[str, Any]:
    """Real-weight pages: our crawl against the bare Scrapy spider on the same mirror, ABBA."""
    if quick:
        seconds, rounds = min(seconds, 4), 1
    with synthetic_mirror(articles, chrome=True) as (base_url, _):
        bare_runs: list[dict[str, float]] = []
        our_runs: list[dict[str, float]] = []
        for index in range(rounds):
            pair = [lambda: bare_runs.append(bare_crawl(base_url, seconds)),
                    lambda: our_runs.append(our_crawl(base_url, seconds=seconds)[0])]
            for step in (pair if index % 2 == 0 else pair[::-1]):
                step()
    bare, ours = _total(bare_runs), _total(our_runs)
    bare_ppm, ours_ppm = pages_per_min(bare), pages_per_min(ours)
    ratio = ours_ppm / bare_ppm if bare_ppm else 0.0
    return {
        "seconds": seconds, "articles": articles, "rounds": rounds, "bare": bare, "ours": ours,
        "bare_runs": bare_runs, "our_runs": our_runs,
        "rows": [row("crawl-heavy", "pages/min, islamtimes on real-weight synthetic mirror", round(ours_ppm),
                     "pages/min", f"bare Scrapy spider {bare_ppm:.0f} pages/min", round(ratio, 2),
                     ">= 0.6 of the bare spider", ratio >= 0.6)],
    }


def _total(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: sum(r[key] for r in runs) for key in runs[0]}


def run(seconds: float = 15, articles: int = 20_000, quick: bool = False, rounds: int = 2) -> dict[str, Any]:
    if quick:
        seconds, rounds = min(seconds, 3), 1
    with synthetic_mirror(articles) as (base_url, _):
        served = server_alone(base_url, min(seconds, 5), articles)
        # ABBA order over `rounds` pairs, so a drift in the machine's load hits both alike
        bench_runs: list[dict[str, float]] = []
        our_runs: list[dict[str, float]] = []
        for index in range(rounds):
            if index % 2 == 0:
                bench_runs.append(scrapy_bench(seconds))
                our_runs.append(our_crawl(base_url, seconds=seconds)[0])
            else:
                our_runs.append(our_crawl(base_url, seconds=seconds)[0])
                bench_runs.append(scrapy_bench(seconds))
    bench, ours = _total(bench_runs), _total(our_runs)
    bench_ppm, ours_ppm = pages_per_min(bench), pages_per_min(ours)
    ratio = ours_ppm / bench_ppm if bench_ppm else 0.0
    return {
        "seconds": seconds, "articles": articles, "server_alone_ppm": served,
        "rounds": rounds, "scrapy_bench": bench, "ours": ours, "scrapy_bench_runs": bench_runs, "our_runs": our_runs,
        "rows": [
            row("crawl", f"pages/min, islamtimes on synthetic mirror ({articles} articles)", round(ours_ppm), "pages/min",
                f"scrapy bench {bench_ppm:.0f} pages/min", round(ratio, 2), ">= 1.5 of scrapy bench", ratio >= 1.5),
            row("crawl", "synthetic mirror alone, pages/min", round(served), "pages/min",
                f"our crawl {ours_ppm:.0f} pages/min", round(served / ours_ppm, 1) if ours_ppm else None,
                "server not the bottleneck (> 1x)", served > ours_ppm),
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--heavy", action="store_true", help="real-weight pages against the bare Scrapy spider")
    args = parser.parse_args()
    measure = run_heavy if args.heavy else run
    print(json.dumps(measure(args.seconds, args.articles, args.quick, args.rounds), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
