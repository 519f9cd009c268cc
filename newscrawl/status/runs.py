"""One site's run history from its cron files: a small row per run, cached so a year of runs reads fast.

A run report (``<stamp>.report.json``) carries Scrapy's whole stats dict: ~5 kB a run,
~440 MB for a year of hourly runs of nine sites. Only the ``run`` section matters here, so
each report is read once and its row kept in ``DIR/<site>/.status-cache.json`` (hidden: no
export reads it) keyed by the report's size and mtime; a changed report is read again.
Rows of reports removed since (``--keep-days``) stay in the cache as history, for
``HISTORY_DAYS``. Every value is checked: a report is someone's file on disk, not trusted.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from newscrawl.status import cache, days
from newscrawl.status.cache import mapping

#: run statuses and how bad they are: 2 needs a person, 1 resumes by itself but is worth a look
SEVERITY = {"ok": 0, "interrupted": 1, "killed": 1, "no report": 1, "corrupt": 1, "unhealthy": 2, "failed": 2}

#: a run's stamp, as newscrawl.cron.files.STAMP (not imported: the newscrawl.cron package loads Scrapy)
STAMP = "%Y%m%dT%H%M%SZ"

CACHE = ".status-cache.json"
#: the newest runs, whose files are stat'ed on every read (a run may still be writing them)
FRESH_STAMPS = 3
#: how long rows of reports removed by retention are kept in the cache
HISTORY_DAYS = 400
STAMP_SHAPE = re.compile(r"\d{8}T\d{6}Z")
REPORT = re.compile(r"^(\d{8}T\d{6}Z)\.report\.json$")
RUN_FILE = re.compile(r"^(\d{8}T\d{6}Z)\.(?:jsonl|jsonl\.part|log|report\.json)$")
#: longest reason or text kept from a report: a one-line reason, not a log
MAX_TEXT = 400


def stamp_time(stamp: str) -> datetime | None:
    try:
        return datetime.strptime(stamp, STAMP).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def count(value: Any) -> int:
    """A non-negative whole count, or 0 for anything else a report may hold.

    >>> count(3), count("3"), count(-1), count(True), count(None), count(2.5)
    (3, 0, 0, 0, 0, 2)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
        return 0
    return int(min(value, 10**15))


#: control characters, line breaks and the bidi embeddings/overrides/isolates that could reorder the page
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def text(value: Any) -> str:
    r"""One line of at most MAX_TEXT characters: controls become spaces (direction marks stay).

    >>> text("a\nb\u202ec\u200f")
    'a b c\u200f'
    """
    return CONTROLS.sub(" ", str(value)[: MAX_TEXT * 2])[:MAX_TEXT]


def counts(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {text(key)[:80]: count(number) for key, number in value.items() if count(number)}


def share(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        return None
    return round(float(value), 4)


def row_from_report(stamp: str, report: Any) -> dict[str, Any]:
    """The row of one parsed report; a report without a usable ``run`` section says so."""
    run = report.get("run") if isinstance(report, dict) else None
    if not isinstance(run, dict):
        return broken_row(stamp, "corrupt", "the report has no run section")
    stats, coverage = mapping(report.get("stats")), mapping(run.get("coverage"))
    code = run.get("exit_code")
    started = _iso(run.get("start")) or stamp_time(stamp)
    return {
        "stamp": stamp,
        "start": _when(started),
        "end": _when(_iso(run.get("end")) or started),
        "status": text(run.get("status") or "unknown")[:20],
        "code": code if isinstance(code, int) and not isinstance(code, bool) else None,
        "reason": text(run.get("reason") or ""),
        "pages": count(run.get("pages_fetched")),
        "records": count(run.get("records_written")),
        "dropped": counts(run.get("dropped")),
        "errors": counts(run.get("errors")),
        "coverage": {  # the fields the report names, in its order: a field added later shows up by itself
            text(field)[:40]: share(value.get("now"))
            for field, value in coverage.items()
            if isinstance(value, dict) and share(value.get("now")) is not None
        },
        "warc_files": count(stats.get("newscrawl/warc/files")),
        "warc_bytes": count(stats.get("newscrawl/warc/bytes")),
    }


def broken_row(stamp: str, status: str, reason: str) -> dict[str, Any]:
    """A run whose report is unreadable ("corrupt") or absent ("no report"): shown as such."""
    started = stamp_time(stamp)
    when = started.isoformat(timespec="seconds") if started else None
    return {
        "stamp": stamp,
        "start": when,
        "end": when,
        "status": status,
        "code": None,
        "reason": reason,
        "pages": 0,
        "records": 0,
        "dropped": {},
        "errors": {},
        "coverage": {},
        "warc_files": 0,
        "warc_bytes": 0,
    }


def read_report(path: Path, stamp: str) -> dict[str, Any]:
    try:
        report = json.loads(path.read_bytes())
    except OSError as error:
        return broken_row(stamp, "corrupt", f"report unreadable: {error.strerror or error}")
    except ValueError as error:
        return broken_row(stamp, "corrupt", f"report is not JSON: {text(error)}")
    return row_from_report(stamp, report)


def site_files(root: Path) -> list[str]:
    """The names of the run files under *root* (no stat: a year of hourly runs is ~26,000 files)."""
    with os.scandir(root) as entries:
        return [entry.name for entry in entries if RUN_FILE.match(entry.name)]


def load_site(
    root: Path, names: list[str], write_cache: bool = True
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], int]:
    """The site's recent runs (oldest first), older runs folded per day, and the bytes its run files use.

    A finished run's files never change (cron writes each once, retention removes them), so
    a file the cache knows is not even stat'ed, except those of the FRESH_STAMPS newest runs.
    """
    known = cache.read(root / CACHE)
    newest = set(sorted({name[:16] for name in names})[-FRESH_STAMPS:])
    rows: dict[str, dict[str, Any]] = {}
    fresh = cache.SiteCache(days=known.days, folded=known.folded)
    used = 0
    for name in names:
        stamp = name[:16]
        key = known.reports[name][:2] if name in known.reports else known.sizes.get(name)
        if key is None or stamp in newest:
            try:
                info = os.stat(root / name)
            except OSError:
                continue  # removed meanwhile
            key = [info.st_size, info.st_mtime_ns]
        used += key[0]
        if not REPORT.match(name) or stamp in known.folded:
            fresh.sizes[name] = key
            continue
        cached = known.reports.get(name)
        fits = cached is not None and cached[:2] == key and valid_row(cached[2])
        row = cached[2] if cached is not None and fits else read_report(root / name, stamp)
        rows[stamp] = row
        fresh.reports[name] = [*key, row]
    for name, cached in known.reports.items():  # reports removed since (retention): their rows stay history
        if name not in fresh.reports and name[:16] not in rows and valid_row(cached[2]):
            rows[name[:16]] = cached[2]
            fresh.reports[name] = cached
    for name in names:
        stamp = name[:16]
        if stamp not in rows and stamp not in known.folded and not name.endswith(".part"):  # .part: running or killed
            rows[stamp] = broken_row(stamp, "no report", "the run left no report (killed, or its disk was full)")
    recent = _fold_old(fresh, [rows[stamp] for stamp in sorted(rows)])
    if write_cache and fresh != known:
        cache.write(root / CACHE, fresh)
    return recent, fresh.days, used


def _fold_old(site: cache.SiteCache, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold the rows older than RAW_DAYS before the newest run into their days; return the others."""
    newest = stamp_time(rows[-1]["stamp"]) if rows else None
    if newest is None:
        return rows
    cut = (newest - timedelta(days=days.RAW_DAYS)).strftime(STAMP)
    recent = [row for row in rows if row["stamp"] >= cut]
    for row in rows[: len(rows) - len(recent)]:
        days.fold(site.days, row, SEVERITY.get(row["status"], 1))
        site.folded.add(row["stamp"])
        name = f"{row['stamp']}.report.json"
        if name in site.reports:
            site.sizes[name] = site.reports.pop(name)[:2]
    oldest = (newest - timedelta(days=HISTORY_DAYS)).strftime(STAMP)
    site.days = {day: figures for day, figures in site.days.items() if day >= oldest[:8]}
    site.folded = {stamp for stamp in site.folded if stamp >= oldest}
    return recent


#: each row field and its type: a cache row that does not fit is read again from its report
ROW_TYPES = {
    "stamp": str,
    "status": str,
    "reason": str,
    "pages": int,
    "records": int,
    "dropped": dict,
    "errors": dict,
    "coverage": dict,
    "warc_files": int,
    "warc_bytes": int,
}


def valid_row(row: dict[str, Any]) -> bool:
    """Whether a cached row has every field of the right type (checked without parsing: 80,000 rows a read)."""
    for key, kind in ROW_TYPES.items():
        if type(row.get(key)) is not kind:
            return False
    for number in (*row["dropped"].values(), *row["errors"].values()):
        if type(number) is not int:
            return False
    for value in row["coverage"].values():
        if type(value) not in (int, float):
            return False
    start = row.get("start")
    return bool(STAMP_SHAPE.fullmatch(row["stamp"])) and (start is None or type(start) is str)


def _when(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
