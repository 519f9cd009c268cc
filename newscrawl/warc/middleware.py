"""Archive every response as WARC, and stamp each record with where its page is.

``WarcArchiveMiddleware`` (downloader middleware, priority 950: closest to the
network, after HttpCacheMiddleware) sees each response as it came over the wire,
before decompression, redirects, retries and robots.txt handling: articles,
listings, sitemaps, feeds, robots.txt (Scrapy's RobotsTxtMiddleware fetches it
through the engine, so it passes here too) and error pages alike. Each becomes a
``request`` + ``response`` pair; a body already archived in this run becomes a
``revisit`` record (identical-payload-digest profile). Failed downloads without a
response (DNS, timeouts) have nothing to archive.

``WarcProvenanceMiddleware`` (spider middleware) copies the response's place in
the archive onto every article record: ``warc`` = ``{file, offset, record_id}``,
or ``None`` when archiving is off.

Settings: ``NEWSCRAWL_WARC_DIR`` (None: off), ``NEWSCRAWL_WARC_MAX_SIZE``, ``NEWSCRAWL_WARC_GZIP_LEVEL``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from warcio.statusandheaders import StatusAndHeaders

from newscrawl import __version__
from newscrawl.items import ArticleItem
from newscrawl.warc import PROVENANCE_META, REPLAY_DATE_META
from newscrawl.warc.writer import RotatingWarcWriter

logger = logging.getLogger(__name__)

#: hop-by-hop framing Scrapy's downloader already undid; kept under the name web archives use
_UNDONE_FRAMING = {"transfer-encoding"}


class WarcArchiveMiddleware:
    def __init__(self, crawler: Crawler, directory: Path, max_size: int, gzip_level: int = 6) -> None:
        self.crawler = crawler
        self.gzip_level = gzip_level
        self.stats = crawler.stats
        self.directory = directory
        self.max_size = max_size
        self.writer: RotatingWarcWriter | None = None
        #: payload digest -> (target URI, WARC-Date, record id) of its first response record in this run
        self.first_seen: dict[str, tuple[str, str, str]] = {}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "WarcArchiveMiddleware":
        directory = crawler.settings.get("NEWSCRAWL_WARC_DIR")
        if not directory:
            raise NotConfigured
        settings = crawler.settings
        return cls(crawler, Path(directory), settings.getint("NEWSCRAWL_WARC_MAX_SIZE"),
                   settings.getint("NEWSCRAWL_WARC_GZIP_LEVEL"))

    def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags:  # HttpCacheMiddleware's copy: archived when it was fetched
            return response
        try:
            self.archive(request, response)
        except OSError as error:  # a full disk stops the archive, never the crawl
            logger.error("Could not archive %s: %s (newscrawl/warc/write_errors)", response.url, error)
            self.stats.inc_value("newscrawl/warc/write_errors")
        return response

    def archive(self, request: Request, response: Response) -> None:
        writer = self._writer()
        date = writer.writer.curr_warc_date()
        response_id, request_id = _record_id(), _record_id()
        common = {"WARC-Date": date}
        if response.ip_address is not None:
            common["WARC-IP-Address"] = str(response.ip_address)
        http_response = response_headers(response)
        record = writer.new_record(response.url, "response", response.body, http_response,
                                   {**common, "WARC-Record-ID": response_id})
        digest = record.rec_headers.get_header("WARC-Payload-Digest")
        earlier = self.first_seen.get(digest) if response.body else None
        if earlier is not None:
            record = writer.new_revisit(response.url, digest, earlier[0], earlier[1], http_response,
                                        {**common, "WARC-Record-ID": response_id, "WARC-Refers-To": earlier[2]})
            self.stats.inc_value("newscrawl/warc/revisits")
        elif response.body:
            self.first_seen[digest] = (response.url, date, response_id)
        request_record = writer.new_record(request.url, "request", request.body or b"", request_headers(request),
                                           {**common, "WARC-Record-ID": request_id,
                                            "WARC-Concurrent-To": response_id})
        name, offsets, end = writer.write([request_record, record])
        self.stats.inc_value("newscrawl/warc/bytes", end - offsets[0])
        self.stats.inc_value("newscrawl/warc/records")
        self.stats.set_value("newscrawl/warc/files", writer.files_opened)
        request.meta[PROVENANCE_META] = {"file": name, "offset": offsets[1], "record_id": response_id}

    def spider_closed(self) -> None:
        if self.writer is not None:
            self.writer.close()

    def _writer(self) -> RotatingWarcWriter:
        if self.writer is None:
            spider = self.crawler.spider
            prefix = spider.name if spider is not None else self.crawler.settings.get("BOT_NAME", "newscrawl")
            self.writer = RotatingWarcWriter(self.directory, prefix, self.max_size, f"newscrawl/{__version__}",
                                             self.gzip_level)
        return self.writer


def request_headers(request: Request) -> StatusAndHeaders:
    """The request as sent: request line with query string, Host first, then Scrapy's headers."""
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc)] + [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in request.headers.items() if name.lower() != b"host" for value in values]
    return StatusAndHeaders(f"{request.method} {target} HTTP/1.1", headers, is_http_request=True)


def response_headers(response: Response) -> StatusAndHeaders:
    """The status line (with its reason phrase) and every header as received, repeats kept."""
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    headers = []
    for name, values in response.headers.items():
        text = name.decode("latin-1")
        if text.lower() in _UNDONE_FRAMING:  # the body below is no longer chunked
            text = "X-Archive-Orig-" + text
        headers += [(text, value.decode("latin-1")) for value in values]
    return StatusAndHeaders(f"{response.status} {reason}".rstrip(), headers, protocol=response.protocol or "HTTP/1.1")


def _record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


class WarcProvenanceMiddleware:
    """Sets ``warc`` on every article record (None when archiving is off); on replay, ``crawled_at``."""

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for obj in result:
            yield self.stamp(response, obj)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]
                                          ) -> AsyncIterator[Any]:
        async for obj in result:
            yield self.stamp(response, obj)

    @staticmethod
    def stamp(response: Response, obj: Any) -> Any:
        if isinstance(obj, ArticleItem):
            meta = response.meta
            obj["warc"] = meta.get(PROVENANCE_META)
            if meta.get(REPLAY_DATE_META):
                obj["crawled_at"] = meta[REPLAY_DATE_META]
        return obj
