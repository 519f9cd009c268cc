"""Downloader middlewares for a hostile web: scope, Retry-After (contradictory charsets: charset.py).

ScopeGuardMiddleware
    Only http(s) URLs on the spider's configured hosts are fetched. A literal
    private, loopback or link-local address (or ``localhost``) is fetched only
    when it is the configured base host *and* port, so a mirror on 127.0.0.1:8000
    cannot be turned into a probe of 127.0.0.1:6379. Checked when a request is
    scheduled (links, redirects, meta refreshes: the same point where Scrapy's
    OffsiteMiddleware acts) and again before download (robots.txt requests are
    never scheduled). DNS is never resolved here: a public name that resolves to
    a private address is not detected. Refusals are counted
    ``newscrawl/refused/<why>`` (``<why>_redirect`` / ``<why>_meta_refresh``
    when a redirect led there) and, for article requests,
    ``newscrawl/dropped/out_of_scope``. Setting: NEWSCRAWL_SCOPE_GUARD_ENABLED.

RetryAfterMiddleware
    Scrapy's RetryMiddleware retries 429 and 503 but ignores ``Retry-After``.
    This one reads it (seconds or an HTTP date), capped at
    NEWSCRAWL_RETRY_AFTER_MAX, and (1) holds every request to that download slot
    (host) until the time has passed, (2) raises the slot's delay to it, which
    AutoThrottle then lowers again as the site answers. Counted
    ``newscrawl/throttle/retry_after``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from newscrawl.crawler.scrapy_private import download_slot

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}


class OutOfScope(IgnoreRequest):
    """A request the crawler was not sent to make."""

    def __init__(self, why: str, url: str) -> None:
        super().__init__(f"Out of scope ({why}): {url[:200]}")
        self.why = why


def scope_problem(url: str, allowed_domains: list[str], base_url: str | None) -> str | None:
    """Why *url* is out of scope, or None when it may be fetched.

    >>> base = "http://127.0.0.1:8000"
    >>> scope_problem("http://127.0.0.1:8000/ur/", ["127.0.0.1"], base) is None
    True
    >>> scope_problem("http://127.0.0.1:6379/", ["127.0.0.1"], base)
    'private_address'
    >>> scope_problem("file:///etc/passwd", ["127.0.0.1"], base)
    'scheme'
    >>> scope_problem("https://www.islamtimes.com/ur/", ["www.islamtimes.com", "islamtimes.com"], None) is None
    True
    >>> scope_problem("http://169.254.169.254/latest/meta-data/", ["islamtimes.com"], None)
    'private_address'
    >>> scope_problem("http://evil.example/ur/", ["islamtimes.com"], None)
    'offsite'
    >>> scope_problem("http://islamtimes.com:22/", ["islamtimes.com"], None)
    'port'
    """
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower().rstrip("."), parts.port
    except ValueError:
        return "bad_url"
    if scheme not in DEFAULT_PORTS:
        return "scheme"
    if not host:
        return "bad_url"
    port = port or DEFAULT_PORTS[scheme]
    base_host, base_port = _host_and_port(base_url)
    if _is_private(host):
        return None if (host, port) == (base_host, base_port) else "private_address"
    if allowed_domains and not any(host == d or host.endswith("." + d) for d in allowed_domains):
        return "offsite"
    if port not in (DEFAULT_PORTS[scheme], base_port):
        return "port"
    return None


@lru_cache(maxsize=64)
def _host_and_port(base_url: str | None) -> tuple[str | None, int | None]:
    """The base URL's host and port (None, None without one); one base URL serves a whole crawl."""
    if not base_url:
        return None, None
    base = urlsplit(base_url)
    return (base.hostname or "").lower(), base.port or DEFAULT_PORTS.get(base.scheme, 80)


@lru_cache(maxsize=4096)  # a crawl asks about its few hosts for every request, twice
def _is_private(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return not address.is_global


class ScopeGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ScopeGuardMiddleware":
        if not crawler.settings.getbool("NEWSCRAWL_SCOPE_GUARD_ENABLED"):
            raise NotConfigured
        guard = cls(crawler)
        crawler.signals.connect(guard.request_scheduled, signal=signals.request_scheduled)
        return guard

    def check(self, request: Request) -> None:
        spider = self.crawler.spider
        domains = [d.lower() for d in (getattr(spider, "allowed_domains", None) or []) if d]
        why = scope_problem(request.url, domains, getattr(spider, "base_url", None))
        if why is None:
            return
        reasons = request.meta.get("redirect_reasons") or []
        if reasons:
            why += "_meta_refresh" if reasons[-1] == "meta refresh" else "_redirect"
        self.stats.inc_value(f"newscrawl/refused/{why}")
        if request.meta.get("is_article"):
            self.stats.inc_value("newscrawl/dropped/out_of_scope")
        logger.warning("Refused %s (newscrawl/refused/%s)", request.url[:200], why)
        raise OutOfScope(why, request.url)

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        self.check(request)  # raising IgnoreRequest here drops the request before it is queued

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        self.check(request)


class DatedOlder(IgnoreRequest):
    """An article request a sitemap or feed dated before ``-a since`` after a listing had queued it."""


class SinceMiddleware:
    """Under ``-a since=DATE``: an article that a sitemap or feed has dated earlier (the spider's
    ``dated_older``) is not downloaded, even when a listing page linked it undated before the sitemap
    was read; counted ``newscrawl/discovery/older_than_since``, as the entries skipped in the sitemap."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SinceMiddleware":
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if request.meta.get("is_article") and request.url in getattr(self.crawler.spider, "dated_older", ()):
            self.stats.inc_value("newscrawl/discovery/older_than_since")
            raise DatedOlder(f"dated before since by a sitemap or feed: {request.url[:200]}")


class RetryAfterMiddleware:
    def __init__(self, crawler: Crawler, cap: float) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.cap = cap
        self.retry_codes = {int(code) for code in crawler.settings.getlist("RETRY_HTTP_CODES")}
        self.not_before: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RetryAfterMiddleware":
        cap = crawler.settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX")
        if cap <= 0 or not crawler.settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        return cls(crawler, cap)

    def _slot_key(self, request: Request) -> str:
        return self.crawler.engine.downloader.get_slot_key(request)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        wait = self.not_before.get(self._slot_key(request), 0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if (
            response.status not in (429, 503)
            or response.status not in self.retry_codes
            or request.meta.get("dont_retry")
        ):
            return response
        seconds = parse_retry_after(response.headers.get(b"Retry-After"))
        if seconds is None:
            return response
        seconds = min(seconds, self.cap)
        key = self._slot_key(request)
        self.not_before[key] = max(self.not_before.get(key, 0), time.monotonic() + seconds)
        slot = download_slot(self.crawler, key)
        if slot is not None:
            slot.delay = max(slot.delay, seconds)
        self.stats.inc_value("newscrawl/throttle/retry_after")
        self.stats.max_value("newscrawl/throttle/retry_after_max_seconds", seconds)
        logger.info(
            "HTTP %s with Retry-After: %s: slot %s paused %.1f s",
            response.status,
            response.headers.get(b"Retry-After"),
            key,
            seconds,
        )
        return response


def parse_retry_after(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None.

    >>> parse_retry_after(b"120")
    120.0
    >>> parse_retry_after(b"Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0)
    10.0
    >>> parse_retry_after(b"soon") is None
    True
    """
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))
