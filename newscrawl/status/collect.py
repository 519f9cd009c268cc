"""Everything the status page shows, read from a data directory: each site's runs and files, the datasets."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newscrawl.status import aggregate, datasets, runs

LEDGER = ".exported.json"  # newscrawl.cron.retention.LEDGER (not imported: newscrawl.cron loads Scrapy)

#: a directory is a site's when it holds any of these (what ``newscrawl cron`` leaves there)
SITE_MARKERS = ("cron.lock", "seen.sqlite3", "coverage.json")
HEADLINES = 8
#: how much of the newest run file is read for its last headlines
TAIL_BYTES = 256 * 1024


def collect(
    data_dir: Path, now: datetime | None = None, dataset_dirs: tuple[Path, ...] = (), write_cache: bool = True
) -> dict[str, Any]:
    """The page's figures: sites ordered red, amber, green, grey, then by name."""
    now = now or datetime.now(timezone.utc)
    sites = [site_status(root, now, write_cache) for root in site_dirs(data_dir)]
    order = {aggregate.RED: 0, aggregate.AMBER: 1, aggregate.GREEN: 2, aggregate.GREY: 3}
    sites.sort(key=lambda site: (order[site["mark"]], site["site"]))
    return {
        "generated": now.isoformat(timespec="seconds"),
        "data_dir": str(data_dir),
        "sites": sites,
        "datasets": datasets.find(data_dir, dataset_dirs, write_cache),
    }


def site_dirs(data_dir: Path) -> list[Path]:
    try:
        entries = sorted(data_dir.iterdir())
    except OSError:
        return []
    found = []
    for entry in entries:
        if entry.is_dir() and not entry.name.startswith(".") and _is_site(entry):
            found.append(entry)
    return found


def _is_site(path: Path) -> bool:
    if any((path / marker).exists() for marker in SITE_MARKERS):
        return True
    return any(runs.REPORT.match(name) for name in os.listdir(path))


def site_status(root: Path, now: datetime, write_cache: bool = True) -> dict[str, Any]:
    """One site: its figures from the run rows, plus what its files say (lock, store, headlines)."""
    try:
        files = runs.site_files(root)
        rows, folded, used = runs.load_site(root, files, write_cache)
    except OSError as error:  # an unreadable directory: a site shown as such, not a crash
        files, used, rows, folded = [], 0, [], {}
        problem: str | None = f"cannot read {root.name}: {error.strerror or error}"
    else:
        problem = None
    summary = aggregate.summarize(runs.text(root.name), rows, now, folded)
    if problem:
        summary["mark"], summary["why"] = aggregate.AMBER, problem
    summary["running"] = lock_holder(root / "cron.lock")
    summary["disk"] = {
        "run_files": len(files),
        "run_files_bytes": used,
        "seen_store_bytes": sum(_size(root / name) for name in ("seen.sqlite3", "seen.sqlite3-wal")),
    }
    summary["last_export"] = last_export(root)
    summary["headlines"] = headlines(root, files)
    return summary


def lock_holder(path: Path) -> dict[str, Any] | None:
    """The run holding the site's lock, from the lock file's text, when that process still lives."""
    try:
        holder = json.loads(path.read_bytes() or b"{}")
    except (OSError, ValueError):
        return None
    pid = holder.get("pid") if isinstance(holder, dict) else None
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except PermissionError:
        pass  # alive, another user's
    except (ProcessLookupError, OverflowError):
        return None  # the text of a dead run: the next run takes the lock over
    return {"pid": pid, "since": runs.text(holder.get("since", "?"))[:40]}


def last_export(root: Path) -> str | None:
    """When a dataset export last read this site's run files (``.exported.json``)."""
    try:
        ledger = json.loads((root / LEDGER).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(ledger, dict):
        return None
    stamps = [entry.get("exported_at") for entry in ledger.values() if isinstance(entry, dict)]
    return max((runs.text(s) for s in stamps if isinstance(s, str)), default=None)


def headlines(root: Path, files: list[str]) -> list[dict[str, str | None]]:
    """The last HEADLINES records of the newest run files (a page's worth, read from their tails)."""
    found: list[dict[str, str | None]] = []
    for name in sorted((n for n in files if n.endswith((".jsonl", ".jsonl.part"))), reverse=True):
        for record in reversed(_tail_records(root / name)):
            headline = record.get("headline")
            if isinstance(headline, str) and headline.strip():
                url = record.get("url")
                found.append(
                    {
                        "headline": runs.text(headline),
                        "url": runs.text(url) if isinstance(url, str) else None,
                        "published_at": runs.text(record.get("published_at") or "")[:40] or None,
                    }
                )
            if len(found) >= HEADLINES:
                return found
    return found


def _tail_records(path: Path) -> list[dict[str, Any]]:
    try:
        with path.open("rb") as stream:
            size = stream.seek(0, os.SEEK_END)
            stream.seek(max(0, size - TAIL_BYTES))
            data = stream.read()
    except OSError:
        return []
    lines = data.split(b"\n")
    if len(data) >= TAIL_BYTES:
        lines = lines[1:]  # the first is cut
    records = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a half-written last line, or a bad one: the export counts those
        if isinstance(record, dict):
            records.append(record)
    return records


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
