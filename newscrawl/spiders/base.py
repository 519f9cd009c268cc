"""NewsSpider: what every news site shares, so a site file holds only its patterns.

Discovery: listing pages (home, sections, archive pages) -> article links by
URL shape -> next listing page; plus robots.txt sitemaps, sitemaps and feeds
(newscrawl/spiders/discovery.py), cut at ``-a since=DATE``. Every failure is logged and counted by kind
(``newscrawl/errors/<kind>``; for article pages also ``newscrawl/dropped/<kind>``)
and the crawl goes on.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.selector import Selector

from newscrawl.config import check_base_url, parse_since, parse_start_paths
from newscrawl.crawler.dupefilter import META_KEY
from newscrawl.extract.loader import ArticleLoader, load_article
from newscrawl.extract.page import ArticlePage, SiteSelectors
from newscrawl.crawler.signals import page_parsed
from newscrawl.spiders.discovery import (
    ARTICLE_PRIORITY,
    LISTING_PRIORITY,
    DiscoveryMixin,
)
from newscrawl.core.text import normalize_urdu
from newscrawl.core.urls import canonicalize_url, clean_link, on_hosts, url_patterns
from newscrawl.crawler.links import BoundedLinkExtractor
from newscrawl.crawler.parseahead import PARSE_AHEAD_KEY, page_tree
from newscrawl.spiders.failures import FailureCallbacks

# Link texts of "next page" in Urdu and English (normalized).
NEXT_PAGE_TEXTS = frozenset({"اگلا صفحہ", "اگلا", "اگلے", "اگلا »", "next", "next »", "›", "»"})


class NewsSpider(DiscoveryMixin, FailureCallbacks, scrapy.Spider):
    """Base for one news site: subclasses set the class attributes, nothing more."""

    #: where the live site is; ``-a base_url=http://127.0.0.1:8000`` points at a mirror
    default_base_url: ClassVar[str]
    #: other host names the live site serves articles from
    extra_domains: ClassVar[tuple[str, ...]] = ()
    #: languages (ISO 639-1) whose articles the site keeps; others are dropped as language_<code>
    languages: ClassVar[tuple[str, ...]] = ("ur",)
    start_paths: ClassVar[tuple[str, ...]] = ("/",)
    #: URL path regexes; ARTICLE_URL's first group is the site's article id
    article_url: ClassVar[str]
    listing_urls: ClassVar[tuple[str, ...]] = ()
    deny_urls: ClassVar[tuple[str, ...]] = ()
    selectors: ClassVar[SiteSelectors] = SiteSelectors()
    #: the zone of times the site writes without one: IANA name or "+05:00"
    timezone: ClassVar[str] = "UTC"
    #: the site writes its local time labelled "+00:00" (old WordPress with a manual offset)
    utc_is_local: ClassVar[bool] = False
    #: sitemaps and feeds the site declares: paths on base_url, or absolute URLs
    sitemaps: ClassVar[tuple[str, ...]] = ()
    feeds: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        *args: Any,
        base_url: str | None = None,
        start_paths: str | None = None,
        since: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        #: ``-a start_paths=/ur/section/x`` (``newscrawl crawl --section``): start there and follow
        #: only listing pages under those paths (their pagination); None: the whole site
        self.section_paths = parse_start_paths(start_paths) if start_paths is not None else None
        self.since = parse_since(since)  # -a since=2025-01-01: only articles published since (UTC)
        self.base_url = check_base_url(base_url or self.default_base_url, self.section_paths or self.start_paths)
        parts = urlsplit(self.base_url)
        domains = [parts.hostname or ""]
        if base_url is None:
            domains += list(self.extra_domains)
        self.allowed_domains = domains
        self._article_re = re.compile(self.article_url)
        self._deny_res = [re.compile(pattern) for pattern in self.deny_urls]
        # Hosts are checked by _on_allowed_host: LinkExtractor's allow_domains compares
        # host:port, which never matches a mirror on 127.0.0.1:8000.
        common: dict[str, Any] = dict(
            deny=url_patterns(self.deny_urls),
            attrs=("href", "onclick"),
            tags=("a", "area", "link"),
            process_value=clean_link,
            unique=True,
        )
        self.article_links = BoundedLinkExtractor(allow=url_patterns((self.article_url,)), **common)
        self.listing_links = (
            BoundedLinkExtractor(allow=url_patterns(self.listing_urls), deny_extensions=None, **common)
            if self.listing_urls
            else None
        )

    # -- discovery ------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        # sitemaps and feeds first: they date their articles, which -a since then skips on listing pages too
        for request in self.discovery_requests():
            yield request
        for path in self.section_paths or self.start_paths:
            yield self.listing_request(self.base_url + path)

    def parse_listing(self, response: Response) -> Any:
        """A home, section or archive page: its articles, its sections, its next page."""
        if not isinstance(response, TextResponse):
            self._count_error("not_html", response.url, "listing page is not HTML")
            return
        self._page_parsed(response, response.selector.root, "listing")
        articles, leads_on = self.since_filter(response, self.follow_articles(response), self.is_article_url)
        yield from articles
        yield from self.feed_links(response)
        if not leads_on:
            return
        seen_listing = set()
        for link in self._listing_candidates(response):
            url = canonicalize_url(link)
            if url not in seen_listing and not self.is_article_url(url):
                seen_listing.add(url)
                yield self.listing_request(url)

    def listing_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_listing, errback=self.on_error, priority=LISTING_PRIORITY)

    def _listing_candidates(self, response: TextResponse) -> list[str]:
        links = [link.url for link in self.listing_links.extract_links(response)] if self.listing_links else []
        # Pagination: rel=next, or a link reading "اگلا صفحہ" / "next"; kept to allowed hosts.
        for href in response.css("link[rel~=next]::attr(href), a[rel~=next]::attr(href)").getall():
            links.append(response.urljoin(href))
        for anchor in response.css("a[href]"):
            text = normalize_urdu(" ".join(anchor.css("::text").getall())).lower()
            if text in NEXT_PAGE_TEXTS:
                cleaned = clean_link(anchor.attrib["href"])
                if cleaned:
                    links.append(response.urljoin(cleaned))
        return [url for url in links if self._on_allowed_host(url) and not self._denied(url) and self._in_section(url)]

    def _in_section(self, url: str) -> bool:
        """A section-only crawl (``start_paths``) stays on listing pages under its paths."""
        if self.section_paths is None:
            return True
        path = urlsplit(url).path
        prefix = urlsplit(self.base_url).path
        return any(
            path.rstrip("/") == prefix + start.rstrip("/") or path.startswith(prefix + start.rstrip("/") + "/")
            for start in self.section_paths
        )

    def follow_articles(self, response: TextResponse) -> Any:
        for link in self.article_links.extract_links(response):
            if self._on_allowed_host(link.url):
                yield self.article_request(link.url)

    def article_request(self, url: str) -> scrapy.Request:
        url = canonicalize_url(url)
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            priority=ARTICLE_PRIORITY,
            meta={META_KEY: f"{self.name}:{self.article_id(url)}", "is_article": True, PARSE_AHEAD_KEY: True},
        )

    # -- URL shapes -----------------------------------------------------------------

    def article_id(self, url: str) -> str | None:
        match = self._article_re.search(urlsplit(url).path)
        return match.group(1) if match else None

    def is_article_url(self, url: str) -> bool:
        return self._on_allowed_host(url) and self.article_id(url) is not None and not self._denied(url)

    def is_site_article_url(self, url: str) -> bool:
        """An article URL of this site on any of its host names (the live ones too, on a mirror)."""
        return (
            self.article_id(url) is not None
            and not self._denied(url)
            and urlsplit(url).scheme in ("http", "https")
            and on_hosts(_host(url), self.site_hosts)
        )

    @property
    def site_hosts(self) -> tuple[str, ...]:
        live = urlsplit(self.default_base_url).hostname or ""
        return tuple(dict.fromkeys([*self.allowed_domains, live, *self.extra_domains]))

    def _on_allowed_host(self, url: str) -> bool:
        return urlsplit(url).scheme in ("http", "https") and on_hosts(_host(url), self.allowed_domains)

    def _denied(self, url: str) -> bool:
        parts = urlsplit(url)
        target = parts.path + ("?" + parts.query if parts.query else "")
        return any(pattern.search(target) for pattern in self._deny_res)

    # -- articles -------------------------------------------------------------------

    def parse_article(self, response: Response, root: Any = None) -> Any:
        """One article page -> one ArticleItem (validated by the pipelines), plus its related links.

        *root*: the page's tree when the caller parsed it already (the generic spider judges
        article-ness first), so a page is parsed once."""
        stats = self.crawler.stats
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if not isinstance(response, TextResponse) or (content_type and "html" not in content_type):
            self._count_dropped("not_html", response.url, f"not an HTML page ({content_type or 'no type'})")
            return
        if not response.body.strip():
            self._count_dropped("empty_page", response.url, "empty response body")
            return
        try:
            root = page_tree(response) if root is None else root  # parsed on another core, or now
        except ValueError as error:  # lxml refuses some binary garbage outright
            self._count_dropped("unparseable", response.url, f"unparseable HTML: {error}")
            return
        if not isinstance(getattr(root, "tag", None), str):
            self._count_dropped("unparseable", response.url, "no HTML document in the response")
            return
        page = ArticlePage(root, response.url, self.selectors, self.is_site_article_url, response.urljoin)
        # a selector over the tree just parsed: ItemLoader(response=...) would parse the page again
        loader = ArticleLoader(
            selector=Selector(root=root, type="html"),
            response=response,
            timezone=self.timezone,
            utc_is_local=self.utc_is_local,
        )
        loader.add_value("url", response.url)
        loader.add_value("site", self.name)
        loader.add_value("language", self.languages[0])  # the language gate sets the detected one
        loader.add_value("article_id", self.article_id(response.url))

        def count(field: str, strategy: str) -> None:  # the strategy that filled a field
            stats.inc_value(f"newscrawl/field/{field}/{strategy}")

        def warn(problem: str) -> None:
            stats.inc_value(f"newscrawl/warnings/{problem}")

        item = load_article(page, loader, count, warn, lambda walk: self._page_parsed(response, root, "article", walk))
        for problem in page.problems:
            warn(problem)
        yield item
        if self.older_than_since(item.get("published_at")):
            return  # under -a since, an older article's related links lead further back
        for related in item.get("read_also") or []:
            if self.is_article_url(related["url"]):  # read_also names every host; the crawl follows allowed ones
                yield self.article_request(related["url"])

    def _page_parsed(self, response: Response, root: Any, kind: str, walk: Any = None) -> None:
        """Tell the gates about a parsed page: they learn the site's furniture (from *walk*, an article's) and names."""
        crawler = getattr(self, "crawler", None)  # a spider built without a crawler (a unit test) has none
        if crawler is not None:
            crawler.signals.send_catch_log(page_parsed, response=response, root=root, kind=kind, walk=walk)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
