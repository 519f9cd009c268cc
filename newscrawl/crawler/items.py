"""ArticleItem: the article record (newscrawl/core/record.py) as a Scrapy item.

Every spider yields :class:`ArticleItem`; every pipeline, the cron runner and
the dataset export read these fields and nothing else.
"""

from __future__ import annotations

import scrapy

from newscrawl.core.record import ARTICLE_FIELDS, REQUIRED_FIELDS  # noqa: F401 - re-exported


class ArticleItem(scrapy.Item):
    """One news article, as the record table (newscrawl/core/record.py) describes it."""

    url = scrapy.Field()
    canonical_url = scrapy.Field()
    site = scrapy.Field()
    article_id = scrapy.Field()
    language = scrapy.Field()
    headline = scrapy.Field()
    published_at = scrapy.Field()
    published_precision = scrapy.Field()
    published_text = scrapy.Field()
    summary = scrapy.Field()
    body = scrapy.Field()
    source = scrapy.Field()
    keywords = scrapy.Field()
    read_also = scrapy.Field()
    crawled_at = scrapy.Field()
    content_hash = scrapy.Field()
    warc = scrapy.Field()


assert set(ArticleItem.fields) == set(ARTICLE_FIELDS), "ArticleItem and ARTICLE_FIELDS disagree"
