"""Retention of run files: ``newscrawl cron --keep-runs N`` / ``--keep-days N``.

An hourly cron leaves a report and a log per run (and a ``.jsonl`` when it found
something): ~26,000 files a year. A run's files (``<stamp>.jsonl``,
``<stamp>.report.json``, ``<stamp>.log``) are removed when the run is outside
every limit given, and only if its records are safe:

- a run without records (no ``.jsonl``) has nothing to lose;
- a run with records is removed only when a dataset export has read its
  ``.jsonl``: every successful ``newscrawl export`` notes each run file it
  read, with its size, in ``.exported.json`` beside the file (a hidden file, so
  no export reads it as data). A file missing from that ledger, or whose size
  changed since, is kept.

Never touched: the seen-store, ``job/``, the lock, ``.part`` files (a running
or killed run) and anything not named by a run stamp.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from newscrawl.cron.files import STAMP

LEDGER = ".exported.json"
RUN_FILE = re.compile(r"^(\d{8}T\d{6}Z)\.(?:.+\.)?(?:jsonl|report\.json|log)$")


def record_exported(data_dir: Path, names: list[str], when: datetime | None = None) -> None:
    """Note in each directory's ledger that an export read these run files (names relative to *data_dir*)."""
    stamp = (when or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    by_dir: dict[Path, list[Path]] = defaultdict(list)
    for name in names:
        path = data_dir / name
        by_dir[path.parent].append(path)
    for directory, paths in by_dir.items():
        ledger = _read_ledger(directory)
        for path in paths:
            try:
                ledger[path.name] = {"size": path.stat().st_size, "exported_at": stamp}
            except OSError:
                continue  # gone meanwhile: nothing to vouch for
        _write_ledger(directory, ledger)


def prune(
    root: Path, keep_runs: int | None, keep_days: int | None, current: str, now: datetime | None = None
) -> tuple[list[Path], list[str]]:
    """Remove old runs' files under *root*; return (removed files, stamps kept only because unexported)."""
    if keep_runs is None and keep_days is None:
        return [], []
    runs: dict[str, list[Path]] = defaultdict(list)
    for entry in root.iterdir():
        match = RUN_FILE.match(entry.name)
        if match and entry.is_file():
            runs[match.group(1)].append(entry)
    stamps = sorted((stamp for stamp in runs if stamp != current), reverse=True)  # newest first
    now = now or datetime.now(timezone.utc)
    ledger = _read_ledger(root)
    removed: list[Path] = []
    unexported: list[str] = []
    for index, stamp in enumerate(stamps):
        beyond_count = keep_runs is None or index + 1 >= keep_runs  # the current run is the newest kept
        try:
            started = datetime.strptime(stamp, STAMP).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
        beyond_age = keep_days is None or now - started > timedelta(days=keep_days)
        if not (beyond_count and beyond_age):
            continue
        records = [path for path in runs[stamp] if path.name.endswith(".jsonl") and path.stat().st_size > 0]
        if any(ledger.get(path.name, {}).get("size") != path.stat().st_size for path in records):
            unexported.append(stamp)
            continue
        for path in runs[stamp]:
            path.unlink(missing_ok=True)
            ledger.pop(path.name, None)
            removed.append(path)
    if removed:
        _write_ledger(root, ledger)
    return removed, unexported


def _read_ledger(directory: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads((directory / LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_ledger(directory: Path, ledger: dict[str, dict[str, object]]) -> None:
    tmp = directory / (LEDGER + ".tmp")
    try:
        tmp.write_text(json.dumps(ledger, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, directory / LEDGER)
    except OSError as error:  # a read-only data dir: the files stay "unexported", so nothing is ever lost
        print(
            f"newscrawl: could not note exported run files in {directory / LEDGER}: {error.strerror or error}",
            file=sys.stderr,
        )
