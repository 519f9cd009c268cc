"""ArticleItem: the article record (newscrawl/core/record.py) as a Scrapy item.

Every spider yields :class:`ArticleItem`; every pipeline, the cron runner and
the dataset export read these fields and nothing else.
"""

from __future__ import annotations

import scrapy

from newscrawl.core.record import ARTICLE_FIELDS


class ArticleItem(scrapy.Item):
    """One news article: one Field per row of the record table (newscrawl/core/record.py), in its
    order, so a new field is added there alone. ``fields`` is what Scrapy's ItemMeta builds from
    declared Field attributes; given as a dict, it is used as it is."""

    fields = {name: scrapy.Field() for name in ARTICLE_FIELDS}
