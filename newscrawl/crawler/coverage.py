"""FieldCoverage: how many written records filled each field, and how alike their texts were.

The cron health rules (newscrawl/cron/coverage.py) compare a run's coverage with the site's
recent runs: a field the site filled on most pages that is suddenly missing on most pages
means the layout changed. Spidermon's field coverage does the counting part of this (see
docs/scheduled-crawls.md for why it is not used). Stats:

- ``newscrawl/coverage/records``: records written; ``newscrawl/coverage/<field>``: of which
  had the field filled (a non-empty value);
- ``newscrawl/health/texts``: records that reached deduplication (written, or dropped as a
  duplicate or as text shared by many URLs); ``newscrawl/health/same_text_max``: the largest number of them sharing one
  content hash (a site serving one page under every URL).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from newscrawl.crawler.drops import DuplicateArticle, FurnitureText

#: the fields whose coverage health watches (the ones a layout change loses)
COVERAGE_FIELDS = ("headline", "published_at", "body", "keywords", "read_also", "source")


class FieldCoverage:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.hashes: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "FieldCoverage":
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        return extension

    def item_scraped(self, item: Any) -> None:
        self.stats.inc_value("newscrawl/coverage/records")
        for field in COVERAGE_FIELDS:
            if item.get(field):
                self.stats.inc_value(f"newscrawl/coverage/{field}")
        self._count_text(item)

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        if isinstance(exception, (DuplicateArticle, FurnitureText)):
            self._count_text(item)

    def _count_text(self, item: Any) -> None:
        # kept current item by item: the run report is written on spider_closed, maybe before us
        digest = item.get("content_hash")
        if digest:
            self.hashes[digest] += 1
            self.stats.inc_value("newscrawl/health/texts")
            self.stats.max_value("newscrawl/health/same_text_max", self.hashes[digest])
