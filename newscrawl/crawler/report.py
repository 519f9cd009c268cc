"""RunReport: the crawl's stats as one JSON file when the spider closes.

Setting: NEWSCRAWL_REPORT_PATH (default None: off). The demo's summary and the
cron runner's run report read this file instead of scraping the log.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.core.jsonfile import write_json


def summarize(stats: dict[str, Any]) -> dict[str, Any]:
    """The numbers a person asks about first, out of a flat Scrapy stats dict.

    >>> s = summarize({"newscrawl/exported": 3, "newscrawl/dropped/no_body": 1,
    ...                "newscrawl/dedup/content_hash": 2, "newscrawl/errors/http_404": 1})
    >>> s["articles_written"], s["dropped"], s["duplicates"], s["errors"]
    (3, {'no_body': 1}, {'content_hash': 2}, {'http_404': 1})
    """

    def group(prefix: str) -> dict[str, int]:
        return {key[len(prefix) :]: value for key, value in sorted(stats.items()) if key.startswith(prefix)}

    return {
        "articles_written": stats.get("newscrawl/exported", stats.get("item_scraped_count", 0)),
        "pages_fetched": stats.get("response_received_count", 0),
        "dropped": group("newscrawl/dropped/"),
        "duplicates": group("newscrawl/dedup/"),
        "errors": group("newscrawl/errors/"),
        "fields_by_strategy": group("newscrawl/field/"),
        "finish_reason": stats.get("finish_reason"),
    }


class RunReport:
    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RunReport":
        path = crawler.settings.get("NEWSCRAWL_REPORT_PATH")
        if not path:
            raise NotConfigured  # off unless a path is set
        extension = cls(crawler, Path(path))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = {
            key: (value.isoformat() if isinstance(value, datetime) else value)
            for key, value in self.crawler.stats.get_stats().items()
        }
        stats.setdefault("finish_reason", reason)
        report = {"spider": spider.name, "summary": summarize(stats), "stats": stats}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_json(self.path, report, indent=2)
