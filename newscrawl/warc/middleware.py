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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
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
from newscrawl.crawler.items import ArticleItem
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
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warc-writer")
        self.last: Future[dict[str, Any] | None] | None = None
        crawler.signals.connect(self.wait_for_writes, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "WarcArchiveMiddleware":
        directory = crawler.settings.get("NEWSCRAWL_WARC_DIR")
        if not directory:
            raise NotConfigured
        settings = crawler.settings
        return cls(
            crawler,
            Path(directory),
            settings.getint("NEWSCRAWL_WARC_MAX_SIZE"),
            settings.getint("NEWSCRAWL_WARC_GZIP_LEVEL"),
        )

    def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags:  # HttpCacheMiddleware's copy: archived when it was fetched
            return response
        # Records are built, compressed and written by one writer thread, in arrival order: zlib and
        # SHA-1 release the GIL, so most of the cost leaves the crawl's thread (and core).
        exchange = Exchange.of(request, response)
        self.last = self.executor.submit(self.archive_safely, exchange)
        request.meta[PROVENANCE_META] = PendingProvenance(self.last)
        return response

    def wait_for_writes(self) -> None:
        """Idle: everything received is written, so the run's report (written at close) counts it all."""
        if self.last is not None:
            self.last.result()

    def archive_safely(self, exchange: Exchange) -> dict[str, Any] | None:
        try:
            return self.archive(exchange)
        except OSError as error:  # a full disk stops the archive, never the crawl
            logger.error("Could not archive %s: %s (newscrawl/warc/write_errors)", exchange.url, error)
            self.stats.inc_value("newscrawl/warc/write_errors")
            return None

    def archive(self, exchange: Exchange) -> dict[str, Any]:
        writer = self._writer()
        date = writer.writer.curr_warc_date()
        response_id, request_id = _record_id(), _record_id()
        common = {"WARC-Date": date}
        if exchange.ip_address is not None:
            common["WARC-IP-Address"] = exchange.ip_address
        http_response = exchange.response_headers()
        record = writer.new_record(
            exchange.url, "response", exchange.body, http_response, {**common, "WARC-Record-ID": response_id}
        )
        digest = record.rec_headers.get_header("WARC-Payload-Digest")
        earlier = self.first_seen.get(digest) if exchange.body else None
        if earlier is not None:
            record = writer.new_revisit(
                exchange.url,
                digest,
                earlier[0],
                earlier[1],
                http_response,
                {**common, "WARC-Record-ID": response_id, "WARC-Refers-To": earlier[2]},
            )
            self.stats.inc_value("newscrawl/warc/revisits")
        elif exchange.body:
            self.first_seen[digest] = (exchange.url, date, response_id)
        request_record = writer.new_record(
            exchange.request_url,
            "request",
            exchange.request_body,
            exchange.request_headers(),
            {**common, "WARC-Record-ID": request_id, "WARC-Concurrent-To": response_id},
        )
        name, offsets, end = writer.write([request_record, record])
        self.stats.inc_value("newscrawl/warc/bytes", end - offsets[0])
        self.stats.inc_value("newscrawl/warc/records")
        self.stats.set_value("newscrawl/warc/files", writer.files_opened)
        return {"file": name, "offset": offsets[1], "record_id": response_id}

    def spider_closed(self) -> None:
        self.executor.shutdown(wait=True)  # every response received is on disk before the run ends
        if self.writer is not None:
            self.writer.close()

    def _writer(self) -> RotatingWarcWriter:
        if self.writer is None:
            spider = self.crawler.spider
            prefix = spider.name if spider is not None else self.crawler.settings.get("BOT_NAME", "newscrawl")
            self.writer = RotatingWarcWriter(
                self.directory, prefix, self.max_size, f"newscrawl/{__version__}", self.gzip_level
            )
        return self.writer


@dataclass
class Exchange:
    """What is archived of one response, copied in the crawl's thread (the objects move on)."""

    request_url: str
    method: str
    request_header_items: list[tuple[bytes, list[bytes]]]
    request_body: bytes
    url: str
    status: int
    protocol: str | None
    header_items: list[tuple[bytes, list[bytes]]]
    body: bytes
    ip_address: str | None

    @classmethod
    def of(cls, request: Request, response: Response) -> "Exchange":
        return cls(
            request.url,
            request.method,
            [(k, list(v)) for k, v in request.headers.items()],
            request.body or b"",
            response.url,
            response.status,
            response.protocol,
            [(k, list(v)) for k, v in response.headers.items()],
            response.body,
            None if response.ip_address is None else str(response.ip_address),
        )

    def request_headers(self) -> StatusAndHeaders:
        """The request as sent: request line with query string, Host first, then Scrapy's headers."""
        parts = urlsplit(self.request_url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = [("Host", parts.netloc)] + [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, values in self.request_header_items
            if name.lower() != b"host"
            for value in values
        ]
        return StatusAndHeaders(f"{self.method} {target} HTTP/1.1", headers, is_http_request=True)

    def response_headers(self) -> StatusAndHeaders:
        """The status line (with its reason phrase) and every header as received, repeats kept."""
        try:
            reason = HTTPStatus(self.status).phrase
        except ValueError:
            reason = ""
        headers = []
        for name, values in self.header_items:
            text = name.decode("latin-1")
            if text.lower() in _UNDONE_FRAMING:  # the body below is no longer chunked
                text = "X-Archive-Orig-" + text
            headers += [(text, value.decode("latin-1")) for value in values]
        return StatusAndHeaders(f"{self.status} {reason}".rstrip(), headers, protocol=self.protocol or "HTTP/1.1")


class PendingProvenance:
    """The provenance of a response still being written (a request stored in JOBDIR or Redis drops it:
    the request codec keeps JSON data only)."""

    def __init__(self, future: Future[dict[str, Any] | None]) -> None:
        self.future = future

    def get(self) -> dict[str, Any] | None:
        return self.future.result()


def _record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


class WarcProvenanceMiddleware:
    """Sets ``warc`` on every article record (None when archiving is off); on replay, ``crawled_at``."""

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for obj in result:
            yield self.stamp(response, obj)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in result:
            yield self.stamp(response, obj)

    @staticmethod
    def stamp(response: Response, obj: Any) -> Any:
        if isinstance(obj, ArticleItem):
            meta = response.meta
            provenance = meta.get(PROVENANCE_META)
            obj["warc"] = provenance.get() if isinstance(provenance, PendingProvenance) else provenance
            if meta.get(REPLAY_DATE_META):
                obj["crawled_at"] = meta[REPLAY_DATE_META]
        return obj
