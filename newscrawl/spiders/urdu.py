"""The generic spider ``urdu``: any Urdu news site, no site file.

``scrapy crawl urdu -a base_url=https://site.example/`` starts at the base URL,
reads robots.txt, sitemaps and feeds (discovery.py), and walks same-host links
breadth-first within NEWSCRAWL_GENERIC_MAX_PAGES pages. Which pages are articles
is decided from each page itself (``article_signal``), never from URL shapes;
only those go through the shared extraction, gates and pipelines. Every other
page (home, section, tag, author, archive) is counted, never exported.

article_id: a site without a file has no known id in its URLs, so the id is the
first 16 hex digits of the SHA-1 of the article's canonical URL (the page's own
``rel=canonical``/``og:url``, else the fetched URL) without its scheme: stable
across runs, http/https, tracking parameters, and a mirror of the live site.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse
from scrapy.selector import Selector as ScrapySelector
from twisted.python.failure import Failure

from newscrawl.config import ConfigError
from newscrawl.crawler.items import ArticleItem
from newscrawl.extract.articleness import article_signal
from newscrawl.spiders.base import NewsSpider
from newscrawl.spiders.discovery import ARTICLE_PRIORITY, DISCOVERY_KEY
from newscrawl.core.urls import canonicalize_url, clean_link, url_patterns
from newscrawl.crawler.links import BoundedLinkExtractor
from newscrawl.crawler.parseahead import PARSE_AHEAD_KEY, page_tree
from newscrawl.crawler.scrapy_private import reuse_selector
from newscrawl.crawler.incremental import MAYBE_ARTICLE_KEY


def stable_id(url: str) -> str:
    """The generic article_id: SHA-1 of the canonical URL without its scheme, 16 hex digits.

    >>> stable_id("https://news.example/a/1?utm_source=x") == stable_id("http://news.example/a/1")
    True
    >>> len(stable_id("https://news.example/a/1"))
    16
    """
    parts = urlsplit(canonicalize_url(url))
    key = parts.netloc.lower() + parts.path + ("?" + parts.query if parts.query else "")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def parsed_once(response: TextResponse) -> Selector:
    """The page's one tree, as ``parse_article`` parses it, also cached as ``response.selector``:
    the article judge, the extraction, the link extractor and the gates all read this tree.
    A page lxml refuses keeps Scrapy's own selector (``parse_article`` then counts it unparseable)."""
    try:
        root = page_tree(response)  # parsed on another core (newscrawl/crawler/parseahead.py), or now
    except ValueError:
        return response.selector
    if not isinstance(getattr(root, "tag", None), str):
        return response.selector
    selector = ScrapySelector(root=root, type="html")
    reuse_selector(response, selector)  # .selector, .xpath() and LinkExtractor read this tree too
    return selector


class UrduSpider(NewsSpider):
    name = "urdu"
    default_base_url = ""  # there is no default site: -a base_url is required
    article_url = r"(?!)"  # never matches: article-ness is read from the page
    # Pages that are never news on any CMS: accounts, search, admin, print/share, comment replies.
    deny_urls = (
        r"/(?:wp-admin|wp-login|wp-json|login|logout|register|signup|cart|checkout|xmlrpc)",
        r"[?&](?:q|s|query|search|replytocom|share|print)=",
        r"/(?:search|print|share)(?:/|$)",
    )
    custom_settings = {
        # breadth-first, as Scrapy's FAQ recommends: the home page's neighbours before deep archives.
        # DEPTH_PRIORITY alone orders levels; the JOBDIR queue stays the disk-full-safe one (diskfull.py).
        "DEPTH_PRIORITY": 1,
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
    }

    def __init__(self, *args: Any, base_url: str | None = None, **kwargs: Any) -> None:
        if not base_url:
            raise ConfigError("the urdu spider needs a base URL: -a base_url=https://site.example/ (or --base-url)")
        super().__init__(*args, base_url=base_url, **kwargs)
        self.page_links = BoundedLinkExtractor(
            deny=url_patterns(self.deny_urls),
            attrs=("href", "onclick"),
            tags=("a", "area"),
            process_value=clean_link,
            unique=True,
        )
        self.queued: set[str] = set()
        self.shared_pages: Any = None  # with NEWSCRAWL_REDIS_URL: the crawl's budget in Redis
        self.max_pages = 5000  # NEWSCRAWL_GENERIC_MAX_PAGES, read in from_crawler

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "UrduSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_pages = crawler.settings.getint("NEWSCRAWL_GENERIC_MAX_PAGES", 5000)
        if crawler.settings.get("NEWSCRAWL_REDIS_URL"):  # many workers, one crawl: one budget
            from newscrawl.distributed.budget import SharedPageBudget

            spider.shared_pages = SharedPageBudget(crawler.settings, spider)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        yield self.page_request(self.base_url + "/")  # the first page: always within the budget
        for request in self.discovery_requests():
            yield request

    # -- which URLs are pages to read --------------------------------------------------------

    def is_article_url(self, url: str) -> bool:
        """Any page of the site may be an article (read-also links, sitemap entries); the page decides."""
        return self._on_allowed_host(url) and not self._denied(url)

    def article_id(self, url: str) -> str | None:
        return stable_id(url)

    def discovered(self, url: str) -> scrapy.Request | None:
        """A sitemap or feed entry: most likely an article, so fetched before the walk's other pages."""
        request = self.page_request(url) if self.is_article_url(url) else None
        return request.replace(priority=ARTICLE_PRIORITY) if request is not None else None

    def article_request(self, url: str) -> scrapy.Request | None:  # type: ignore[override]
        return self.page_request(url)  # None (over budget) is ignored by Scrapy when yielded

    def page_request(self, url: str) -> scrapy.Request | None:
        """A page of the site, or None once the page budget is spent (counted, not fetched)."""
        url = canonicalize_url(url)
        if url not in self.queued:
            if self.shared_pages is not None:
                within = self.shared_pages.take(url, self.max_pages - self.discovery_fetched)
            else:
                within = len(self.queued) + self.discovery_fetched < self.max_pages
            if not within:
                self.crawler.stats.inc_value("newscrawl/generic/over_budget")
                return None
            self.queued.add(url)
        return scrapy.Request(
            url, callback=self.parse_page, errback=self.on_error, meta={MAYBE_ARTICLE_KEY: True, PARSE_AHEAD_KEY: True}
        )

    def spend_page_budget(self) -> bool:
        """Sitemaps and feeds are pages of the budget too: an endless index cannot outgrow it."""
        if len(self.queued) + self.discovery_fetched >= self.max_pages:
            self.crawler.stats.inc_value("newscrawl/generic/over_budget")
            return False
        return True

    def on_error(self, failure: Failure) -> None:
        """A dead link (404/410) is the walk's own guess gone wrong, not a failure of the site:
        counted ``newscrawl/generic/dead_links``; every other failure as for any spider."""
        response = getattr(failure.value, "response", None)
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errback failures
        if response is not None and response.status in (404, 410) and not request.meta.get(DISCOVERY_KEY):
            self.logger.info("Dead link %s: HTTP %s (newscrawl/generic/dead_links)", response.url, response.status)
            self.crawler.stats.inc_value("newscrawl/generic/dead_links")
            return
        super().on_error(failure)

    # -- pages ------------------------------------------------------------------------------

    def parse_page(self, response: Response) -> Iterable[Any] | AsyncIterator[Any]:
        """Any page: an article goes through the shared extraction; every page leads on to its links.

        A feed linked as a page (``<a href="/rss">``) is read as a feed, off the reactor thread.
        """
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/generic/not_html")
            return ()
        if "xml" in (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower():
            return self.parse_feed(response)
        return self._parse_html_page(response)

    def _parse_html_page(self, response: TextResponse) -> Iterator[Any]:
        stats = self.crawler.stats
        page = parsed_once(response)
        signal = article_signal(page)
        if signal is not None:
            stats.inc_value(f"newscrawl/generic/articles/{signal}")
            yield from self._with_stable_id(self.parse_article(response, root=page.root))
            links = list(self._link_requests(response))
        else:
            stats.inc_value("newscrawl/generic/not_articles")
            self._page_parsed(response, response.selector.root, "listing")  # the gates learn furniture here too
            links, leads_on = self.since_filter(response, self._link_requests(response), self.is_article_url)
            yield from self.feed_links(response)
            if not leads_on:
                return
        yield from links

    def _link_requests(self, response: TextResponse) -> Iterator[scrapy.Request]:
        for link in self.page_links.extract_links(response):
            if self.is_article_url(link.url):
                request = self.page_request(link.url)
                if request is not None:
                    yield request

    def _with_stable_id(self, results: Iterator[Any]) -> Iterator[Any]:
        for result in results:
            if isinstance(result, ArticleItem):
                result["article_id"] = stable_id(result.get("canonical_url") or result["url"])
            yield result
