"""RobotsTxtSizeLimitMiddleware: robots.txt is read up to its own limit, never skipped for its size.

Scrapy fetches robots.txt like any page, so one larger than ``DOWNLOAD_MAXSIZE``
is cancelled, and its ``RobotsTxtMiddleware`` then treats the site as having
no robots.txt: everything allowed. RFC 9309 (section 2.5) asks crawlers to
parse at least the first 500 KiB. This middleware lifts ``DOWNLOAD_MAXSIZE``
for robots.txt requests, stops the download once
``NEWSCRAWL_ROBOTS_MAX_SIZE`` bytes arrived (Scrapy's ``StopDownload`` from the
``bytes_received`` signal: the rest is never transferred), cuts the body back
to its last complete line within the limit, and hands that to Scrapy's parser:
the rules read so far are honoured, the rest ignored. Counted as
``newscrawl/crawler/robots/truncated`` with a warning naming the size.

robots.txt is asked for uncompressed (``Accept-Encoding: identity``) so that a
cut body is still text.
"""

from __future__ import annotations

import logging
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured, StopDownload
from scrapy.http import Response

logger = logging.getLogger(__name__)

META_KEY = "newscrawl_robots_limit"


def is_robots_request(request: Request) -> bool:
    """The request Scrapy's RobotsTxtMiddleware sends for a site's rules.

    >>> is_robots_request(Request("https://a.pk/robots.txt", meta={"dont_obey_robotstxt": True}))
    True
    >>> is_robots_request(Request("https://a.pk/robots.txt"))  # a spider's own request for the file
    False
    """
    return bool(request.meta.get("dont_obey_robotstxt")) and request.url.endswith("/robots.txt")


def cut_at_line(body: bytes, limit: int) -> bytes:
    """The first *limit* bytes of *body*, back to the last complete line.

    >>> cut_at_line(b"User-agent: *\\nDisallow: /a\\nDisallow: /b", 30)
    b'User-agent: *\\nDisallow: /a\\n'
    >>> cut_at_line(b"short\\n", 100)
    b'short\\n'
    """
    if len(body) <= limit:
        return body
    head = body[:limit]
    end = head.rfind(b"\n")
    return head[: end + 1] if end >= 0 else b""


class RobotsTxtSizeLimitMiddleware:
    def __init__(self, crawler: Crawler, limit: int) -> None:
        self.stats = crawler.stats
        self.limit = limit
        self.received: WeakKeyDictionary[Request, int] = WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtSizeLimitMiddleware:
        limit = crawler.settings.getint("NEWSCRAWL_ROBOTS_MAX_SIZE", 500 * 1024)
        if not crawler.settings.getbool("ROBOTSTXT_OBEY") or limit <= 0:
            raise NotConfigured
        middleware = cls(crawler, limit)
        crawler.signals.connect(middleware.bytes_received, signal=signals.bytes_received)
        return middleware

    def process_request(self, request: Request) -> None:
        if is_robots_request(request) and META_KEY not in request.meta:
            request.meta[META_KEY] = True
            request.meta["download_maxsize"] = 0  # stopped at our own limit instead, keeping what arrived
            request.meta["download_warnsize"] = 0
            request.headers.setdefault(b"Accept-Encoding", b"identity")

    def bytes_received(self, data: bytes, request: Request, **kwargs: Any) -> None:
        if not request.meta.get(META_KEY):
            return
        total = self.received.get(request, 0) + len(data)
        self.received[request] = total
        if total > self.limit:
            raise StopDownload(fail=False)

    def process_response(self, request: Request, response: Response) -> Response:
        if not request.meta.get(META_KEY):
            return response
        if len(response.body) <= self.limit and "download_stopped" not in response.flags:
            return response
        kept = cut_at_line(response.body, self.limit)
        logger.warning(
            "robots.txt at %s is larger than NEWSCRAWL_ROBOTS_MAX_SIZE (%d bytes): its first %d bytes "
            "are honoured, the rest ignored (RFC 9309 2.5) (newscrawl/crawler/robots/truncated)",
            request.url,
            self.limit,
            len(kept),
        )
        self.stats.inc_value("newscrawl/crawler/robots/truncated")
        return response.replace(body=kept)
