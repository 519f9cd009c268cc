"""ValidatePipeline: an article without headline or body is dropped, counted and named."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from newscrawl.crawler.items import ArticleItem
from newscrawl.crawler.drops import drop

logger = logging.getLogger(__name__)


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ValidatePipeline":
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        for field, reason in (("headline", "no_headline"), ("body", "no_body")):
            if not item.get(field):
                self.stats.inc_value(f"newscrawl/dropped/{reason}")
                raise drop(reason, item, f"no {field} found")
        self.stats.inc_value("newscrawl/validated")
        return item
