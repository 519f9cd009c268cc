"""CharsetConflictMiddleware: a page whose header and ``<meta charset>`` disagree.

When the Content-Type header's charset contradicts the page's own
``<meta charset>``, Scrapy (w3lib) believes the header. When the body is
valid UTF-8, the meta says UTF-8 and the header says otherwise, the page is
decoded as UTF-8: valid multi-byte UTF-8 that is really windows-1256 text
does not occur in practice, mojibake does. Counted
``newscrawl/encoding/charset_conflict`` (and ``.../utf8_body`` when
re-decoded); a page whose decoded text holds U+FFFD that its bytes did not
carry is counted ``newscrawl/encoding/invalid_bytes`` (kept, not dropped).
"""

from __future__ import annotations

import codecs
import logging
import re

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response, TextResponse

logger = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_UTF8 = {"utf-8", "utf8"}


class CharsetConflictMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "CharsetConflictMiddleware":
        if not crawler.settings.getbool("NEWSCRAWL_CHARSET_CHECK_ENABLED"):
            raise NotConfigured
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if not isinstance(response, HtmlResponse):
            return response
        header = _header_charset(response)
        match = _META_CHARSET.search(response.body[:4096])
        meta = match.group(1).decode("ascii", "replace").lower() if match else None
        if header and meta and _codec(header) != _codec(meta):
            self.stats.inc_value("newscrawl/encoding/charset_conflict")
            logger.warning("%s: header charset %s contradicts <meta charset=%s>", response.url, header, meta)
            if meta in _UTF8 and _is_utf8(response.body):
                self.stats.inc_value("newscrawl/encoding/charset_conflict/utf8_body")
                response = response.replace(encoding="utf-8")
        if isinstance(response, TextResponse) and "\ufffd" in response.text and "\ufffd".encode() not in response.body:
            self.stats.inc_value("newscrawl/encoding/invalid_bytes")
            logger.warning("%s: bytes invalid in %s replaced by U+FFFD", response.url, response.encoding)
        return response


def _header_charset(response: Response) -> str | None:
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    match = re.search(r"charset\s*=\s*[\"']?([a-z0-9_.:-]+)", content_type)
    return match.group(1) if match else None


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
