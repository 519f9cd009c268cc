"""What a failed request is called in the stats: ``newscrawl/errors/<kind>`` (and for an
article page ``newscrawl/dropped/<kind>``), from Twisted's or Scrapy's exception.

Short, stable names (``timeout``, ``dns``, ``connection_lost``, ``too_large``...) that the health
rules and the run report count; :meth:`NewsSpider.on_error` logs and counts them.
"""

from __future__ import annotations

import re

from twisted.python.failure import Failure


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
