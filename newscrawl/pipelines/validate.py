"""ValidatePipeline: an article without headline or body is dropped, counted and named."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from newscrawl.crawler.items import ArticleItem
from newscrawl.pipelines import MissingBody, MissingHeadline

logger = logging.getLogger(__name__)


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ValidatePipeline":
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        for field, reason, error in (("headline", "no_headline", MissingHeadline), ("body", "no_body", MissingBody)):
            if not item.get(field):
                self.stats.inc_value(f"newscrawl/dropped/{reason}")
                raise error(f"no {field} found on {item.get('url')} (newscrawl/dropped/{reason})")
        self.stats.inc_value("newscrawl/validated")
        return item
