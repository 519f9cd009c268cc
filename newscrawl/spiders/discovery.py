"""Discovery beyond listing pages: robots.txt ``Sitemap:`` lines, sitemaps, news sitemaps, feeds.

Mixed into NewsSpider: what a sitemap or feed entry becomes (a request, or a count). The files
are read in :mod:`newscrawl.spiders.sitemaps` (Scrapy's ``Sitemap``, keeping the Google News
fields) and :mod:`newscrawl.spiders.feeds` (lxml, streamed, in a thread). Every file is bounded: the download by
``download_maxsize`` and a gzip body by the same cap once inflated. A broken or
hostile file is logged and counted (``newscrawl/discovery/<reason>``); the crawl
goes on. ``since`` (``-a since=DATE``) and NEWSCRAWL_DISCOVERY_SINCE (cron) skip
entries a sitemap or feed dates earlier, and child sitemaps last modified earlier.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.internet.threads import deferToThread

from newscrawl.config import parse_since
from newscrawl.core.dates import before_since
from newscrawl.core.urls import canonicalize_url
from newscrawl.spiders.listing_dates import dated_links
from newscrawl.spiders.feeds import FEED_ROOTS, MAX_NAMED, FeedRead, declared_feeds, read_feed
from newscrawl.spiders.sitemaps import Entry, open_sitemap, sitemap_entries

DISCOVERY_KEY = "newscrawl_discovery"
#: how many sitemap indexes above this one (robots.txt's or the site's own sitemap: 0)
INDEX_DEPTH_KEY = "newscrawl_sitemap_depth"
#: an index is read at depth 0 and, nested once as sites do, 1; deeper ones never
MAX_INDEX_DEPTH = 1
#: Request priorities (Scrapy pops the highest first): an article as soon as it is known, then
#: sitemaps and feeds (they name articles), then listing pages; so a limit (--max-pages,
#: --max-articles, a stop) spends its pages on articles, not on the category walk.
ARTICLE_PRIORITY = 20
DISCOVERY_PRIORITY = 10
LISTING_PRIORITY = 0


class DiscoveryMixin:
    """Sitemap and feed callbacks; the spider says what a discovered URL becomes (``discovered``)."""

    since: datetime | None = None
    # read from the settings in from_crawler; a spider built without a crawler (a unit test) discovers nothing more
    discovery_enabled: bool = False
    discovery_max_bytes: int = 50 * 1024 * 1024
    discovery_max_sitemaps: int = 1000
    discovery_max_feed_entries: int = 5000
    discovery_fetched: int = 0
    entries_since: datetime | None = None
    #: canonical URLs a sitemap or feed dated before ``since`` (see since_filter)
    dated_older: set[str] = set()
    #: declared on NewsSpider and set by each site file: sitemaps and feeds (paths or URLs),
    #: read beside those found in robots.txt and in pages
    sitemaps: ClassVar[tuple[str, ...]]
    feeds: ClassVar[tuple[str, ...]]

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Any:
        spider = super().from_crawler(crawler, *args, **kwargs)  # type: ignore[misc]
        spider.discovery_settings()
        return spider

    def discovery_settings(self) -> None:
        settings = self.crawler.settings  # type: ignore[attr-defined]
        # a section-only crawl (-a start_paths) stays on its listing pages
        self.discovery_enabled = (
            settings.getbool("NEWSCRAWL_DISCOVERY_ENABLED", True) and getattr(self, "section_paths", None) is None
        )
        self.discovery_max_bytes = settings.getint("NEWSCRAWL_DISCOVERY_MAX_BYTES", 50 * 1024 * 1024)
        self.discovery_max_sitemaps = settings.getint("NEWSCRAWL_DISCOVERY_MAX_SITEMAPS", 1000)
        self.discovery_max_feed_entries = settings.getint("NEWSCRAWL_DISCOVERY_MAX_FEED_ENTRIES", 5000)
        self.discovery_fetched = 0
        cron_since = parse_since(settings.get("NEWSCRAWL_DISCOVERY_SINCE"))
        # entries are skipped before the later of the two cuts
        cuts = [cut for cut in (self.since, cron_since) if cut is not None]
        self.entries_since = max(cuts) if cuts else None
        self.dated_older = set()

    def discovery_requests(self) -> Iterator[scrapy.Request]:
        """robots.txt (for its Sitemap: lines), then the site's declared sitemaps and feeds."""
        if not self.discovery_enabled:
            return
        base = self.base_url  # type: ignore[attr-defined]
        yield from self._discovery_request(urljoin(base, "/robots.txt"), self.parse_robots, "robots")
        for path in self.sitemaps:
            yield from self._discovery_request(_absolute(base, path), self.parse_sitemap, "sitemap")
        for path in self.feeds:
            yield from self._discovery_request(_absolute(base, path), self.parse_feed, "feed")

    def feed_links(self, response: TextResponse) -> Iterator[scrapy.Request]:
        """Feeds a page declares with ``<link rel="alternate" type="application/rss+xml">``."""
        if not self.discovery_enabled:
            return
        for url in declared_feeds(response):
            if self._on_allowed_host(url):  # type: ignore[attr-defined]
                yield from self._discovery_request(url, self.parse_feed, "feed")

    def _discovery_request(self, url: str, callback: Any, kind: str, depth: int = 0) -> Iterator[scrapy.Request]:
        """The request for a robots.txt, sitemap or feed, unless a budget is spent (then counted, nothing).

        Sitemaps and feeds are inside the budgets: at most NEWSCRAWL_DISCOVERY_MAX_SITEMAPS per crawl
        (an index of 10,000 sitemaps, or of indexes naming new indexes, ends there), and each is
        a page of the generic spider's page budget (:meth:`spend_page_budget`).
        """
        if kind != "robots":
            if self.discovery_fetched >= self.discovery_max_sitemaps:
                self.crawler.stats.inc_value("newscrawl/discovery/over_budget")  # type: ignore[attr-defined]
                return
            if not self.spend_page_budget():
                return
            self.discovery_fetched += 1
        yield scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,  # type: ignore[attr-defined]
            priority=DISCOVERY_PRIORITY,
            # robots.txt was retried by RobotsTxtMiddleware already: read it once more, no retries
            meta={
                DISCOVERY_KEY: kind,
                INDEX_DEPTH_KEY: depth,
                "download_maxsize": self.discovery_max_bytes,
                "dont_retry": kind == "robots",
            },
        )

    def spend_page_budget(self) -> bool:
        """One more page within the spider's own page budget? (Site spiders have none; the generic one has.)"""
        return True

    # -- callbacks ----------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            if self._on_allowed_host(url):  # type: ignore[attr-defined]
                yield from self._discovery_request(url, self.parse_sitemap, "sitemap")
            else:
                self._count("off_site", url, "sitemap on another host")

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request] | AsyncIterator[scrapy.Request]:
        """A sitemap index (-> its sitemaps) or a urlset (-> its pages), Google News or not; a feed
        listed as a sitemap, as search engines allow, is read as a feed (off the reactor thread)."""
        sitemap = open_sitemap(response, self.discovery_max_bytes, self._count)
        if sitemap is None:
            return ()
        if sitemap.type in FEED_ROOTS:
            return self.parse_feed(response)
        return self._sitemap_requests(sitemap, response)

    def _sitemap_requests(self, sitemap: Any, response: Response) -> Iterator[scrapy.Request]:
        if sitemap.type not in ("urlset", "sitemapindex"):
            self._count("invalid_sitemap", response.url, f"root element <{sitemap.type}> is not a sitemap")
            return
        is_index = sitemap.type == "sitemapindex"
        depth = response.request.meta.get(INDEX_DEPTH_KEY, 0) if response.request is not None else 0
        if is_index and depth > MAX_INDEX_DEPTH:  # the protocol allows no nesting; sites nest once at most
            self._count("index_too_deep", response.url, f"a sitemap index {depth} indexes deep is not read")
            return
        stats = self.crawler.stats  # type: ignore[attr-defined]
        stats.inc_value("newscrawl/discovery/sitemap_indexes" if is_index else "newscrawl/discovery/sitemaps")
        for entry in sitemap_entries(sitemap, response, self._count):
            if not is_index:
                yield from self._follow(entry, "sitemap")
            elif self._older(entry.dated):
                stats.inc_value("newscrawl/discovery/older_than_since")
            elif not self._on_allowed_host(entry.url):  # type: ignore[attr-defined]
                stats.inc_value("newscrawl/discovery/off_site")
            else:
                yield from self._discovery_request(entry.url, self.parse_sitemap, "sitemap", depth + 1)

    async def parse_feed(self, response: Response) -> AsyncIterator[scrapy.Request]:
        """An RSS or Atom feed: its entries' links, skipping those dated before ``since``.

        Read in a thread of the reactor's pool: a feed of a million links never stops the crawl
        fetching and parsing other pages (nor, with Redis, renewing its lease) meanwhile.
        """
        read = await maybe_deferred_to_future(
            deferToThread(
                read_feed,
                response.body,
                response.url,
                self.discovery_max_feed_entries,
                self._on_allowed_host,  # type: ignore[attr-defined]  # reads the spider's hosts only
            )
        )
        for request in self.feed_requests(read):
            yield request

    def feed_requests(self, read: FeedRead) -> Iterator[scrapy.Request]:
        """What a read feed leads to, its problems logged and counted (on the reactor thread)."""
        stats = self.crawler.stats  # type: ignore[attr-defined]
        for reason, url, why in read.problems:
            self._count(reason, url, why)
        if read.bad_entries > MAX_NAMED:  # named up to MAX_NAMED (and counted) above; the rest only counted
            stats.inc_value("newscrawl/discovery/bad_entry", read.bad_entries - MAX_NAMED)
        if read.off_site:
            stats.inc_value("newscrawl/discovery/off_site", read.off_site)
        if not read.entries and not read.off_site:
            return
        stats.inc_value("newscrawl/discovery/feeds")
        for entry in read.entries:
            yield from self._follow(entry, "feed")

    # -- helpers --------------------------------------------------------------------------

    def _follow(self, entry: Entry, via: str) -> Iterator[scrapy.Request]:
        """A sitemap's or feed's entry: skipped when dated before the cut or off the site, else discovered."""
        stats = self.crawler.stats  # type: ignore[attr-defined]
        if self._older(entry.dated):
            stats.inc_value("newscrawl/discovery/older_than_since")
            self._remember_older(entry.url, entry.dated)
        elif not self._on_allowed_host(entry.url):  # type: ignore[attr-defined]
            stats.inc_value("newscrawl/discovery/off_site")
        else:
            request = self.discovered(entry.url)
            if request is None:
                stats.inc_value(f"newscrawl/discovery/{via}_not_article")
                return
            stats.inc_value(f"newscrawl/discovery/{via}_links")
            yield request

    def discovered(self, url: str) -> scrapy.Request | None:
        """What a sitemap or feed URL becomes: a named site takes only its article shape."""
        return self.article_request(url) if self.is_article_url(url) else None  # type: ignore[attr-defined]

    def since_filter(
        self, response: TextResponse, requests: Iterator[scrapy.Request], wanted: Callable[[str], bool]
    ) -> tuple[list[scrapy.Request], bool]:
        """A listing page under ``since``: its requests minus items dated earlier, and
        whether the page still leads on (False when every dated item is older)."""
        if self.since is None:
            return list(requests), True
        dated = dated_links(response, wanted)
        stats = self.crawler.stats  # type: ignore[attr-defined]
        kept = []
        for request in requests:
            moment = dated.get(request.url)
            if (moment is not None and before_since(moment, self.since)) or request.url in self.dated_older:
                stats.inc_value("newscrawl/discovery/older_than_since")
            else:
                kept.append(request)
        leads_on = not dated or any(not before_since(moment, self.since) for moment in dated.values())
        if not leads_on:
            self._count("pagination_stopped", response.url, f"every dated item is older than {self.since:%Y-%m-%d}")
        return kept, leads_on

    def older_than_since(self, published_at: str | None) -> bool:
        """An article's ``published_at`` (ISO) is on a calendar day before ``-a since``'s."""
        if self.since is None or not published_at:
            return False
        try:
            return before_since(published_at, self.since)
        except ValueError:
            return False

    def _remember_older(self, url: str, moment: datetime | None) -> None:
        """A sitemap or feed dated this article before ``since``: a listing page linking it
        undated is not followed to it either (fetched only to be dropped)."""
        if self.since is not None and moment is not None and before_since(moment, self.since):
            self.dated_older.add(canonicalize_url(url))

    def _older(self, moment: datetime | None) -> bool:
        return moment is not None and self.entries_since is not None and before_since(moment, self.entries_since)

    def _count(self, reason: str, url: str, why: str) -> None:
        self.logger.warning("Discovery: %s: %s (newscrawl/discovery/%s)", url, why, reason)  # type: ignore[attr-defined]
        self.crawler.stats.inc_value(f"newscrawl/discovery/{reason}")  # type: ignore[attr-defined]


def _absolute(base_url: str, path_or_url: str) -> str:
    """A declared sitemap or feed: a path joins the base URL (so a mirror is used), a URL stays.

    >>> _absolute("http://127.0.0.1:8000", "/sitemap.xml")
    'http://127.0.0.1:8000/sitemap.xml'
    >>> _absolute("http://127.0.0.1:8000", "https://feeds.example.com/rss")
    'https://feeds.example.com/rss'
    """
    return path_or_url if "://" in path_or_url else base_url + "/" + path_or_url.lstrip("/")
