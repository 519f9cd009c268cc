"""Many workers on one Redis: scaling, the cost of Redis to one worker, and Redis memory.

    .venv/bin/python -m benchmarks.bench_redis [--seconds 40] [--delay 1.0] [--rounds 1]

Every crawl is ``scrapy crawl islamtimes`` against the synthetic mirror in its own
process, with a throwaway redis-server (``devtools.redis_server``), flushed
before each crawl so every crawl starts from the home page.

1. Scaling: the mirror answers each article page after ``--delay`` seconds (a polite
   crawl of a real site is bound by latency, not CPU); 1, 2 and 4 workers at
   CONCURRENT_REQUESTS=2 each crawl for ``--seconds`` (CLOSESPIDER_TIMEOUT), started
   together. pages/min = sum over workers of responses / elapsed; ratio N workers
   against one, target >= 0.8 x N. Order 1, 2, 4, 4, 2, 1 per round (drift hits all alike).
2. One worker with Redis against one without, on the mirror without delay (CPU-bound, so
   the cost of every Redis round trip shows): bench_crawl's settings, alternated; target >= 0.9.
3. Memory: ``used_memory`` growth of the redis-server for ``--memory-entries`` articles
   marked in the seen-store (RedisSeenStore, the real class) and for as many article
   requests queued (RedisScheduler's queue and fingerprints, the real classes), each
   extrapolated linearly to a million (Redis sets and sorted sets grow linearly past
   their small encodings; the extrapolation is said in the row).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.bench_crawl import CRAWL_SETTINGS, pages_per_min, synthetic_mirror
from benchmarks.common import PROJECT, row

WORKERS = (1, 2, 4)
LATENCY_SETTINGS = ("AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "ROBOTSTXT_OBEY=False",
                    "CONCURRENT_REQUESTS=2", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "LOG_LEVEL=INFO",
                    "LOGSTATS_INTERVAL=60")


def crawl(base_url: str, settings: tuple[str, ...], seconds: float, workers: int, tmp: Path) -> dict[str, float]:
    """*workers* processes started together; their summed rate (pages/min) and counts."""
    processes, reports = [], [tmp / f"w{n}.report.json" for n in range(workers)]
    for n, report in enumerate(reports):
        report.unlink(missing_ok=True)
        command = [sys.executable, "-m", "scrapy", "crawl", "islamtimes", "-a", f"base_url={base_url}",
                   "-s", f"NEWSCRAWL_JSONL_PATH={tmp / f'w{n}.jsonl'}", "-s", f"NEWSCRAWL_REPORT_PATH={report}",
                   "-s", f"CLOSESPIDER_TIMEOUT={seconds}"]
        for setting in settings:
            command += ["-s", setting]
        processes.append(subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for process in processes:
        process.wait(timeout=seconds + 300)
    runs = [stats_from_report(report) for report in reports]
    return {"ppm": sum(pages_per_min(r) for r in runs), "pages": sum(r["response_received_count"] for r in runs),
            "items": sum(r["item_scraped_count"] for r in runs)}


def stats_from_report(report: Path) -> dict[str, float]:
    """The three numbers we need, from the run report's Scrapy stats (0 when the crawl wrote none)."""
    stats = json.loads(report.read_text(encoding="utf-8"))["stats"] if report.exists() else {}
    return {key: float(stats.get(key, 0)) for key in ("response_received_count", "elapsed_time_seconds",
                                                       "item_scraped_count")}


def scaling(server: Any, seconds: float, delay: float, rounds: int, articles: int) -> dict[int, list[dict[str, float]]]:
    redis_setting = (f"NEWSCRAWL_REDIS_URL={server.url}", "NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS=5")
    results: dict[int, list[dict[str, float]]] = {n: [] for n in WORKERS}
    with tempfile.TemporaryDirectory() as tmp, latency_mirror(articles, delay) as base_url:
        for _ in range(rounds):
            for n in (*WORKERS, *reversed(WORKERS)):
                server.client().flushdb()
                results[n].append(crawl(base_url, LATENCY_SETTINGS + redis_setting, seconds, n, Path(tmp)))
    return results


def redis_cost(server: Any, seconds: float, rounds: int, articles: int) -> dict[str, list[dict[str, float]]]:
    runs: dict[str, list[dict[str, float]]] = {"plain": [], "redis": []}
    redis_setting = (f"NEWSCRAWL_REDIS_URL={server.url}", "NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS=1")
    with tempfile.TemporaryDirectory() as tmp, synthetic_mirror(articles) as (base_url, _):
        for index in range(2 * rounds):
            order = ("plain", "redis") if index % 2 == 0 else ("redis", "plain")
            for kind in order:
                server.client().flushdb()
                extra = redis_setting if kind == "redis" else ()
                runs[kind].append(crawl(base_url, CRAWL_SETTINGS + extra, seconds, 1, Path(tmp)))
    return runs


def memory(server: Any, entries: int) -> dict[str, float]:
    """Bytes of Redis memory per seen article and per queued request (with its fingerprints)."""
    from scrapy.utils.test import get_crawler

    from newscrawl import settings as project
    from newscrawl.distributed.dupefilter import RedisArticleDupeFilter
    from newscrawl.distributed.queue import ReliablePriorityQueue
    from newscrawl.distributed.seen import RedisSeenStore
    from newscrawl.spiders.islamtimes import IslamTimesSpider

    client = server.client()

    def used() -> int:
        return int(client.info("memory")["used_memory"])

    client.flushdb()
    before = used()
    store = RedisSeenStore(client, "islamtimes")
    for i in range(entries):
        store.add(f"https://www.islamtimes.com/ur/news/{2_000_000 + i}/%D9%BE%D8%A7%DA%A9-{i % 997}",
                  f"islamtimes:{2_000_000 + i}", f"{(i * 2654435761) % 2**64:016x}" * 4)
        if i % 1000 == 999:
            store.commit()
    store.commit()
    seen = (used() - before) / entries

    client.flushdb()
    crawler = get_crawler(IslamTimesSpider, {"ADDONS": project.ADDONS, "NEWSCRAWL_REDIS_URL": server.url})
    spider = IslamTimesSpider.from_crawler(crawler, base_url="https://www.islamtimes.com")
    crawler.spider = spider
    dupefilter = RedisArticleDupeFilter.from_spider(spider)
    queue = ReliablePriorityQueue(client, spider, "newscrawl:%(spider)s:requests")
    queue.seen_key = dupefilter.key
    before = used()
    for start in range(0, entries, 1000):  # as a worker sends them: in batches
        requests = [spider.article_request(f"https://www.islamtimes.com/ur/news/{2_000_000 + i}/%D9%BE%D8%A7%DA%A9-{i % 997}")
                    for i in range(start, min(start + 1000, entries))]
        queue.sync(0, [], [(r, queue.encode(r), dupefilter.fingerprints(r)) for r in requests])
    queued = (used() - before) / entries
    fingerprints = client.memory_usage(dupefilter.key) / entries
    client.flushdb()
    return {"seen_bytes": seen, "queued_bytes": queued, "fingerprint_bytes": fingerprints, "entries": entries}


@contextmanager
def latency_mirror(articles: int, delay: float) -> Iterator[str]:
    """The synthetic mirror, each article page answering after *delay* seconds; yields its base URL."""
    process = subprocess.Popen([sys.executable, "-m", "devtools.mirror.synthetic", "--articles", str(articles),
                                "--port", "0", "--delay", str(delay)], cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def run(seconds: float = 40, delay: float = 1.0, rounds: int = 1, memory_entries: int = 100_000,
        quick: bool = False) -> dict[str, Any]:
    from devtools.redis_server import redis_server

    if quick:
        seconds, memory_entries = min(seconds, 6), min(memory_entries, 5000)
    with tempfile.TemporaryDirectory() as tmp, redis_server(Path(tmp) / "redis") as server:
        started = time.perf_counter()
        scale = scaling(server, seconds, delay, rounds, articles=20_000)
        cost = redis_cost(server, seconds, rounds, articles=20_000)
        mem = memory(server, memory_entries)
        took = time.perf_counter() - started

    def total(runs: list[dict[str, float]]) -> float:
        return sum(r["ppm"] for r in runs) / len(runs)

    one = total(scale[1])
    rows = []
    for n in WORKERS:
        ppm = total(scale[n])
        ratio = ppm / one if one else 0.0
        rows.append(row("redis", f"pages/min, {n} worker{'s' * (n > 1)}, {delay:g} s per article page", round(ppm),
                        "pages/min", f"1 worker {one:.0f} pages/min", round(ratio, 2),
                        f">= {0.8 * n:g} (0.8 x {n})" if n > 1 else "baseline", ratio >= 0.8 * n if n > 1 else None))
    plain, redis_ppm = total(cost["plain"]), total(cost["redis"])
    ratio = redis_ppm / plain if plain else 0.0
    rows.append(row("redis", "pages/min, 1 worker with Redis, no delay (CPU-bound)", round(redis_ppm), "pages/min",
                    f"without Redis {plain:.0f} pages/min", round(ratio, 2), ">= 0.9", ratio >= 0.9))
    million = 1_000_000 / 2**20
    rows.append(row("redis", f"Redis MB per million seen articles (measured {mem['entries']:,}, x{1e6 / mem['entries']:g})",
                    round(mem["seen_bytes"] * million, 1), "MB", f"{mem['seen_bytes']:.0f} B per article", None,
                    "report (no target)", None))
    rows.append(row("redis", f"Redis MB per million queued requests (measured {mem['entries']:,}, x{1e6 / mem['entries']:g})",
                    round(mem["queued_bytes"] * million, 1), "MB",
                    f"{mem['queued_bytes']:.0f} B per request, of which fingerprints {mem['fingerprint_bytes']:.0f} B",
                    None, "report (no target)", None))
    return {"seconds": seconds, "delay": delay, "rounds": rounds, "scaling": scale, "redis_cost": cost,
            "memory": mem, "took_seconds": round(took, 1), "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--memory-entries", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.seconds, args.delay, args.rounds, args.memory_entries, args.quick), indent=2))


if __name__ == "__main__":
    main()
