"""Read HTTP responses out of any WARC file, ours or Common Crawl's, surviving damage.

warcio parses the records. What it does not do is go on after a damaged gzip
member (a run killed mid-write, a download cut short, flipped bits): it raises
and the rest of the file is lost. So :func:`read_responses` restarts warcio at
the next gzip member header after the damage, or in an uncompressed ``.warc`` at
the next ``WARC/1.`` line (hand-written because warcio has no resynchronisation),
and reports each damaged stretch once, by file and offset. In an uncompressed
file a record must end where the next one (or the file) starts: a lying
``Content-Length`` or a cut last record is damage, not a record.

A record that parses but cannot be used is skipped, counted in
``ReadCounts.skipped`` and named in ``ReadCounts.bad``: no ``WARC-Target-URI``,
a ``WARC-Date`` that is no date, a payload over the size limit (never read).
"""

from __future__ import annotations

import logging
import os
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

logger = logging.getLogger(__name__)

GZIP_MEMBER_START = b"\x1f\x8b\x08"
WARC_RECORD_START = b"WARC/1."
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
    skipped: Counter[str] = field(default_factory=Counter)  # unusable records by reason
    bad: list[Damage] = field(default_factory=list)  # and which ones


_ARC_DATE = re.compile(r"\d{14}")


def crawl_time(warc_date: str) -> str | None:
    """A WARC-Date (or an ARC file's 14 digits) as a record's ``crawled_at``; None if it is no date.

    >>> crawl_time("2026-11-29T22:45:36.104965Z"), crawl_time("20250702101500")
    ('2026-11-29T22:45:36+00:00', '2025-07-02T10:15:00+00:00')
    >>> crawl_time("yesterday") is None
    True
    """
    text = warc_date.strip()
    try:
        if _ARC_DATE.fullmatch(text):
            when = datetime.strptime(text, "%Y%m%d%H%M%S")
        else:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)  # WARC dates are UTC
    try:
        return when.astimezone(timezone.utc).replace(microsecond=0).isoformat()
    except (ValueError, OverflowError):
        return None


#: (target URI, HTTP status, content type, WARC-Type) -> read this record's payload?
Wanted = Callable[[str, int, str, str], bool]


def read_responses(
    path: Path,
    wanted: Wanted,
    counts: ReadCounts,
    position: Callable[[int], None] = lambda offset: None,
    max_bytes: int = 0,
) -> Iterator[ArchivedResponse]:
    """Every ``response`` and ``revisit`` record of *path* that *wanted* accepts, in file order.

    Other records are skipped unread. Damaged gzip members (and damaged records of an
    uncompressed file) are skipped, logged and appended to ``counts.damaged``; unusable
    records (see the module) to ``counts.bad``. *max_bytes* (0: no limit) is the largest
    payload read, as DOWNLOAD_MAXSIZE is the crawl's. *position* is told the offset reached.
    """
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        gzipped = stream.read(len(GZIP_MEMBER_START)) == GZIP_MEMBER_START
        start: int | None = 0
        resyncing = False
        while start is not None:
            stream.seek(start)
            records = ArchiveIterator(stream)
            good_end = start
            try:
                for record in _parsed(records):
                    item = _response(record, path.name, wanted, records, counts, max_bytes)
                    offset, length = records.get_record_offset(), records.get_record_length()
                    decompressor = records.reader.decompressor if records.reader else None
                    if decompressor is not None and not decompressor.eof:
                        raise EOFError("gzip member cut short")
                    missing = getattr(record.raw_stream, "limit", 0)
                    if missing > 0:  # the file ended before the record's Content-Length did
                        raise EOFError(f"record cut short ({missing} bytes missing)")
                    if not gzipped:
                        length = _check_record_end(stream.fileno(), offset, length, size)
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
                marker = GZIP_MEMBER_START if gzipped else WARC_RECORD_START
                start, resyncing = _next_member(stream, good_end + 1, marker), True


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


def _parsed(records: ArchiveIterator) -> Iterator[ArcWarcRecord]:
    """warcio's records; its crash on a response without WARC-Target-URI becomes damage, not a traceback."""
    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except (AttributeError, TypeError) as error:  # warcio 1.7 calls None.startswith on a missing URI
            raise ValueError(f"unparseable record header (no WARC-Target-URI?): {error}") from error
        yield record


def _check_record_end(fd: int, offset: int, length: int, size: int) -> int:
    """In an uncompressed file, a record ends where the file or the next record starts, else it lied;
    its length with the blank lines that close it."""
    end = offset + length
    following = os.pread(fd, 16, end)
    rest = following.lstrip(b"\r\n")
    if rest and not rest.startswith(WARC_RECORD_START[:5]):
        raise ValueError("record length does not match its content (a lying Content-Length)")
    return length + len(following) - len(rest)


def _unusable(
    record: ArcWarcRecord, file: str, records: ArchiveIterator, counts: ReadCounts, reason: str, detail: str
) -> None:
    offset = getattr(records, "offset", -1)
    counts.skipped[reason] += 1
    counts.bad.append(Damage(file, offset, f"{reason}: {detail}"))
    logger.warning(
        "Skipped a record in %s at offset %d: %s (newscrawl/reextract/skipped/%s)", file, offset, detail, reason
    )


def _response(
    record: ArcWarcRecord,
    file: str,
    wanted: Wanted,
    records: ArchiveIterator,
    counts: ReadCounts | None = None,
    max_bytes: int = 0,
) -> ArchivedResponse | None:
    if record.rec_type not in ("response", "revisit") or record.http_headers is None:
        return None
    counts = counts if counts is not None else ReadCounts()
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
    if not uri:
        _unusable(record, file, records, counts, "no_target_uri", "a response without WARC-Target-URI")
        return None
    date = record.rec_headers.get_header("WARC-Date") or ""
    if date and crawl_time(date) is None:
        _unusable(record, file, records, counts, "bad_date", f"WARC-Date {date[:40]!r} of {uri} is no date")
        return None
    payload = getattr(record.raw_stream, "limit", 0)
    if max_bytes and payload > max_bytes:  # skipped unread, as the crawl cancels such a download
        _unusable(record, file, records, counts, "too_large", f"{uri}: {payload} bytes (limit {max_bytes})")
        return None
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
        body = record.content_stream().read(max_bytes + 1) if max_bytes else record.content_stream().read()
        if max_bytes and len(body) > max_bytes:
            _unusable(record, file, records, counts, "too_large", f"{uri}: over {max_bytes} bytes decoded")
            return None
        headers = [(k, v) for k, v in headers if k.lower() not in ("transfer-encoding", "content-encoding")]
    else:
        body = record.raw_stream.read()  # as received; Scrapy's HttpCompressionMiddleware decodes it
    rec = record.rec_headers
    return ArchivedResponse(
        uri,
        status,
        headers,
        body,
        date,
        file,
        -1,
        rec.get_header("WARC-Record-ID") or "",
        record.rec_type,
        rec.get_header("WARC-Payload-Digest"),
    )


def _next_member(stream: BinaryIO, offset: int, marker: bytes = GZIP_MEMBER_START) -> int | None:
    """The offset of the next *marker* (a gzip member header, or a WARC record's first line) at or after *offset*."""
    stream.seek(offset)
    carry = b""
    while True:
        block = stream.read(_SCAN_BLOCK)
        if not block:
            return None
        data = carry + block
        found = data.find(marker)
        if found >= 0:
            return offset - len(carry) + found
        offset += len(block)
        carry = data[-(len(marker) - 1) :]
