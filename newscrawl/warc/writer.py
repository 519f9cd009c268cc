"""RotatingWarcWriter: WARC/1.1 files that a crash cannot spoil, rotated by size.

warcio writes the records (headers, digests, one gzip member per record); this
class only decides which file they go to:

- a file is named ``<UTC time it was opened>-<prefix>-<serial>.warc.gz``, so a
  plain sort orders files by time, across runs too;
- a new file is opened when the current one has reached ``max_size`` bytes, and
  every run opens its own first file: a file cut short by a killed run is never
  appended to;
- every record is one gzip member, flushed to the operating system before the next:
  after SIGKILL a file is readable up to its last complete record (a trailing
  partial member is what readers skip; ``newscrawl reextract`` counts it).

The gzip member is made here, not by warcio, because warcio always compresses at
level 9: on HTML that costs twice level 6's time for 1% less size
(``NEWSCRAWL_WARC_GZIP_LEVEL``, default 6). It runs in the writer process
(:mod:`newscrawl.warc.writer_process`), not in the crawl.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.recordloader import ArcWarcRecord
from warcio.warcwriter import WARCWriter

WARC_VERSION = "WARC/1.1"


def warc_file_name(prefix: str, opened: datetime, serial: int) -> str:
    """The name of a WARC file: sorts by opening time, then serial.

    >>> warc_file_name("islamtimes", datetime(2026, 11, 29, 22, 41, 3, 120, tzinfo=timezone.utc), 2)
    '20261129T224103000120Z-islamtimes-00002.warc.gz'
    """
    return f"{opened.strftime('%Y%m%dT%H%M%S%fZ')}-{prefix}-{serial:05d}.warc.gz"


class RotatingWarcWriter:
    """Writes groups of records (a request and its response) into size-rotated WARC files."""

    def __init__(self, directory: Path, prefix: str, max_size: int, software: str, gzip_level: int = 6) -> None:
        self.directory = directory
        self.gzip_level = gzip_level
        self.prefix = prefix
        self.max_size = max_size
        self.software = software
        self.serial = 0
        self.file: BinaryIO | None = None
        self.name = ""
        self.files_opened = 0
        self.writer = WARCWriter(None, gzip=False, warc_version=WARC_VERSION)  # builds records
        self.buffer = BytesIO()
        self.serializer = WARCWriter(self.buffer, gzip=False, warc_version=WARC_VERSION)  # record -> bytes

    def new_record(
        self, uri: str, record_type: str, payload: bytes, http_headers: object, warc_headers: dict[str, str]
    ) -> ArcWarcRecord:
        """A record (digests computed by warcio), not yet written."""
        return self.writer.create_warc_record(
            uri,
            record_type,
            payload=BytesIO(payload),
            length=len(payload),
            http_headers=http_headers,
            warc_headers_dict=warc_headers,
        )

    def new_revisit(
        self,
        uri: str,
        digest: str,
        refers_to_uri: str,
        refers_to_date: str,
        http_headers: object,
        warc_headers: dict[str, str],
    ) -> ArcWarcRecord:
        """A revisit record: HTTP headers only, the payload is the earlier record's."""
        record = self.writer.create_revisit_record(
            uri, digest, refers_to_uri, refers_to_date, http_headers=http_headers
        )
        for name, value in warc_headers.items():
            record.rec_headers.replace_header(name, value)
        return record

    def write(self, records: list[ArcWarcRecord]) -> tuple[str, list[int], int]:
        """Write *records* (one gzip member each) and flush: the file name, their offsets, the end offset."""
        file = self._current_file()
        offsets = []
        for record in records:
            offsets.append(file.tell())
            self._write_member(file, record)
        return self.name, offsets, file.tell()

    def _write_member(self, file: BinaryIO, record: ArcWarcRecord) -> None:
        """*record* as one gzip member, flushed to the OS (wbits 16+: zlib writes the gzip framing)."""
        self.buffer.seek(0)
        self.buffer.truncate()
        self.serializer.write_record(record)
        compressor = zlib.compressobj(self.gzip_level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        file.write(compressor.compress(self.buffer.getbuffer()) + compressor.flush())
        file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None

    def _current_file(self) -> BinaryIO:
        if self.file is not None and self.file.tell() >= self.max_size:
            self.close()
        if self.file is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            opened = datetime.now(timezone.utc)
            self.name = warc_file_name(self.prefix, opened, self.serial)
            self.serial += 1
            # "xb": never append to (or replace) a file another run wrote
            self.file = open(self.directory / self.name, "xb")
            self.files_opened += 1
            info = self.writer.create_warcinfo_record(
                self.name,
                {
                    "software": self.software,
                    "format": "WARC File Format 1.1",
                    "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                },
            )
            self._write_member(self.file, info)
        return self.file
