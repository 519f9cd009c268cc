"""One archived exchange (a request and its response), and the WARC records made of it.

Plain data and warcio, no Scrapy: the crawl copies an :class:`Exchange` in its own thread
(cheap) and sends it to the writer process (:mod:`newscrawl.warc.writer_process`), where a
:class:`RecordArchiver` builds, hashes, compresses and writes its records, and answers with an
:class:`Archived` (where the response record is) or a :class:`NotArchived` (why not).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date

from newscrawl.warc.writer import RotatingWarcWriter

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

#: hop-by-hop framing Scrapy's downloader already undid; kept under the name web archives use
_UNDONE_FRAMING = {"transfer-encoding"}


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
    #: WARC-Date: when the response arrived (not when the writer got to it)
    date: str

    @classmethod
    def of(cls, request: Request, response: Response) -> Exchange:
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
            warc_date(),
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


def warc_date() -> str:
    """Now as a WARC/1.1 date, to the microsecond (as warcio writes it)."""
    return datetime_to_iso_date(datetime.now(timezone.utc).replace(tzinfo=None), use_micros=True)


@dataclass
class Archived:
    """Where one exchange went: its response (or revisit) record's file and offset."""

    file: str
    offset: int
    record_id: str
    #: bytes written for the request + response records (gzip)
    size: int
    revisit: bool
    #: the file this exchange opened (rotation, or the run's first file), else None
    opened: str | None
    files_opened: int

    def provenance(self) -> dict[str, Any]:
        """The record's ``warc`` field."""
        return {"file": self.file, "offset": self.offset, "record_id": self.record_id}


@dataclass
class NotArchived:
    """An exchange that could not be written (a full disk, an unwritable directory, the writer gone)."""

    url: str
    why: str


class RecordArchiver:
    """Turns exchanges into request + response (or revisit) records, in the order given."""

    def __init__(self, writer: RotatingWarcWriter) -> None:
        self.writer = writer
        #: payload digest -> (target URI, WARC-Date, record id) of its first response record in this run
        self.first_seen: dict[str, tuple[str, str, str]] = {}

    def archive_safely(self, exchange: Exchange) -> Archived | NotArchived:
        try:
            return self.archive(exchange)
        except OSError as error:  # a full disk stops the archive, never the crawl
            return NotArchived(exchange.url, str(error))

    def archive(self, exchange: Exchange) -> Archived:
        writer = self.writer
        response_id, request_id = _record_id(), _record_id()
        common = {"WARC-Date": exchange.date}
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
        request_record = writer.new_record(
            exchange.request_url,
            "request",
            exchange.request_body,
            exchange.request_headers(),
            {**common, "WARC-Record-ID": request_id, "WARC-Concurrent-To": response_id},
        )
        files_before = writer.files_opened
        name, offsets, end = writer.write([request_record, record])
        if earlier is None and exchange.body:  # only once written: a failed write is no original
            self.first_seen[digest] = (exchange.url, exchange.date, response_id)
        opened = name if writer.files_opened != files_before else None
        return Archived(
            name, offsets[1], response_id, end - offsets[0], earlier is not None, opened, writer.files_opened
        )

    def close(self) -> None:
        self.writer.close()


def _record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"
