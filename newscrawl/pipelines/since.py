"""SincePipeline: with ``-a since=DATE``, an article published earlier is not exported.

Sitemaps, feeds and listing dates already skip most old articles before they are
fetched (newscrawl/spiders/discovery.py); this catches those reached by plain links.
An article without a date is kept: a field that cannot be read is no evidence of age.
"""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy import Spider
from scrapy.crawler import Crawler

from newscrawl.crawler.items import ArticleItem
from newscrawl.crawler.drops import drop


class SincePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SincePipeline":
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        spider: Spider | None = self.crawler.spider
        since: datetime | None = getattr(spider, "since", None)
        published = item.get("published_at")
        if since is not None and published and _moment(published) < since:
            self.stats.inc_value("newscrawl/dropped/older_than_since")
            raise drop("older_than_since", item, f"published {published}, before {since:%Y-%m-%d}")
        return item


def _moment(iso: str) -> datetime:
    """An ISO date; anything else sorts last (kept: it is no evidence of age).

    >>> _moment("2025-03-25T00:00:00+00:00").year
    2025
    >>> _moment("n/a").year
    9999
    """
    try:
        return datetime.fromisoformat(iso)
    except ValueError:  # not ISO: keep the article (dates.py writes ISO; anything else is no evidence)
        return datetime.max.replace(tzinfo=timezone.utc)
