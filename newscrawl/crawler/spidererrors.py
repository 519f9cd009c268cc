"""ArticleExceptionMiddleware: an article page whose callback raised is a dropped page, with a reason.

Scrapy logs the traceback and counts ``spider_exceptions/<Class>``, but the page
is then simply gone: no ``newscrawl/dropped/*`` reason, so neither the run
report nor cron's health saw an article lost. This spider middleware counts it
as ``newscrawl/dropped/spider_exception`` with one log line naming the page,
and lets the exception go on to Scrapy's own accounting (returning ``None``),
which the cron health rule ``NEWSCRAWL_HEALTH_MAX_SPIDER_EXCEPTIONS`` reads.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError

logger = logging.getLogger(__name__)


class ArticleExceptionMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleExceptionMiddleware:
        return cls(crawler)

    def process_spider_exception(self, response: Response, exception: Exception) -> None:
        if response.meta.get("is_article") and not isinstance(exception, HttpError):  # HttpError: not a callback's
            logger.warning(
                "Dropped %s: the article callback raised %s: %.200s (newscrawl/dropped/spider_exception)",
                response.url,
                type(exception).__name__,
                exception,
            )
            self.stats.inc_value("newscrawl/dropped/spider_exception")
