"""Read HTTP responses out of any WARC file, ours or Common Crawl's, surviving damage.

warcio parses the records. What it does not do is go on after a damaged gzip
member (a run killed mid-write, a download cut short, flipped bits): it raises
and the rest of the file is lost. So :func:`read_responses` restarts warcio at
the next gzip member header after the damage (hand-written because warcio has no
resynchronisation), and reports each damaged stretch once, by file and offset.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

logger = logging.getLogger(__name__)

GZIP_MEMBER_START = b"\x1f\x8b\x08"
_DAMAGE = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError, IndexError)
_SCAN_BLOCK = 1 << 20


@dataclass
class ArchivedResponse:
    """One HTTP response as archived: enough to rebuild a Scrapy response and its provenance."""

    uri: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    date: str
    file: str
    offset: int
    record_id: str
    record_type: str = "response"
    digest: str | None = None

    @property
    def provenance(self) -> dict[str, object]:
        return {"file": self.file, "offset": self.offset, "record_id": self.record_id}

    def header(self, name: str) -> str:
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), "")


@dataclass
class Damage:
    """A stretch of a WARC file that could not be read."""

    file: str
    offset: int
    why: str


@dataclass
class ReadCounts:
    records: int = 0
    damaged: list[Damage] = field(default_factory=list)


#: (target URI, HTTP status, content type, WARC-Type) -> read this record's payload?
Wanted = Callable[[str, int, str, str], bool]


def read_responses(
    path: Path, wanted: Wanted, counts: ReadCounts, position: Callable[[int], None] = lambda offset: None
) -> Iterator[ArchivedResponse]:
    """Every ``response`` and ``revisit`` record of *path* that *wanted* accepts, in file order.

    Other records are skipped unread. Damaged gzip members are skipped, logged
    and appended to ``counts.damaged``; *position* is told the offset reached.
    """
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        start: int | None = 0
        resyncing = False
        while start is not None:
            stream.seek(start)
            records = ArchiveIterator(stream)
            good_end = start
            try:
                for record in records:
                    item = _response(record, path.name, wanted, records)
                    offset, length = records.get_record_offset(), records.get_record_length()
                    decompressor = records.reader.decompressor if records.reader else None
                    if decompressor is not None and not decompressor.eof:
                        raise EOFError("gzip member cut short")
                    good_end, resyncing = offset + length, False
                    counts.records += 1
                    position(good_end)
                    if item is not None:
                        item.offset = offset
                        yield item
                if good_end >= size:
                    return
                # warcio ends quietly at a member it cannot decompress (it writes zlib's message to stderr)
                raise EOFError("unreadable gzip member")
            except _DAMAGE as error:
                if not resyncing:
                    why = f"{type(error).__name__}: {error}".strip()
                    counts.damaged.append(Damage(path.name, good_end, why))
                    logger.warning(
                        "Skipped a damaged record in %s at offset %d: %s (newscrawl/reextract/damaged)",
                        path.name,
                        good_end,
                        why,
                    )
                start, resyncing = _next_member(stream, good_end + 1), True


def read_record_at(path: Path, offset: int) -> ArchivedResponse | None:
    """The response record starting at *offset* (a revisit's original), or None."""
    with open(path, "rb") as stream:
        stream.seek(offset)
        records = ArchiveIterator(stream)
        try:
            record = next(iter(records))
            item = _response(record, path.name, lambda *_: True, records)
        except (StopIteration, *_DAMAGE):
            return None
    if item is not None:
        item.offset = offset
    return item


def _response(record: ArcWarcRecord, file: str, wanted: Wanted, records: ArchiveIterator) -> ArchivedResponse | None:
    if record.rec_type not in ("response", "revisit") or record.http_headers is None:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    try:
        status = int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if not wanted(uri, status, content_type, record.rec_type):
        return None
    headers = list(record.http_headers.headers)
    if "chunked" in (record.http_headers.get_header("Transfer-Encoding") or "").lower():
        # the payload still carries chunk framing (and maybe compression): warcio undoes both
        body = record.content_stream().read()
        headers = [(k, v) for k, v in headers if k.lower() not in ("transfer-encoding", "content-encoding")]
    else:
        body = record.raw_stream.read()  # as received; Scrapy's HttpCompressionMiddleware decodes it
    rec = record.rec_headers
    return ArchivedResponse(
        uri,
        status,
        headers,
        body,
        rec.get_header("WARC-Date") or "",
        file,
        -1,
        rec.get_header("WARC-Record-ID") or "",
        record.rec_type,
        rec.get_header("WARC-Payload-Digest"),
    )


def _next_member(stream: BinaryIO, offset: int) -> int | None:
    """The offset of the next gzip member header at or after *offset*, or None."""
    stream.seek(offset)
    carry = b""
    while True:
        block = stream.read(_SCAN_BLOCK)
        if not block:
            return None
        data = carry + block
        found = data.find(GZIP_MEMBER_START)
        if found >= 0:
            return offset - len(carry) + found
        offset += len(block)
        carry = data[-(len(GZIP_MEMBER_START) - 1) :]
