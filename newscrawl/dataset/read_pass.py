"""The export's first pass: every run file read once, the newest crawl of each article kept as a candidate.

Only small candidates stay in memory (key, URL, site, times, hash, where the line is); pass 2
reads the winners' lines back (newscrawl.dataset.export). Compressed run files are spooled to
*scratch* so that pass 2 can seek in them.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.dataset.dedup import Candidate, UrlIndex
from newscrawl.dataset.filters import Filters
from newscrawl.dataset.reader import BadLine, RunFile, read_lines
from newscrawl.dataset.records import dedup_key, parse_timestamp

BAD_LINES_LISTED = 1000  # named in stats.json; all are counted


class BadLines:
    """Counts every bad line, names the first :data:`BAD_LINES_LISTED`."""

    def __init__(self) -> None:
        self.count = 0
        self.by_reason: Counter[str] = Counter()
        self.listed: list[BadLine] = []

    def add(self, bad: BadLine) -> None:
        self.count += 1
        self.by_reason[bad.reason] += 1
        if len(self.listed) < BAD_LINES_LISTED:
            self.listed.append(bad)

    def summary(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "by_reason": dict(sorted(self.by_reason.items())),
            "lines": [{"file": b.file, "line": b.line, "reason": b.reason, "detail": b.detail} for b in self.listed],
            "not_listed": self.count - len(self.listed),
        }


@dataclass
class Reading:
    """What pass 1 found: the candidates by key, the bad lines, and the counts stats.json names."""

    index: UrlIndex = field(default_factory=UrlIndex)
    bad: BadLines = field(default_factory=BadLines)
    seek_paths: list[Path] = field(default_factory=list)
    files_read: list[dict[str, Any]] = field(default_factory=list)
    sites_seen: set[str] = field(default_factory=set)
    lines_read: int = 0
    canonical_listing: int = 0  # canonical URLs declared but not used: the home page or a listing above the page
    distinct: int = 0

    def settle(self) -> tuple[list[Candidate], Counter[str]]:
        """The newest candidate per key, kept or left out by a filter (counted by reason)."""
        self.index.settle()
        filtered: Counter[str] = Counter()
        kept: list[Candidate] = []
        for candidate in self.index.newest.values():
            if candidate.excluded:
                filtered[candidate.excluded] += 1
            else:
                kept.append(candidate)
        self.distinct = len(self.index.newest)
        self.index.newest.clear()
        return kept, filtered


def read_all(run_files: list[RunFile], scratch: Path, filters: Filters, tick: Callable[[], Any]) -> Reading:
    """Pass 1 over every run file, in order; *tick* once per line (the progress bar)."""
    reading = Reading()
    for file_index, run_file in enumerate(run_files):
        spool_path = scratch / f"{file_index}.jsonl"
        spool = open(spool_path, "wb") if run_file.compressed else None
        reading.seek_paths.append(spool_path if spool else run_file.path)
        try:
            lines, bad, filtered = _read_file(reading, run_file, file_index, spool, filters, tick)
        finally:
            if spool:
                spool.close()
        reading.lines_read += lines
        # "filtered": records of this file the filters left out; retention (cron/retention.py) reads it
        reading.files_read.append({"file": run_file.name, "lines": lines, "bad": bad, "filtered": filtered})
    return reading


def _read_file(
    reading: Reading, run_file: RunFile, file_index: int, spool: Any, filters: Filters, tick: Callable[[], Any]
) -> tuple[int, int, int]:
    """One run file's lines into *reading*; (lines, bad lines, records the filters left out)."""
    lines = bad = filtered = 0
    for item in read_lines(run_file, file_index, spool):
        lines += 1
        tick()
        if isinstance(item, BadLine):
            reading.bad.add(item)
            bad += 1
            continue
        record = item.record
        key = dedup_key(record)
        if record.get("canonical_url") not in (None, key):
            reading.canonical_listing += 1
        published = parse_timestamp(record["published_at"]) if record.get("published_at") else None
        excluded = filters.reason(record, published)
        filtered += excluded is not None
        site = sys.intern(record["site"])
        reading.sites_seen.add(site)
        reading.index.offer(
            Candidate(
                key=key,
                url=key if record["url"] == key else record["url"],
                site=site,
                crawled=parse_timestamp(record["crawled_at"]),
                published=published,
                content_hash=record["content_hash"],
                file_index=file_index,
                line_no=item.line_no,
                offset=item.offset,
                length=item.length,
                excluded=excluded,
            )
        )
    return lines, bad, filtered
