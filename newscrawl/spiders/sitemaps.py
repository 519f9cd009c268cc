"""Reading sitemaps (indexes, urlsets, Google News) into entries, bounded and without entities.

Read with Scrapy's own ``Sitemap`` (lxml ``iterparse``, no entity expansion, no DTD), extended
only to keep the Google News fields it drops (:class:`NewsSitemap`). The spider
(:mod:`newscrawl.spiders.discovery`) decides what an entry becomes; this module only reads the
file. A problem is reported through *report* (logged and counted as
``newscrawl/discovery/<reason>``); what was read before it is kept.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlsplit

import lxml.etree
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number

from newscrawl.config import parse_since
from newscrawl.crawler.scrapy_private import DecompressionMaxSizeExceeded, NewsSitemap

#: (reason, url, why): the spider logs one line and counts ``newscrawl/discovery/<reason>``
Report = Callable[[str, str, str], None]


class Entry(NamedTuple):
    """One URL a sitemap or feed names, with the date and title it gives (None: none given)."""

    url: str
    dated: datetime | None
    title: str | None


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


def open_sitemap(response: Response, max_bytes: int, report: Report) -> NewsSitemap | None:
    """The sitemap (or a feed listed as one) a response holds, gunzipped within *max_bytes*."""
    body = sitemap_body(response, max_bytes, report)
    if body is None:
        return None
    declares_entities(body, response.url, report)
    try:
        return NewsSitemap(body)
    except (lxml.etree.LxmlError, StopIteration) as error:
        report("invalid_sitemap", response.url, f"not a sitemap ({error or 'empty'})")
        return None


def sitemap_entries(sitemap: NewsSitemap, response: Response, report: Report) -> Iterator[Entry]:
    """A sitemap's entries with a usable URL, read lazily; a break half way keeps what was read."""
    entries = 0
    try:
        for entry in sitemap:
            entries += 1
            try:
                url = response.urljoin(entry["loc"])
                check_url(url)
            except ValueError as error:
                report("bad_entry", response.url, f"entry {entries} skipped: {error}")
                continue
            dated = w3c_moment(entry.get("news_publication_date")) or w3c_moment(entry.get("lastmod"))
            yield Entry(url, dated, entry.get("news_title"))
    except lxml.etree.LxmlError as error:  # recover=True rarely raises; keep what was read
        report("invalid_sitemap", response.url, f"broken after {entries} entries ({error})")
        return
    if entries == 0:
        report("empty_sitemap", response.url, "no <loc> entries")


def sitemap_body(response: Response, max_bytes: int, report: Report) -> bytes | None:
    """The XML of a sitemap response, gunzipped within the cap (as Scrapy's SitemapSpider does)."""
    body = response.body
    if gzip_magic_number(response):
        try:
            body = gunzip(body, max_size=max_bytes)
        except DecompressionMaxSizeExceeded:
            report("too_large", response.url, f"over {max_bytes} bytes once inflated")
            return None
        except (OSError, EOFError, struct.error) as error:
            report("invalid_sitemap", response.url, f"broken gzip ({error})")
            return None
    if not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        report("invalid_sitemap", response.url, "not XML")
        return None
    return body


def declares_entities(body: bytes, url: str, report: Report) -> None:
    """Report a file that declares XML entities: it is read without them (never expanded)."""
    if b"<!ENTITY" in body[:65536]:
        report("entities_ignored", url, "declares XML entities; they are not expanded")


def check_url(url: str) -> None:
    """ValueError for a URL Python cannot even split (``http://[bad/a``: an unclosed IPv6 bracket).

    urlsplit raises only for brackets and for non-ASCII that NFKC turns into a delimiter, so a
    plain ASCII URL without brackets is not split again (a feed of a million links pays it once each).

    >>> check_url("http://x.pk/a"), check_url("http://[::1]/a")
    (None, None)
    >>> check_url("http://[bad/a")
    Traceback (most recent call last):
    ValueError: Invalid IPv6 URL
    """
    if url.isascii() and "[" not in url and "]" not in url:
        return
    urlsplit(url).hostname  # noqa: B018 - parsing is the check
