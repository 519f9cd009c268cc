"""SincePipeline: with ``-a since=DATE``, an article published on an earlier calendar day (in the
offset its date was written in: a Pakistani site's ``15 جولائی 2021`` is the 15th) is not exported.

Sitemaps, feeds and listing dates already skip most old articles before they are
fetched (newscrawl/spiders/discovery.py); this catches those reached by plain links.
An article without a date is kept: a field that cannot be read is no evidence of age.
"""

from __future__ import annotations

from datetime import datetime

from scrapy import Spider
from scrapy.crawler import Crawler

from newscrawl.core.dates import before_since
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
        if since is not None and published and _before(published, since):
            self.stats.inc_value("newscrawl/dropped/older_than_since")
            raise drop("older_than_since", item, f"published {published}, before {since:%Y-%m-%d}")
        return item


def _before(iso: str, since: datetime) -> bool:
    """Published on a calendar day before *since*'s, each in its own offset; text that is not ISO
    is no evidence of age (kept).

    >>> from datetime import timezone
    >>> since = datetime(2021, 7, 15, tzinfo=timezone.utc)
    >>> _before("2021-07-15T00:00:00+05:00", since), _before("2021-07-14T10:00:00+00:00", since), _before("n/a", since)
    (False, True, False)
    """
    try:
        return before_since(iso, since)
    except ValueError:  # not ISO: keep the article (dates.py writes ISO; anything else is no evidence)
        return False
