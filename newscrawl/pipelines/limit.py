"""MaxArticlesPipeline: ``--max-articles N`` writes at most N articles.

Scrapy's CLOSESPIDER_ITEMCOUNT stops the crawl once N items are scraped, but the
pages already in flight still yield theirs; this pipeline drops every article
after the N-th (``newscrawl/limit/max_articles``), so the cap is exact.
Setting: NEWSCRAWL_MAX_ARTICLES (default 0: off).
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.crawler.drops import drop
from newscrawl.crawler.items import ArticleItem


class MaxArticlesPipeline:
    def __init__(self, crawler: Crawler, limit: int) -> None:
        self.stats = crawler.stats
        self.limit = limit
        self.passed = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MaxArticlesPipeline:
        limit = crawler.settings.getint("NEWSCRAWL_MAX_ARTICLES")
        if limit <= 0:
            raise NotConfigured
        return cls(crawler, limit)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if self.passed >= self.limit:
            assert self.stats is not None
            self.stats.inc_value("newscrawl/limit/max_articles")
            raise drop("max_articles", item, f"over --max-articles {self.limit}", group="limit")
        self.passed += 1
        return item
