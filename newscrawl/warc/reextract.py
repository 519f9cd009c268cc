"""``python -m newscrawl reextract FILES... -o OUT.jsonl``: records again from archived pages.

Each worker process runs one Scrapy crawl of :class:`~newscrawl.warc.replay.ArchiveReplaySpider`
over every file, taking every N-th article page: the site spiders, the provenance
stamp and every item pipeline but deduplication run as in a crawl. Deduplication
needs the whole archive in crawl order, so it runs here, over the workers' records
merged back into archive order, with the crawl's own DedupPipeline. Memory stays
flat in the number of records: files are streamed, one page at a time per worker.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

DEDUP_PIPELINE = "newscrawl.pipelines.dedup.DedupPipeline"
REMOTE_CONTROL = "scrapy.extensions.remote_control.RemoteControl"
#: Scrapy's extensions for talking to a live crawl, which a replay never starts
UNUSED_EXTENSIONS = (REMOTE_CONTROL, "scrapy.extensions.telnet.TelnetConsole")
#: scan's count of the archive's pages on hosts no site file claims, by host (for the one-line hint)
UNKNOWN_HOSTS = "newscrawl/reextract/unknown_hosts"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="WARC files (.warc.gz or .warc), ours or any other crawler's (e.g. CC-NEWS)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT.jsonl",
        help="where the records go (written as OUT.jsonl.part, renamed when complete)",
    )
    parser.add_argument(
        "--site",
        metavar="NAME",
        help="parse every page as this site (e.g. a mirror's pages, or 'urdu' for any host); "
        "default: the site whose site file claims the page's host",
    )
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, metavar="N", help="worker processes (default: every core)"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def main(args: argparse.Namespace) -> int:
    from newscrawl.warc.merge import merge_records, merge_stats

    files = list(args.files)
    missing = [str(path) for path in files if not path.is_file()]
    names = Counter(path.name for path in files)
    if missing:
        print(f"reextract: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    if any(count > 1 for count in names.values()):  # records name their file by its base name
        print(f"reextract: two files share a name: {', '.join(n for n, c in names.items() if c > 1)}", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("reextract: --workers must be at least 1", file=sys.stderr)
        return 2
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    from newscrawl.warc.replay import Router

    site_classes = load_sites()
    if args.site is not None and args.site not in site_classes:
        print(f"reextract: no site named {args.site!r}; known: {', '.join(sorted(site_classes))}", file=sys.stderr)
        return 2
    output: Path = args.output
    try:  # before the long scan: an unwritable output is one line, not a traceback at the end
        output.parent.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=output.parent).close()
    except OSError as error:
        print(f"reextract: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return 2
    router = Router(site_classes, args.site)
    stats, keys = scan(files, router, progress=not args.no_progress)
    if not keys:
        print(no_site_line(stats, site_classes), file=sys.stderr)
        return 2 if stats.get(UNKNOWN_HOSTS) else 1
    with tempfile.TemporaryDirectory(prefix=".reextract-", dir=output.parent) as scratch:
        parts = run_workers(
            files,
            args.site,
            keys,
            args.workers,
            Path(scratch),
            output.with_suffix(".log"),
            progress=not args.no_progress,
        )
        if parts is None:
            return 1
        stats.update(merge_stats(part.with_suffix(".report.json") for group in parts.values() for part in group))
        written, dedup = merge_records(parts, [path.name for path in files], router, output)
    stats["newscrawl/exported"] = written
    stats.update(dedup)
    report = output.with_suffix(".report.json")
    report.write_text(json.dumps(stats, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
    print(summary(stats, output), file=sys.stderr)
    if not written:
        print(f"reextract: no article re-extracted into {output} (see the counts above)", file=sys.stderr)
        return 1
    return 0


def no_site_line(stats: dict[str, Any], site_classes: dict[str, Any]) -> str:
    """Why nothing can be re-extracted, in one line: the archive's hosts and the ``--site`` option.

    >>> no_site_line({UNKNOWN_HOSTS: {"127.0.0.1:8000": 9}}, {"jang": 0, "urdu": 0})
    "reextract: no page is on a known site's host (hosts in the archive: 127.0.0.1:8000 (9 pages)); a mirror's pages need --site NAME (known: jang, urdu; 'urdu' reads any host)"
    """
    hosts = stats.get(UNKNOWN_HOSTS) or {}
    if not hosts:
        return "reextract: the archive holds no 2xx page of any site; nothing to re-extract"
    named = ", ".join(f"{host} ({n} pages)" for host, n in sorted(hosts.items(), key=lambda kv: -kv[1])[:5])
    return (
        f"reextract: no page is on a known site's host (hosts in the archive: {named}); a mirror's pages "
        f"need --site NAME (known: {', '.join(sorted(site_classes))}; 'urdu' reads any host)"
    )


def load_sites() -> dict[str, Any]:
    """Every site spider of the project (SPIDER_MODULES), by name."""
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    from newscrawl.spiders.base import NewsSpider

    loader = SpiderLoader.from_settings(get_project_settings())
    classes = {name: loader.load(name) for name in loader.list()}
    return {name: cls for name, cls in classes.items() if issubclass(cls, NewsSpider)}


def scan(files: list[Path], router: Any, progress: bool) -> tuple[dict[str, Any], list[Any]]:
    """One pass over the headers: which sites the archive holds, what is skipped and why, what is damaged.

    Cheap next to extraction (bodies are not read), and it lets each worker start one
    crawler per site, each with that site's spider as the crawler's spider.
    """
    from scrapy.utils.project import get_project_settings

    from newscrawl.warc.reader import ReadCounts, read_responses

    max_bytes = get_project_settings().getint("DOWNLOAD_MAXSIZE")  # the workers skip the same records
    counts, skipped, unknown_hosts = ReadCounts(), Counter[str](), Counter[str]()
    keys: dict[Any, None] = {}  # in order of first appearance
    bar = _progress_bar(sum(path.stat().st_size for path in files), "scanning") if progress else None

    def wanted(url: str, status: int, content_type: str, record_type: str) -> bool:
        key, kind = router.classify(url, status, content_type)
        if key is None:
            skipped[kind] += 1
            if kind == "unknown_host":
                unknown_hosts[urlsplit(url).netloc] += 1
        else:
            keys.setdefault(key, None)
        return False

    done = 0
    for path in files:

        def position(offset: int, done: int = done) -> None:
            if bar is not None:
                bar.update(done + offset - bar.n)

        for _ in read_responses(path, wanted, counts, position, max_bytes):
            pass
        done += path.stat().st_size
    if bar is not None:
        bar.close()
    skipped.update(counts.skipped)  # unusable records: no date, too large
    stats: dict[str, Any] = {f"newscrawl/reextract/skipped/{reason}": n for reason, n in skipped.items()}
    stats["newscrawl/reextract/unusable_at"] = [f"{d.file}@{d.offset}: {d.why}" for d in counts.bad]
    stats["newscrawl/reextract/records_read"] = counts.records
    stats[UNKNOWN_HOSTS] = dict(unknown_hosts)
    stats["newscrawl/reextract/damaged"] = len(counts.damaged)
    stats["newscrawl/reextract/damaged_at"] = [f"{d.file}@{d.offset}: {d.why}" for d in counts.damaged]
    stats["newscrawl/reextract/sites"] = sorted(f"{name}{' (' + base + ')' if base else ''}" for name, base in keys)
    return stats, list(keys)


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
    bar = _progress_bar(total, "extracting") if progress else None
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


def _progress_bar(total: int, what: str) -> Any:
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


def summary(stats: dict[str, Any], output: Path) -> str:
    def group(prefix: str) -> str:
        found = {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix) and v}
        return ", ".join(f"{k}: {v}" for k, v in found.items()) or "none"

    lines = [
        f"records read     : {stats.get('newscrawl/reextract/records_read', 0)}",
        f"sites            : {', '.join(stats.get('newscrawl/reextract/sites', [])) or 'none'}",
        f"pages replayed   : {group('newscrawl/reextract/replayed/')}",
        f"articles written : {stats.get('newscrawl/exported', 0)}  -> {output}",
        f"pages dropped    : {group('newscrawl/dropped/')}",
        f"duplicates       : {group('newscrawl/dedup/')}",
        f"records skipped  : {group('newscrawl/reextract/skipped/')}",
        *(f"  {where}" for where in stats.get("newscrawl/reextract/unusable_at", [])),
        f"damaged records  : {stats.get('newscrawl/reextract/damaged', 0)}",
        *(f"  {where}" for where in stats.get("newscrawl/reextract/damaged_at", [])),
    ]
    return "\n".join(lines)
