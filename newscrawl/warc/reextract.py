"""``python -m newscrawl reextract FILES... -o OUT.jsonl``: records again from archived pages.

Each worker process (:mod:`newscrawl.warc.workers`) replays every file, taking every N-th
article page: the site spiders, the provenance stamp and every item pipeline but
deduplication run as in a crawl. Deduplication
needs the whole archive in crawl order, so it runs here, over the workers' records
merged back into archive order, with the crawl's own DedupPipeline. Memory stays
flat in the number of records: files are streamed, one page at a time per worker.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawl.rules.exitcodes import EXIT_REEXTRACT_DAMAGED
from newscrawl.warc.workers import load_sites, progress_bar, run_workers

logger = logging.getLogger(__name__)

#: scan's count of the archive's pages on hosts no site file claims, by host (for the one-line hint)
UNKNOWN_HOSTS = "newscrawl/reextract/unknown_hosts"
#: skip reasons that are the archive's fault (exit 3), not a choice (too_large, not_2xx, unknown_host...)
ARCHIVE_FAULTS = ("bad_date", "no_target_uri")


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
    problem = input_problem(files, args.workers)
    if problem:
        print(f"reextract: {problem}", file=sys.stderr)
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
    if lost := unreadable(stats):
        print(
            f"reextract: {written} records written, but {lost} of the archive could not be read and were skipped "
            f"(named above); exit {EXIT_REEXTRACT_DAMAGED}",
            file=sys.stderr,
        )
        return EXIT_REEXTRACT_DAMAGED
    return 0


def input_problem(files: list[Path], workers: int) -> str | None:
    """Why the command line cannot run (one line), or None: before anything is read."""
    missing = [str(path) for path in files if not path.is_file()]
    names = Counter(path.name for path in files)
    if missing:
        return f"no such file: {', '.join(missing)}"
    if any(count > 1 for count in names.values()):  # records name their file by its base name
        return f"two files share a name: {', '.join(n for n, c in names.items() if c > 1)}"
    if workers < 1:
        return "--workers must be at least 1"
    return None


def unreadable(stats: dict[str, Any]) -> str:
    """The archive's own faults, for the exit code: damaged stretches and records no reader can date
    or place. A payload over DOWNLOAD_MAXSIZE is not one: the crawl would not have kept it either.

    >>> unreadable({"newscrawl/reextract/damaged": 2, "newscrawl/reextract/skipped/bad_date": 1,
    ...             "newscrawl/reextract/skipped/too_large": 4})
    '3 records (damaged 2, bad_date 1)'
    >>> unreadable({"newscrawl/reextract/damaged": 0, "newscrawl/reextract/skipped/too_large": 4})
    ''
    """
    found = {"damaged": stats.get("newscrawl/reextract/damaged", 0)}
    found |= {why: stats.get(f"newscrawl/reextract/skipped/{why}", 0) for why in ARCHIVE_FAULTS}
    found = {why: n for why, n in found.items() if n}
    if not found:
        return ""
    return f"{sum(found.values())} records ({', '.join(f'{why} {n}' for why, n in found.items())})"


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
    bar = progress_bar(sum(path.stat().st_size for path in files), "scanning") if progress else None

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
