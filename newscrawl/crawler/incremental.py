"""IncrementalMiddleware: a scheduled run fetches only what is new.

A spider middleware, so it sees everything a callback yields and needs no hook
in the spiders:

- an article request (``meta["is_article"]``) whose URL or article key
  (``meta["newscrawl_article_key"]``) is in the seen-store is dropped and
  counted ``newscrawl/seen/skipped``; ``meta["newscrawl_refetch"] = True``
  forces a fetch (the request-level layer of scrapy-deltafetch's three);
- a request of the generic spider (``meta["newscrawl_maybe_article"]``: any page may
  be an article, the page decides) is filtered as an article request, and its page is
  no listing page: the stale-pagination rule, made for listing chains, would end a
  ``cron urdu`` walk after two hops (its page budget bounds the walk instead);
- a listing page is *stale* when it yields no article request that survived
  the filter (``newscrawl/crawler/incremental/stale_pages``). The count of consecutive
  stale pages travels down the pagination chain in
  ``meta["newscrawl_stale_pages"]`` (so concurrent branches do not mix, and a
  JOBDIR resume keeps it); once it reaches NEWSCRAWL_INCREMENTAL_STALE_PAGES,
  the page's listing requests (next page, sections) are dropped and counted
  ``newscrawl/crawler/incremental/pagination_stopped``. 0 walks every listing page
  (``cron --full``). The listing requests of a page are held back until the
  page's output is complete, so the rule does not depend on the order in which
  a callback yields articles and next pages.

- a pagination chain that goes ``NEWSCRAWL_INCREMENTAL_MAX_DEPTH`` listing pages
  past the last page linking a known article is held for the next run
  (``newscrawl.crawler.budget``): an endless archive cannot keep a run going forever,
  and the next run continues where this one stopped.

Listing pages themselves are always fetched: that is where new articles appear.
Switched on by NEWSCRAWL_INCREMENTAL_ENABLED (the cron command does); a plain
``scrapy crawl`` stays a full, repeatable crawl.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.crawler.budget import DEPTH_KEY, load_held, save_held
from newscrawl.crawler.dupefilter import META_KEY
from newscrawl.spiders.discovery import DISCOVERY_KEY
from newscrawl.state import SeenStore, seen_store

STALE_KEY = "newscrawl_stale_pages"
MAYBE_ARTICLE_KEY = "newscrawl_maybe_article"
REFETCH_KEY = "newscrawl_refetch"


class IncrementalMiddleware:
    def __init__(
        self, crawler: Crawler, store: SeenStore, stale_pages: int, max_depth: int = 0, resume_path: Path | None = None
    ) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store = store
        self.stale_pages = stale_pages
        self.max_depth = max_depth
        self.resume_path = resume_path
        self.held: list[Request] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "IncrementalMiddleware":
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_INCREMENTAL_ENABLED"):
            raise NotConfigured
        resume = settings.get("NEWSCRAWL_INCREMENTAL_RESUME_PATH")
        middleware = cls(
            crawler,
            seen_store(crawler),
            settings.getint("NEWSCRAWL_INCREMENTAL_STALE_PAGES", 2),
            settings.getint("NEWSCRAWL_INCREMENTAL_MAX_DEPTH", 0),
            Path(resume) if resume else None,
        )
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        if self.resume_path is not None and self.crawler.spider is not None:
            for request in load_held(self.resume_path, self.crawler.spider):
                yield request
        async for item_or_request in start:
            yield item_or_request

    def spider_closed(self) -> None:
        if self.resume_path is not None and self.held and self.crawler.spider is not None:
            save_held(self.resume_path, self.held, self.crawler.spider)

    def hold(self, requests: list[Request]) -> None:
        self.stats.inc_value("newscrawl/crawler/budget/pagination_depth", len(requests))
        self.held.extend(requests)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        page = _Page(self, response)
        for obj in result:
            yield from page.take(obj)
        yield from page.finish()

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        page = _Page(self, response)
        async for obj in result:
            for out in page.take(obj):
                yield out
        for out in page.finish():
            yield out

    def known(self, request: Request) -> bool:
        if request.meta.get(REFETCH_KEY):
            return False
        key = request.meta.get(META_KEY)
        return self.store.contains_url(request.url) or (key is not None and self.store.contains_key(key))


class _Page:
    """The output of one callback: known articles filtered, listing requests held to the end."""

    def __init__(self, middleware: IncrementalMiddleware, response: Response) -> None:
        self.mw = middleware
        # robots.txt, sitemaps and feeds are not listing pages: their dates bound them (discovery.py)
        meta = response.meta
        self.is_listing = not (meta.get("is_article") or meta.get(MAYBE_ARTICLE_KEY) or meta.get(DISCOVERY_KEY))
        self.stale_before = response.meta.get(STALE_KEY, 0)
        self.depth_before = response.meta.get(DEPTH_KEY, 0)
        self.new_articles = 0
        self.known_articles = 0
        self.listings: list[Request] = []

    def take(self, obj: Any) -> Iterator[Any]:
        if not isinstance(obj, Request):
            yield obj
        elif obj.meta.get("is_article") or obj.meta.get(MAYBE_ARTICLE_KEY):
            if self.mw.known(obj):
                self.known_articles += 1
                self.mw.stats.inc_value("newscrawl/seen/skipped")
            else:
                self.new_articles += 1
                yield obj
        elif self.is_listing and not obj.meta.get(DISCOVERY_KEY):
            self.listings.append(obj)
        else:
            yield obj

    def finish(self) -> Iterator[Any]:
        if not self.is_listing:
            return
        stale = 0 if self.new_articles else self.stale_before + 1
        if stale:
            self.mw.stats.inc_value("newscrawl/crawler/incremental/stale_pages")
        if self.mw.stale_pages and stale >= self.mw.stale_pages:
            if self.listings:
                self.mw.stats.inc_value("newscrawl/crawler/incremental/pagination_stopped", len(self.listings))
            return
        depth = 0 if self.known_articles else self.depth_before + 1
        if self.mw.max_depth and depth > self.mw.max_depth:
            for request in self.listings:
                request.meta[STALE_KEY] = stale
            self.mw.hold(self.listings)
            return
        for request in self.listings:
            request.meta[STALE_KEY] = stale
            request.meta[DEPTH_KEY] = depth
            yield request
