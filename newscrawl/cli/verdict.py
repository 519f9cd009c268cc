"""The end of every crawl command: the demo's summary, a one-line verdict and the exit code.

Shared by ``newscrawl crawl`` and ``scrapy crawl`` inside the checkout, so both exit
with the codes ``newscrawl cron`` uses (newscrawl/rules/exitcodes.py, docs/exit-codes.md).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any, TextIO

from scrapy.crawler import Crawler

from newscrawl.rules.health import judge
from newscrawl.crawler.report import summarize

logger = logging.getLogger(__name__)


def format_summary(summary: dict[str, Any], out: Path | str) -> str:
    """A few lines a person reads at a glance.

    >>> print(format_summary({"articles_written": 2, "pages_fetched": 5, "dropped": {"http_404": 1},
    ...                       "duplicates": {}, "errors": {}}, Path("a.jsonl")))
    articles written : 2  -> a.jsonl
    pages fetched    : 5
    pages dropped    : 1 (http_404: 1)
    duplicates       : 0
    errors           : 0
    """

    def line(name: str, counts: dict[str, int]) -> str:
        total = sum(counts.values())
        detail = ", ".join(f"{key}: {value}" for key, value in counts.items())
        return f"{name:<17}: {total}" + (f" ({detail})" if detail else "")

    return "\n".join(
        [
            f"{'articles written':<17}: {summary['articles_written']}  -> "
            + (str(out) if summary["articles_written"] else "(no file written)"),
            f"{'pages fetched':<17}: {summary['pages_fetched']}",
            line("pages dropped", summary["dropped"]),
            line("duplicates", summary["duplicates"]),
            line("errors", summary["errors"]),
        ]
    )


def output_of(settings: Any) -> str:
    """Where the crawl wrote its articles, for the summary line.

    >>> from scrapy.settings import Settings
    >>> output_of(Settings({"FEEDS": {"a.jsonl": {"format": "jsonlines"}}}))
    'a.jsonl'
    >>> output_of(Settings())
    '(no output file: use -o FILE)'
    """
    path = settings.get("NEWSCRAWL_JSONL_PATH")
    if path:
        return str(path)
    feeds = settings.getdict("FEEDS")
    return ", ".join(str(uri) for uri in feeds) if feeds else "(no output file: use -o FILE)"


def finish(crawler: Crawler, crawl_status: int, stream: TextIO | None = sys.stderr) -> int:
    """Print the summary and the verdict of a finished *crawler*; return the exit code.

    *stream* None: into Scrapy's log instead (a crawl run by the demo or cron with LOG_FILE,
    whose caller prints its own summary and verdict).
    """
    stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
    incremental = crawler.settings.getbool("NEWSCRAWL_INCREMENTAL_ENABLED")
    status, reason, code = judge(stats, crawl_status, crawler.settings, expect_articles=not incremental)
    name = getattr(crawler.spidercls, "name", "crawl")
    lines = format_summary(summarize(stats), output_of(crawler.settings)).splitlines() if stats else []
    if not stats:
        reason = f"the crawl did not start (exit status {crawl_status}); see the log above"
    log = crawler.settings.get("LOG_FILE")
    lines.append(f"{name}: {status}: {reason} (exit {code})" + (f"; log: {log}" if log and stream else ""))
    if stream is None:
        for line in lines:
            logger.log(logging.INFO if code == 0 else logging.ERROR, line)
    else:
        print("\n".join(lines), file=stream, flush=True)
    return code
