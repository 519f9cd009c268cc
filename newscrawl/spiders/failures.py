"""What a failed request is called in the stats: ``newscrawl/errors/<kind>`` (and for an
article page ``newscrawl/dropped/<kind>``), from Twisted's or Scrapy's exception.

Short, stable names (``timeout``, ``dns``, ``connection_lost``, ``too_large``...) that the health
rules and the run report count; :class:`FailureCallbacks` (``on_error``, every spider's errback)
logs and counts them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest
from twisted.python.failure import Failure

from newscrawl.crawler.middlewares import DatedOlder
from newscrawl.spiders.discovery import DISCOVERY_KEY

if TYPE_CHECKING:
    from scrapy.utils.log import SpiderLoggerAdapter


def failure_kind(failure: Failure) -> str:
    """A short, stable name for a download failure: ``timeout``, ``dns``, ``connection`` ..."""
    name = failure.type.__name__ if failure.type else "unknown"
    lowered = name.lower()
    for marker, kind in (
        ("timeout", "timeout"),
        ("dns", "dns"),
        ("refused", "connection_refused"),
        ("connectionlost", "connection_lost"),
        ("responsefailed", "connection_lost"),
        ("offsite", "offsite"),
        ("ignorerequest", "ignored"),
        ("maxsize", "too_large"),
        ("decompression", "too_large"),
        # Scrapy 2.19: a body cut short (reset mid-body), a download cancelled over
        # DOWNLOAD_MAXSIZE (the HTTP/1.1 handler's only cancel), any other failed response
        ("dataloss", "connection_lost"),
        ("downloadcancelled", "too_large"),
        ("downloadfailed", "connection_lost"),
    ):
        if marker in lowered:
            return kind
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def ignored_kind(why: str) -> str | None:
    """IgnoreRequest raised by Scrapy for a misbehaving site (a failure), or None (a choice).

    >>> ignored_kind("IgnoreRequest: max redirections reached")
    'too_many_redirects'
    >>> ignored_kind("IgnoreRequest: ... exceeded DOWNLOAD_MAXSIZE (1024 B) during decompression.")
    'too_large_decompressed'
    >>> ignored_kind("IgnoreRequest: Forbidden by robots.txt") is None
    True
    """
    lowered = why.lower()
    if "max redirections" in lowered:
        return "too_many_redirects"
    if "download_maxsize" in lowered and "decompression" in lowered:
        return "too_large_decompressed"
    return None


class FailureCallbacks:
    """The errback of every request of a news spider, and how it counts a dropped or failed page."""

    crawler: Any
    if TYPE_CHECKING:  # scrapy.Spider's

        @property
        def logger(self) -> SpiderLoggerAdapter: ...

    _count: Callable[[str, str, str], None]  # DiscoveryMixin's: a failed sitemap or feed

    def on_error(self, failure: Failure) -> None:
        """Errback of every request: log and count; never stop the crawl."""
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errback failures
        response = getattr(failure.value, "response", None)
        why = f"{failure.type.__name__}: {failure.getErrorMessage()}"
        if response is not None:
            kind, why = f"http_{response.status}", f"HTTP {response.status}"
        elif failure.check(DatedOlder):
            return  # counted by SinceMiddleware: older than -a since, as a sitemap or feed dated it
        elif failure.check(IgnoreRequest):
            ignored = ignored_kind(why)
            if ignored is None:
                # Refused on purpose (robots.txt, off-site): a choice, not a failure of the site.
                if request.meta.get("is_article"):
                    self._count_dropped("robots_forbidden" if "robots" in why.lower() else "ignored", request.url, why)
                return
            kind = ignored
        else:
            kind = failure_kind(failure)
        if request.meta.get(DISCOVERY_KEY):  # a dead sitemap or feed is no failed page of the site
            self._count(f"failed/{kind}", request.url, why)
            return
        if request.meta.get("is_article"):
            self._count_dropped(kind, request.url, why)
        self._count_error(kind, request.url, why)

    def _count_dropped(self, reason: str, url: str, why: str) -> None:
        self.logger.warning("Dropped %s: %s (newscrawl/dropped/%s)", url, why, reason)
        self.crawler.stats.inc_value(f"newscrawl/dropped/{reason}")

    def _count_error(self, kind: str, url: str, why: str) -> None:
        self.logger.warning("Failed %s: %s (newscrawl/errors/%s)", url, why, kind)
        self.crawler.stats.inc_value(f"newscrawl/errors/{kind}")
