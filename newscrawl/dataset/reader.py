"""Find run files, stream their lines, and read single lines back by offset.

Run files are at-least-once and may end in a half-written line (a crash
mid-write); a line that cannot be used is reported as a :class:`BadLine`
(file, line number, reason) and reading goes on. Nothing here holds more than
one line in memory.

Compressed run files (``*.jsonl.gz``) cannot be seeked cheaply, so while they
are streamed their decompressed bytes are spooled to a scratch file and offsets
refer to that spool; plain files are read back in place.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from newscrawl.dataset.records import InvalidRecord, validate

RUN_FILE_SUFFIXES = (".jsonl", ".jsonl.gz")
#: A directory holding both is an earlier export, not run files.
DATASET_MARKERS = ("SHA256SUMS", "stats.json")


@dataclass(frozen=True)
class RunFile:
    path: Path  # as found, for messages
    name: str  # relative to DATA_DIR, POSIX style: what the card and stats name

    @property
    def compressed(self) -> bool:
        return self.path.name.endswith(".gz")


@dataclass(frozen=True)
class BadLine:
    file: str
    line: int
    reason: str
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.reason}"
        return f"{text} ({self.detail})" if self.detail else text


@dataclass(frozen=True)
class Line:
    """One accepted record and where to find it again."""

    file_index: int
    line_no: int
    offset: int
    length: int
    record: dict[str, Any]


def find_run_files(data_dir: Path, exclude: tuple[Path, ...] = ()) -> list[RunFile]:
    """Every ``*.jsonl`` / ``*.jsonl.gz`` under *data_dir*, in a stable order.

    Skipped: hidden files and directories (scratch and staging dirs are
    hidden), the *exclude* dirs (the export's own output), and earlier exports
    (a directory with both ``SHA256SUMS`` and ``stats.json``). Sorting by path
    makes "the later file" well defined: cron names files by UTC start time.
    """
    excluded = {path.resolve() for path in exclude}
    found: list[RunFile] = []

    def walk(directory: Path) -> None:
        if directory.resolve() in excluded or all((directory / m).is_file() for m in DATASET_MARKERS):
            return
        for entry in sorted(directory.iterdir(), key=lambda p: p.name):
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                walk(entry)
            elif entry.is_file() and entry.name.endswith(RUN_FILE_SUFFIXES):
                found.append(RunFile(entry, entry.relative_to(data_dir).as_posix()))

    walk(data_dir)
    return sorted(found, key=lambda run_file: run_file.name)


def read_lines(run_file: RunFile, file_index: int, spool: BinaryIO | None = None) -> Iterator[Line | BadLine]:
    """Yield each non-blank line of *run_file* as a :class:`Line` or a :class:`BadLine`.

    For a compressed file, *spool* receives the decompressed bytes and the
    offsets in the yielded lines refer to it.
    """
    line_no = 0
    offset = 0
    try:
        with gzip.open(run_file.path, "rb") if run_file.compressed else open(run_file.path, "rb") as stream:
            for raw in stream:
                line_no += 1
                start = offset
                offset += len(raw)
                if spool is not None:
                    spool.write(raw)
                if not raw.strip():
                    continue
                complete = raw.endswith(b"\n")
                try:
                    record = validate(parse_line(raw))
                except InvalidRecord as error:
                    if error.reason in ("not JSON", "not UTF-8") and not complete:
                        yield BadLine(run_file.name, line_no, "truncated last line", "no newline at end of file")
                    else:
                        yield BadLine(run_file.name, line_no, error.reason, error.detail)
                    continue
                yield Line(file_index, line_no, start, len(raw), record)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        yield BadLine(run_file.name, line_no + 1, "truncated gzip stream", str(error))


def parse_line(raw: bytes) -> object:
    """Decode one JSONL line, turning every way it can fail into :class:`InvalidRecord`.

    >>> parse_line('{"headline": "سرخی"}\\n'.encode())
    {'headline': 'سرخی'}
    >>> parse_line(b'{"headline": "\\xd8')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newscrawl.dataset.records.InvalidRecord: not UTF-8: ...
    >>> parse_line(b"[" * 100_000 + b"]" * 100_000)
    Traceback (most recent call last):
    ...
    newscrawl.dataset.records.InvalidRecord: not JSON: nested too deep
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidRecord("not UTF-8", str(error)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidRecord("not JSON", str(error)) from None
    except RecursionError:
        raise InvalidRecord("not JSON", "nested too deep") from None
    except ValueError as error:  # an integer of more than sys.get_int_max_str_digits() digits
        raise InvalidRecord("not JSON", str(error)) from None


class LineStore:
    """Read lines back by (file index, offset, length), keeping few files open."""

    MAX_OPEN = 32

    def __init__(self, paths: list[Path]) -> None:
        self._paths = paths
        self._open: dict[int, BinaryIO] = {}

    def read(self, file_index: int, offset: int, length: int) -> bytes:
        handle = self._open.pop(file_index, None)
        if handle is None:
            if len(self._open) >= self.MAX_OPEN:
                self._open.pop(next(iter(self._open))).close()
            handle = open(self._paths[file_index], "rb")
        self._open[file_index] = handle  # most recently used last
        handle.seek(offset)
        return handle.read(length)

    def close(self) -> None:
        for handle in self._open.values():
            handle.close()
        self._open.clear()

    def __enter__(self) -> LineStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
