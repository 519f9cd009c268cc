"""Write the dataset's files: JSONL.gz, Parquet, the chart, SHA256SUMS; publish atomically.

Everything written is a function of the input alone (no clock, no host, no
random seed), so the same run files give byte-identical files and the same
SHA256SUMS: gzip with mtime 0 and no file name, JSON with a fixed field order,
Parquet from a declared schema with fixed row groups, and a PNG without
software metadata.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import pyarrow as pa
import pyarrow.parquet as pq

from newscrawl.core.dates import calendar_day
from newscrawl.dataset.records import DATE_FIELDS, LIST_FIELDS, TIMESTAMP_FIELDS, parse_timestamp
from newscrawl.core.record import ARTICLE_FIELDS, REQUIRED_FIELDS, struct_members

if TYPE_CHECKING:
    from matplotlib.ticker import MaxNLocator

logger = logging.getLogger(__name__)

#: The output record: the article contract plus what the export adds.
OUTPUT_FIELDS: dict[str, tuple[str, str]] = {
    **ARTICLE_FIELDS,
    "duplicates": (
        "list[str]",
        "added by the export: canonical URLs (else URLs) of the other articles with the same "
        "or nearly the same text that were merged into this one, sorted; [] when none",
    ),
    "published_date": (
        "str|null",
        "added by the export: the calendar day of published_at in the offset it was written in, "
        "YYYY-MM-DD (the day the site's readers saw; published_at itself is stored as a UTC instant "
        "in Parquet); null when undated. For run files written before published_at kept its offset, "
        "the UTC day",
    ),
}

JSONL_NAME = "articles.jsonl.gz"
PARQUET_NAME = "articles.parquet"
CHART_NAME = "articles_per_day.png"
SUMS_NAME = "SHA256SUMS"
ROW_GROUP_ROWS = 4096  # rows buffered before a Parquet row group is written (~16 MB)


def arrow_type(name: str, kind: str) -> pa.DataType:
    """The Parquet type for an OUTPUT_FIELDS entry.

    >>> str(arrow_type("read_also", "list[{url,title}]"))
    'list<item: struct<url: string, title: string>>'
    >>> str(arrow_type("warc", "{file,offset:int,record_id}|null"))
    'struct<file: string, offset: int64, record_id: string>'
    >>> str(arrow_type("crawled_at", "str"))
    'timestamp[us, tz=UTC]'
    """
    if name in TIMESTAMP_FIELDS:
        return pa.timestamp("us", tz="UTC")
    if name in DATE_FIELDS:
        return pa.date32()
    if kind == "list[str]":
        return pa.list_(pa.string())
    if kind.startswith("list[{") and kind.endswith("}]"):
        return pa.list_(pa.struct([(part, pa.string()) for part in kind[6:-2].split(",")]))
    if kind.startswith("{"):
        return pa.struct(
            [
                (member, pa.int64() if python_type is int else pa.string())
                for member, python_type in struct_members(kind)
            ]
        )
    if kind in ("str", "str|null"):
        return pa.string()
    raise ValueError(f"no Parquet type for field {name!r} of kind {kind!r}")


def arrow_schema(fields: dict[str, tuple[str, str]] = OUTPUT_FIELDS) -> pa.Schema:
    """The declared schema: one field per *fields* entry, its description as field metadata."""
    return pa.schema(
        [
            pa.field(
                name,
                arrow_type(name, kind),
                nullable=name not in REQUIRED_FIELDS and name not in LIST_FIELDS and name != "duplicates",
                metadata={"description": description},
            )
            for name, (kind, description) in fields.items()
        ]
    )


def output_record(record: dict[str, Any], duplicates: list[str]) -> dict[str, Any]:
    """The record as the dataset stores it: every field, in contract order, nothing else.

    >>> out = output_record({"url": "u", "keywords": None, "extra": 1}, [])
    >>> list(out)[:3], out["keywords"], out["canonical_url"], "extra" in out
    (['url', 'canonical_url', 'site'], [], None, False)
    """
    out: dict[str, Any] = {}
    for name in ARTICLE_FIELDS:
        value = record.get(name)
        if name in LIST_FIELDS:
            value = value or []
        out[name] = value
    out["read_also"] = [{"url": link["url"], "title": link.get("title")} for link in out["read_also"]]
    out["duplicates"] = duplicates
    out["published_date"] = calendar_day(out["published_at"]).isoformat() if out["published_at"] else None
    return out


def json_line(record: dict[str, Any]) -> bytes:
    """One JSONL line: UTF-8, Urdu unescaped, compact, field order as given.

    >>> json_line({"headline": "سرخی", "keywords": []})
    b'{"headline":"\\xd8\\xb3\\xd8\\xb1\\xd8\\xae\\xdb\\x8c","keywords":[]}\\n'
    """
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


class DatasetWriter:
    """Streams records into articles.jsonl.gz and articles.parquet, in the order given.

    *extra*: fields the export adds beyond OUTPUT_FIELDS for this dataset (``story_id``).
    """

    def __init__(self, directory: Path, extra: dict[str, tuple[str, str]] | None = None) -> None:
        self.fields = {**OUTPUT_FIELDS, **(extra or {})}
        self.schema = arrow_schema(self.fields)
        self._raw: BinaryIO = open(directory / JSONL_NAME, "wb")
        # filename="" and mtime=0: the gzip header then carries nothing that varies.
        self._jsonl = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, compresslevel=6, mtime=0)
        self._parquet = pq.ParquetWriter(directory / PARQUET_NAME, self.schema, compression="zstd")
        self._columns: dict[str, list[Any]] = {name: [] for name in self.fields}
        self._buffered = 0

    def write(self, record: dict[str, Any]) -> None:
        self._jsonl.write(json_line(record))
        for name, column in self._columns.items():
            value = record[name]
            if name in TIMESTAMP_FIELDS and value is not None:
                value = parse_timestamp(value)
            elif name in DATE_FIELDS and value is not None:
                value = date.fromisoformat(value)
            column.append(value)
        self._buffered += 1
        if self._buffered >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._buffered:
            self._parquet.write_table(pa.Table.from_pydict(self._columns, schema=self.schema))
            for column in self._columns.values():
                column.clear()
            self._buffered = 0

    def close(self) -> None:
        self._flush()
        self._parquet.close()
        self._jsonl.close()
        self._raw.close()

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def write_chart(per_day: dict[str, int], path: Path) -> None:
    """Bar chart of articles per publish day (the site's calendar day), days without articles shown as gaps."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(10, 4), dpi=100)
    if per_day:
        first, last = date.fromisoformat(min(per_day)), date.fromisoformat(max(per_day))
        days = [first + timedelta(days=n) for n in range((last - first).days + 2)]  # one edge past the end
        counts = [per_day.get(day.isoformat(), 0) for day in days[:-1]]
        # One filled step outline, not a bar per day: years of days draw in milliseconds.
        axes.stairs(counts, mdates.date2num(days), fill=True, color="#2a6f97")
        locator = mdates.AutoDateLocator()
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        axes.set_ylim(bottom=0)
    else:
        axes.text(0.5, 0.5, "no dated articles", ha="center", va="center", transform=axes.transAxes)
    axes.set_title("Articles per day (publish date, local)")
    axes.set_ylabel("articles")
    # the default y locator is an AutoLocator, a MaxNLocator (the base Locator's stub has no `integer`)
    cast("MaxNLocator", axes.yaxis.get_major_locator()).set_params(integer=True)
    figure.tight_layout()
    figure.savefig(path, format="png", metadata={"Software": None})
    plt.close(figure)


def write_sums(directory: Path) -> None:
    """SHA256SUMS for every other file, in ``sha256sum -c`` format."""
    lines = []
    for path in sorted(directory.iterdir(), key=lambda p: p.name):
        if path.is_file() and path.name != SUMS_NAME:
            lines.append(f"{file_sha256(path)}  {path.name}\n")
    (directory / SUMS_NAME).write_text("".join(lines), encoding="utf-8")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_dataset(path: Path) -> bool:
    """True when *path* looks like an earlier export (safe to replace)."""
    return (path / SUMS_NAME).is_file() and (path / "stats.json").is_file()


@contextlib.contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """Hold a lock on *out*'s parent directory for the whole export; tidy what a killed export left.

    Two exports beside each other take turns (the second waits), so neither
    fails on the other's renames; the lock is an ``flock`` on the directory
    itself, so it leaves no lock file behind. Holding it proves that every
    ``.<out>.tmp-PID`` / ``.<out>.old-PID`` belongs to a dead export: staging
    directories are removed, and an earlier dataset that a kill left renamed
    aside (between the two renames of :func:`publish`) is put back.
    """
    fd = os.open(out.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.warning("another export beside %s is running; waiting for it to finish", out)
            fcntl.flock(fd, fcntl.LOCK_EX)
        for leftover in sorted(out.parent.glob(f".{out.name}.old-*")):
            if not out.exists():
                leftover.rename(out)
            else:
                shutil.rmtree(leftover, ignore_errors=True)
        for leftover in out.parent.glob(f".{out.name}.tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        yield
    finally:
        os.close(fd)  # releases the lock; so does the kernel when the process dies


def staging_dir(out: Path) -> Path:
    """A fresh hidden directory beside *out*: same file system, so publishing is a rename."""
    staging = out.parent / f".{out.name}.tmp-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    return staging


def publish(staging: Path, out: Path) -> None:
    """Move the finished dataset into place; an earlier one is removed only after that."""
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        staging.rename(out)
