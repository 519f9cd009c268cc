"""Memory growth: peak RSS of a crawl of N articles and of 10 N articles.

    .venv/bin/python -m benchmarks.bench_memory [--small 5000 --large 50000]

Both crawls run ``scrapy crawl islamtimes`` (bench_crawl's settings, JSONL export on)
against one synthetic mirror holding the larger number of articles, and stop on
``CLOSESPIDER_ITEMCOUNT``. Peak RSS of the crawl process is sampled with psutil every
50 ms. Target: the larger crawl peaks below 1.5x the smaller one.
The default sizes are the performance issue's 5,000 and 50,000 (about 4 minutes on
two shared cores); smaller ones keep the 10x ratio and are quicker.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from benchmarks.bench_crawl import CRAWL_SETTINGS, stats_from_log, synthetic_mirror
from benchmarks.common import PROJECT, row


def crawl_peak_rss(base_url: str, items: int) -> dict[str, float]:
    """Crawl until *items* articles are scraped; peak RSS (MB) of the crawl process."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "crawl.log"
        command = [sys.executable, "-m", "scrapy", "crawl", "islamtimes", "-a", f"base_url={base_url}",
                   "-s", f"NEWSCRAWL_JSONL_PATH={Path(tmp) / 'out.jsonl'}", "-s", f"LOG_FILE={log}",
                   "-s", f"CLOSESPIDER_ITEMCOUNT={items}"]
        for setting in CRAWL_SETTINGS:
            command += ["-s", setting]
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        watched = psutil.Process(process.pid)
        peak = 0
        while process.poll() is None:
            try:
                peak = max(peak, watched.memory_info().rss)
            except psutil.NoSuchProcess:
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        stats = stats_from_log(log.read_text(encoding="utf-8")) if log.exists() else {}
    return {"items": items, "scraped": stats.get("item_scraped_count", 0), "peak_rss_mb": peak / 2**20,
            "seconds": seconds}


def run(small: int = 5000, large: int = 50_000, quick: bool = False) -> dict[str, Any]:
    if quick:
        small, large = 100, 1000
    with synthetic_mirror(int(large * 1.1)) as (base_url, _):
        first = crawl_peak_rss(base_url, small)
        second = crawl_peak_rss(base_url, large)
    ratio = second["peak_rss_mb"] / first["peak_rss_mb"]
    return {
        "small": first, "large": second,
        "rows": [
            row("memory", f"peak RSS, crawl of {large} articles", round(second["peak_rss_mb"], 1), "MB",
                f"crawl of {small}: {first['peak_rss_mb']:.1f} MB", round(ratio, 2), "< 1.5x", ratio < 1.5),
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=5000)
    parser.add_argument("--large", type=int, default=50_000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.small, args.large, args.quick), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
