"""Generated run histories for ``newscrawl status``: cron's files for months of runs, in seconds.

Each run gets a ``<stamp>.report.json`` of the real shape and weight (the ``run`` section
``newscrawl cron`` writes plus a Scrapy stats dict of ~60 keys, ~4 kB) and, when it wrote
records, a small ``<stamp>.jsonl``. Used by tests/test_status.py and benchmarks/bench_status.py.

    python -m devtools.history DIR --sites 9 --days 365    # a year of hourly runs of nine sites
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

STAMP = "%Y%m%dT%H%M%SZ"
FIELDS = ("headline", "published_at", "body", "keywords", "read_also", "source")
SITES = ("islamtimes", "bbcurdu", "urduvoa", "express", "jang", "dawnnews", "nawaiwaqt", "humsub", "geo")
LAYOUT_REASON = "layout changed: 9 of 9 article pages yielded no article (boilerplate_body 9; limit 50%)"
HEADLINES = ("پاکستان میں نئی پالیسی کا اعلان", "کراچی میں بارش سے نظام زندگی متاثر", "عالمی منڈی میں تیل کی قیمت")


def report(
    site: str,
    start: datetime,
    records: int,
    *,
    status: str = "ok",
    code: int = 0,
    reason: str = "healthy",
    keywords: float = 0.9,
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """One run report as ``newscrawl cron`` writes it."""
    rng = rng or random.Random(0)
    pages = records + rng.randint(8, 30)
    dropped = {"http_404": rng.randint(0, 2), "short_body": rng.randint(0, 3)}
    coverage = {field: {"now": round(keywords if field == "keywords" else 1.0, 4), "before": 0.9} for field in FIELDS}
    stats = _crawl_stats(start, records, pages, dropped, rng)
    return {
        "spider": site,
        "summary": {
            "articles_written": records,
            "pages_fetched": pages,
            "dropped": dropped,
            "duplicates": {},
            "errors": {"http_404": dropped["http_404"]},
            "fields_by_strategy": {},
            "finish_reason": "finished",
        },
        "stats": stats,
        "run": {
            "spider": site,
            "start": start.isoformat(timespec="seconds"),
            "end": (start + timedelta(minutes=3)).isoformat(timespec="seconds"),
            "status": status,
            "reason": reason,
            "exit_code": code,
            "pages_fetched": pages,
            "records_written": records,
            "dropped": dropped,
            "duplicates": {},
            "errors": {"http_404": dropped["http_404"]},
            "skipped_known": rng.randint(0, 500),
            "resumed_jobdir": False,
            "full_walk": False,
            "budget": None,
            "recovered_files": [],
            "crawl_exit_status": 0,
            "coverage": coverage,
            "output": None,
            "log": f"{start.strftime(STAMP)}.log",
        },
    }


def _crawl_stats(
    start: datetime, records: int, pages: int, dropped: dict[str, int], rng: random.Random
) -> dict[str, Any]:
    """The Scrapy and newscrawl stats of that run (drawn from *rng* in a fixed order)."""
    stats: dict[str, Any] = {f"downloader/response_status_count/{n}": rng.randint(0, pages) for n in (200, 301, 404)}
    stats.update(
        {
            f"newscrawl/field/{field}/{how}": rng.randint(0, records)
            for field in FIELDS
            for how in ("json_ld", "meta", "selector", "missing")
        }
    )
    stats.update(
        {
            "response_received_count": pages,
            "newscrawl/exported": records,
            "finish_reason": "finished",
            "start_time": start.isoformat(),
            "elapsed_time_seconds": rng.uniform(5, 300),
            "memusage/max": rng.randint(10**8, 2 * 10**8),
            "scheduler/enqueued/disk": pages,
            "scheduler/dequeued/disk": pages,
            "downloader/request_bytes": pages * 300,
            "downloader/response_bytes": pages * 60_000,
            "log_count/INFO": rng.randint(10, 50),
        }
    )
    stats.update({f"newscrawl/dropped/{reason_}": n for reason_, n in dropped.items()})
    return stats


def write_run(root: Path, rep: dict[str, Any], headlines: tuple[str, ...] = ()) -> str:
    """The run's report (and its records' file when it has headlines); returns its stamp."""
    stamp = datetime.fromisoformat(rep["run"]["start"]).strftime(STAMP)
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{stamp}.report.json").write_text(json.dumps(rep, ensure_ascii=False, indent=2), encoding="utf-8")
    if headlines:
        lines = [
            json.dumps(
                {
                    "url": f"https://example.org/ur/news/{stamp}-{n}",
                    "headline": text,
                    "published_at": rep["run"]["start"],
                },
                ensure_ascii=False,
            )
            for n, text in enumerate(headlines)
        ]
        (root / f"{stamp}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return stamp


def write_history(
    data_dir: Path,
    sites: int = 9,
    days: int = 365,
    per_day: int = 24,
    now: datetime | None = None,
    seed: int = 7,
    jsonl_every: int = 24,
) -> int:
    """Hourly runs of *sites* sites for *days* days up to *now*; returns the number of reports.

    One site (the second) has its layout change three hours before *now* (exit 4 since).
    A records file is written for one run in *jsonl_every*, so the newest runs have headlines.
    """
    now = now or datetime.now(timezone.utc).replace(minute=17, second=0, microsecond=0)
    rng = random.Random(seed)
    written = 0
    for index, site in enumerate(SITES[:sites]):
        root = data_dir / site
        (root / "seen.sqlite3").parent.mkdir(parents=True, exist_ok=True)
        (root / "seen.sqlite3").write_bytes(b"\0" * 4096)
        total = days * per_day
        for n in range(total):
            start = now - timedelta(hours=24 / per_day * (total - 1 - n))
            broken = index == 1 and now - start < timedelta(hours=3)
            if broken:
                rep = report(site, start, 0, status="unhealthy", code=4, reason=LAYOUT_REASON, rng=rng)
            else:
                rep = report(site, start, rng.randint(0, 12), rng=rng)
            write_run(root, rep, HEADLINES if n % jsonl_every == total % jsonl_every else ())
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--sites", type=int, default=9)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=24)
    args = parser.parse_args()
    print(write_history(args.data_dir, args.sites, args.days, args.per_day), "reports")


if __name__ == "__main__":
    main()
