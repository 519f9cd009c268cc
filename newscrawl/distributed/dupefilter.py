"""RedisArticleDupeFilter: the shared frontier's duplicate filter (see frontier.py)."""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy_redis.dupefilter import RFPDupeFilter

from newscrawl.crawler.dupefilter import META_KEY, article_key_fingerprint
from newscrawl.distributed import redis_client


class RedisArticleDupeFilter(RFPDupeFilter):
    """scrapy-redis's Redis set of fingerprints, with the article keys of newscrawl.crawler.dupefilter.

    Fingerprints come from the crawler's REQUEST_FINGERPRINTER_CLASS (scrapy-redis's
    own ignores it), so a Redis crawl and an embedded one agree on what a duplicate is.
    """

    fingerprinter: Any = None

    @classmethod
    def from_spider(cls, spider: Spider) -> "RedisArticleDupeFilter":
        crawler = spider.crawler
        dupefilter = cls(
            redis_client(crawler.settings),
            key=crawler.settings["SCHEDULER_DUPEFILTER_KEY"] % {"spider": spider.name},
            debug=crawler.settings.getbool("DUPEFILTER_DEBUG"),
        )
        dupefilter.fingerprinter = crawler.request_fingerprinter
        return dupefilter

    def request_fingerprint(self, request: Request) -> str:
        return self.fingerprinter.fingerprint(request).hex()

    def fingerprints(self, request: Request) -> list[str]:
        """The URL's fingerprint and, for an article, its key's: seen when either was."""
        members = [self.request_fingerprint(request)]
        article_key = request.meta.get(META_KEY)
        if article_key is not None and "redirect_urls" not in request.meta:  # see newscrawl.crawler.dupefilter
            members.append(article_key_fingerprint(article_key).hex())
        return members

    def request_seen(self, request: Request) -> bool:
        members = self.fingerprints(request)
        return self.server.sadd(self.key, *members) < len(members)
