"""The worker processes of ``newscrawl reextract``: each runs one Scrapy crawl of the archive.

Each worker process runs one Scrapy crawler per site of the archive (a replay of that site's
spider, :func:`~newscrawl.warc.replay.replay_spider`) over every file, taking every N-th article page, with the crawl's settings turned into a replay
(:func:`replay_settings`). The parent (:mod:`newscrawl.warc.reextract`) starts them, shows their
progress from shared counters, and merges their record files.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import Any

DEDUP_PIPELINE = "newscrawl.pipelines.dedup.DedupPipeline"
REMOTE_CONTROL = "scrapy.extensions.remote_control.RemoteControl"
#: Scrapy's extensions for talking to a live crawl, which a replay never starts
UNUSED_EXTENSIONS = (REMOTE_CONTROL, "scrapy.extensions.telnet.TelnetConsole")


def load_sites() -> dict[str, Any]:
    """Every site spider of the project (SPIDER_MODULES), by name."""
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    from newscrawl.spiders.base import NewsSpider

    loader = SpiderLoader.from_settings(get_project_settings())
    classes = {name: loader.load(name) for name in loader.list()}
    return {name: cls for name, cls in classes.items() if issubclass(cls, NewsSpider)}


def run_workers(
    files: list[Path], site: str | None, keys: list[Any], workers: int, scratch: Path, log: Path, progress: bool
) -> dict[Any, list[Path]] | None:
    """Start the worker processes, show progress, wait; their record files per site (None if one failed)."""
    context = multiprocessing.get_context("spawn")
    counters = [context.Array("q", 3, lock=False) for _ in range(workers)]
    parts = {key: [scratch / f"worker-{n}-site-{k}.jsonl" for n in range(workers)] for k, key in enumerate(keys)}
    processes = [
        context.Process(
            target=worker_main,
            args=(
                [str(f) for f in files],
                site,
                n,
                workers,
                [(key, str(parts[key][n])) for key in keys],
                str(log),
                counters[n],
            ),
        )
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    total = sum(path.stat().st_size for path in files)
    bar = progress_bar(total, "extracting") if progress else None
    while any(process.is_alive() for process in processes):
        time.sleep(0.5)
        if bar is not None:
            bar.n = min(counter[0] for counter in counters)
            bar.set_postfix(records=min(c[1] for c in counters), articles=sum(c[2] for c in counters), refresh=False)
            bar.refresh()
    if bar is not None:
        bar.n = total
        bar.close()
    failed = [n for n, process in enumerate(processes) if process.exitcode != 0]
    if failed:
        print(
            f"reextract: worker {failed[0]} failed (exit {processes[failed[0]].exitcode}); see {log}", file=sys.stderr
        )
        return None
    return parts


def progress_bar(total: int, what: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, desc=what, file=sys.stderr, mininterval=1)


def worker_main(
    files: list[str], site: str | None, worker: int, workers: int, jobs: list[tuple[Any, str]], log: str, progress: Any
) -> None:
    """One worker process: one Scrapy crawler per site of the archive, over its share of the pages."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from newscrawl.warc.replay import ReplayPlan, replay_spider

    settings = get_project_settings()
    settings.setdict(
        replay_settings(
            settings.getdict("ITEM_PIPELINES"),
            settings.getdict("DOWNLOADER_MIDDLEWARES"),
            log,
            settings.getdict("EXTENSIONS"),
        ),
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    site_classes = load_sites()
    crawlers = []
    for key, part in jobs:
        crawler = process.create_crawler(replay_spider(site_classes[key[0]], part))
        plan = ReplayPlan(files, tuple(key), site, worker, workers, progress)
        process.crawl(crawler, plan=plan, site_classes=site_classes)
        crawlers.append((crawler, part))
    process.start()
    # each crawler that ran to its end wrote its report (its records file only when it had records)
    if any(
        crawler.stats.get_value("log_count/CRITICAL") or not Path(part).with_suffix(".report.json").exists()
        for crawler, part in crawlers
    ):
        sys.exit(1)


def replay_settings(
    pipelines: dict[str, Any], middlewares: dict[str, Any], log: str, extensions: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The crawl's settings, turned into a replay: no network, no re-archiving, dedup done by the merge.

    Nothing a replay never uses is loaded: no download handler (``ReplayMiddleware`` answers
    every request; Scrapy imports each handler's module even when it is lazy, and the HTTP
    one's TLS imports cost a worker ~0.4 s of CPU), no telnet console and no remote control
    (a replay has no one to talk to).

    >>> s = replay_settings({DEDUP_PIPELINE: 200, "x.V": 100}, {}, "r.log")
    >>> s["ITEM_PIPELINES"], s["NEWSCRAWL_WARC_DIR"], s["ROBOTSTXT_OBEY"]
    ({'newscrawl.pipelines.dedup.DedupPipeline': None, 'x.V': 100}, None, False)
    >>> s["DOWNLOAD_HANDLERS"]["https"], s["EXTENSIONS"][REMOTE_CONTROL]
    (None, None)
    """
    from scrapy.settings.default_settings import DOWNLOAD_HANDLERS_BASE

    return {
        "DOWNLOAD_HANDLERS": dict.fromkeys(DOWNLOAD_HANDLERS_BASE),
        "EXTENSIONS": {**(extensions or {}), **dict.fromkeys(UNUSED_EXTENSIONS)},
        "ITEM_PIPELINES": {**pipelines, DEDUP_PIPELINE: None},
        "DOWNLOADER_MIDDLEWARES": {
            **middlewares,
            "newscrawl.warc.replay.ReplayMiddleware": 960,
            "newscrawl.crawler.middlewares.ScopeGuardMiddleware": None,
        },
        "NEWSCRAWL_WARC_DIR": None,
        "NEWSCRAWL_INCREMENTAL_ENABLED": False,
        "NEWSCRAWL_FURNITURE_PATH": None,
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "RETRY_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        # one page at a time, first in first out: records leave in archive order, which the merge keeps
        "CONCURRENT_REQUESTS": 1,
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "LOG_FILE": log,
        "LOG_FILE_APPEND": True,
        "LOG_LEVEL": "INFO",
    }
