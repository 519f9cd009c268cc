"""Discovery beyond listing pages: robots.txt ``Sitemap:`` lines, sitemaps, news sitemaps, feeds.

Mixed into NewsSpider. Sitemaps are read with Scrapy's own ``Sitemap`` (lxml
``iterparse``, no entity expansion, no DTD), extended only to keep the Google
News fields it drops (``news:publication_date``, ``news:title`` sit one level
down). Feeds are read by feedparser. Every file is bounded: the download by
``download_maxsize`` and a gzip body by the same cap once inflated. A broken or
hostile file is logged and counted (``newscrawl/discovery/<reason>``); the crawl
goes on. ``since`` (``-a since=DATE``) and NEWSCRAWL_DISCOVERY_SINCE (cron) skip
entries a sitemap or feed dates earlier, and child sitemaps last modified earlier.
"""

from __future__ import annotations

import calendar
import io
import struct
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any, ClassVar
from urllib.parse import urlsplit, urljoin

import feedparser
import lxml.etree
import scrapy
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import sitemap_urls_from_robots

from newscrawl.config import parse_since
from newscrawl.crawler.scrapy_private import DecompressionMaxSizeExceeded, NewsSitemap
from newscrawl.core.dates import before_since, parse_date
from newscrawl.core.text import to_ascii_digits
from newscrawl.core.urls import canonicalize_url, clean_link

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
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
_YEAR = re.compile(r"(?:19|20)\d\d")


def w3c_moment(text: str | None) -> datetime | None:
    """A sitemap's W3C datetime (``lastmod``, ``news:publication_date``) -> aware, in the offset
    written (its calendar day is the site's), or None.

    >>> w3c_moment("2025-03-01T10:30:00Z").isoformat()
    '2025-03-01T10:30:00+00:00'
    >>> w3c_moment("2025-03-01").isoformat()
    '2025-03-01T00:00:00+00:00'
    >>> w3c_moment("yesterday") is None
    True
    """
    try:
        return parse_since(text)
    except ValueError:
        return None


def dated_links(response: TextResponse, wanted: Callable[[str], bool]) -> dict[str, datetime]:
    """The date a listing page shows beside each link: ``{canonical URL: moment}``.

    An item is the smallest block (up to three levels) around a date element
    (``<time>``, ``[class*=date]``, ``[class*=time]``) holding exactly one
    wanted link; a block with several links gives no date to any of them.
    """
    found: dict[str, datetime] = {}
    for node in response.css("time, [class*=date], [class*=time]"):
        text = node.attrib.get("datetime") or " ".join(node.css("::text").getall())
        if len(text) > 80 or not _YEAR.search(to_ascii_digits(text)):
            continue  # not a date line: spare the date parser (and its warnings)
        iso = parse_date(text)
        if iso is None:
            continue
        for level in range(1, 4):  # the parent, grandparent, great-grandparent
            block = node.xpath("/".join([".."] * level))
            if not block:
                break
            urls = {canonicalize_url(response.urljoin(href)) for href in block.css("a::attr(href)").getall()}
            urls = {url for url in urls if wanted(url)}
            if urls:
                if len(urls) == 1:
                    found[urls.pop()] = datetime.fromisoformat(iso)
                break
    return found


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
        for link in response.css("link[rel~=alternate][href]"):
            kind = (link.attrib.get("type") or "").split(";")[0].strip().lower()
            href = clean_link(link.attrib["href"])
            if kind in FEED_TYPES and href:
                url = response.urljoin(href)
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

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap index (-> its sitemaps) or a urlset (-> its pages), Google News or not."""
        body = self._sitemap_body(response)
        if body is None:
            return
        if b"<!ENTITY" in body[:65536]:
            self._count("entities_ignored", response.url, "declares XML entities; they are not expanded")
        try:
            sitemap = NewsSitemap(body)
        except (lxml.etree.LxmlError, StopIteration) as error:
            self._count("invalid_sitemap", response.url, f"not a sitemap ({error or 'empty'})")
            return
        if sitemap.type in ("rss", "feed", "RDF"):  # a feed listed as a sitemap, as search engines allow
            yield from self.parse_feed(response)
            return
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
        entries = 0
        try:
            for entry in sitemap:
                entries += 1
                try:
                    url = response.urljoin(entry["loc"])
                    _check_url(url)
                except ValueError as error:
                    self._count("bad_entry", response.url, f"entry {entries} skipped: {error}")
                    continue
                dated = w3c_moment(entry.get("news_publication_date")) or w3c_moment(entry.get("lastmod"))
                if self._older(dated):
                    stats.inc_value("newscrawl/discovery/older_than_since")
                    if not is_index:
                        self._remember_older(url, dated)
                elif not self._on_allowed_host(url):  # type: ignore[attr-defined]
                    stats.inc_value("newscrawl/discovery/off_site")
                elif is_index:
                    yield from self._discovery_request(url, self.parse_sitemap, "sitemap", depth + 1)
                else:
                    yield from self._discovered(url, "sitemap", entry.get("news_title"))
        except lxml.etree.LxmlError as error:  # recover=True rarely raises; keep what was read
            self._count("invalid_sitemap", response.url, f"broken after {entries} entries ({error})")
            return
        if entries == 0:
            self._count("empty_sitemap", response.url, "no <loc> entries")

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """An RSS or Atom feed: its entries' links, skipping those dated before ``since``."""
        if b"<!ENTITY" in response.body[:65536]:
            self._count("entities_ignored", response.url, "declares XML entities; they are not expanded")
        body, cut = bounded_feed(response.body, self.discovery_max_feed_entries)
        if cut:
            self._count(
                "feed_entries_cut", response.url, f"only its first {self.discovery_max_feed_entries} entries are read"
            )
        # A file object, never bytes: feedparser opens a bytes argument as a local path first.
        feed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": response.url})
        if not feed.entries:
            reason = "invalid_feed" if feed.bozo or not feed.version else "empty_feed"
            self._count(reason, response.url, str(feed.get("bozo_exception") or "no entries"))
            return
        stats = self.crawler.stats  # type: ignore[attr-defined]
        stats.inc_value("newscrawl/discovery/feeds")
        for entry in feed.entries:
            link = clean_link(entry.get("link") or "")
            if not link:  # none, or one feedparser could not resolve (http://[bad/x)
                self._count("bad_entry", response.url, f"entry {entry.get('title', '')[:60]!r} has no usable link")
                continue
            try:
                url = response.urljoin(link)
                _check_url(url)
            except ValueError as error:
                self._count("bad_entry", response.url, f"entry {link[:80]!r} skipped: {error}")
                continue
            dated = _feed_moment(entry)
            if self._older(dated):
                stats.inc_value("newscrawl/discovery/older_than_since")
                self._remember_older(url, dated)
            elif not self._on_allowed_host(url):  # type: ignore[attr-defined]
                stats.inc_value("newscrawl/discovery/off_site")
            else:
                yield from self._discovered(url, "feed", entry.get("title"))

    # -- helpers --------------------------------------------------------------------------

    def _discovered(self, url: str, via: str, title: str | None) -> Iterator[scrapy.Request]:
        request = self.discovered(url)
        if request is None:
            self.crawler.stats.inc_value(f"newscrawl/discovery/{via}_not_article")  # type: ignore[attr-defined]
            return
        self.crawler.stats.inc_value(f"newscrawl/discovery/{via}_links")  # type: ignore[attr-defined]
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

    def _sitemap_body(self, response: Response) -> bytes | None:
        """The XML of a sitemap response, gunzipped within the cap (as Scrapy's SitemapSpider does)."""
        body = response.body
        if gzip_magic_number(response):
            try:
                body = gunzip(body, max_size=self.discovery_max_bytes)
            except DecompressionMaxSizeExceeded:
                self._count("too_large", response.url, f"over {self.discovery_max_bytes} bytes once inflated")
                return None
            except (OSError, EOFError, struct.error) as error:
                self._count("invalid_sitemap", response.url, f"broken gzip ({error})")
                return None
        if not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            self._count("invalid_sitemap", response.url, "not XML")
            return None
        return body

    def _count(self, reason: str, url: str, why: str) -> None:
        self.logger.warning("Discovery: %s: %s (newscrawl/discovery/%s)", url, why, reason)  # type: ignore[attr-defined]
        self.crawler.stats.inc_value(f"newscrawl/discovery/{reason}")  # type: ignore[attr-defined]


_ENTRY_END = re.compile(rb"</(?:[\w-]+:)?(item|entry)\s*>", re.IGNORECASE)


def bounded_feed(body: bytes, max_entries: int) -> tuple[bytes, bool]:
    """*body* cut after its *max_entries*-th item or entry (and closed), so feedparser's time and
    memory are bounded: a 41 MB feed of a million links took 98 s and 3.4 GB on the reactor
    thread. Hand-written because feedparser cannot stop early; (body, whether it was cut).

    >>> bounded_feed(b"<rss><channel><item>a</item><item>b</item></channel></rss>", 1)
    (b'<rss><channel><item>a</item></channel></rss>', True)
    >>> bounded_feed(b"<feed><entry>a</entry></feed>", 5)
    (b'<feed><entry>a</entry></feed>', False)
    """
    if max_entries <= 0:
        return body, False
    for count, match in enumerate(_ENTRY_END.finditer(body), 1):
        if count < max_entries:
            continue
        if not _ENTRY_END.search(body, match.end()):
            return body, False  # the last entry: nothing to cut
        if match.group(1).lower() == b"entry":
            closing = b"</feed>"
        else:
            closing = b"</rdf:RDF>" if b"<rdf:RDF" in body[:4096] else b"</channel></rss>"
        return body[: match.end()] + closing, True
    return body, False


def _check_url(url: str) -> None:
    """ValueError for a URL Python cannot even split (``http://[bad/a``: an unclosed IPv6 bracket)."""
    urlsplit(url).hostname  # noqa: B018 - parsing is the check


def _feed_moment(entry: Any) -> datetime | None:
    """A feed entry's date as aware UTC, or None when it has none or none a datetime holds (``0000-00-00``)."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc) if parsed else None
    except (ValueError, OverflowError, OSError):
        return None


def _absolute(base_url: str, path_or_url: str) -> str:
    """A declared sitemap or feed: a path joins the base URL (so a mirror is used), a URL stays.

    >>> _absolute("http://127.0.0.1:8000", "/sitemap.xml")
    'http://127.0.0.1:8000/sitemap.xml'
    >>> _absolute("http://127.0.0.1:8000", "https://feeds.example.com/rss")
    'https://feeds.example.com/rss'
    """
    return path_or_url if "://" in path_or_url else base_url + "/" + path_or_url.lstrip("/")
