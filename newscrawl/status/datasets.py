"""The dataset side of the status page: each export directory, its counts, and its checksums checked.

An export (``newscrawl export DATA_DIR --out DIR``) leaves ``stats.json`` and ``SHA256SUMS``
in DIR. Found under the data directory (two levels down) and wherever ``--dataset DIR`` says.
Checking a checksum reads the whole file, so each result is kept in
``DATA_DIR/.status-datasets.json`` keyed by the file's size and mtime: an hourly cron run
hashes a dataset once, not every hour.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newscrawl.core.jsonfile import replace_file
from newscrawl.status.runs import count, mapping, text

SUMS = "SHA256SUMS"  # newscrawl.dataset.writer.SUMS_NAME (not imported: that module loads pyarrow)
CACHE = ".status-datasets.json"


def find(data_dir: Path, extra: tuple[Path, ...] = (), write_cache: bool = True) -> list[dict[str, Any]]:
    """Every export found, newest first."""
    candidates = [*extra]
    for first in _subdirs(data_dir):
        candidates += [first, *_subdirs(first)]
    cache = _read_cache(data_dir / CACHE)
    seen: set[Path] = set()
    used: set[str] = set()
    found = []
    for directory in candidates:
        real = directory.resolve()
        if real in seen or not ((directory / SUMS).is_file() and (directory / "stats.json").is_file()):
            continue
        seen.add(real)
        found.append(describe(directory, cache, used))
    if write_cache and used:
        _write_cache(data_dir / CACHE, {key: cache[key] for key in used if key in cache})
    return sorted(found, key=lambda entry: entry["when"] or "", reverse=True)


def describe(directory: Path, cache: dict[str, Any], used: set[str]) -> dict[str, Any]:
    """One export: when, records, duplicates merged, and whether every file matches SHA256SUMS."""
    try:
        stats = json.loads((directory / "stats.json").read_bytes())
        when = datetime.fromtimestamp((directory / "stats.json").stat().st_mtime, timezone.utc)
    except (OSError, ValueError):
        stats, when = None, None
    stats = mapping(stats)
    counts, removed = mapping(stats.get("counts")), mapping(stats.get("duplicates_removed"))
    verified, problems = verify(directory, cache, used)
    return {
        "path": text(directory),
        "when": when.isoformat(timespec="seconds") if when else None,
        "readable": bool(stats),
        "records": count(counts.get("exported")),
        "near_duplicates": count(removed.get("near_duplicate")),
        "duplicates": count(removed.get("total")),
        "files_verified": verified,
        "problems": problems,
    }


def verify(directory: Path, cache: dict[str, Any], used: set[str]) -> tuple[int, list[str]]:
    """(files whose SHA-256 matches, one line per file that does not or is missing)."""
    try:
        lines = (directory / SUMS).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as error:
        return 0, [f"{SUMS} unreadable: {error.strerror or error}"]
    verified, problems = 0, []
    for line in lines:
        expected, _, name = line.partition("  ")
        path = directory / name
        if not name or "/" in name or name.startswith("."):
            problems.append(f"bad line in {SUMS}: {text(line)[:80]}")
            continue
        try:
            info = path.stat()
        except OSError:
            problems.append(f"{text(name)} is missing")
            continue
        key = f"{path.resolve()}:{info.st_size}:{info.st_mtime_ns}"
        used.add(key)
        if key not in cache:
            try:
                with path.open("rb") as stream:
                    cache[key] = hashlib.file_digest(stream, "sha256").hexdigest()
            except OSError as error:
                problems.append(f"{text(name)} unreadable: {error.strerror or error}")
                continue
        if cache[key] == expected.strip():
            verified += 1
        else:
            problems.append(f"{text(name)} does not match its checksum")
    return verified, problems


def _subdirs(path: Path) -> list[Path]:
    try:
        with os.scandir(path) as entries:  # d_type, no stat per entry: a site directory holds ~26,000 run files a year
            return sorted(Path(e.path) for e in entries if e.is_dir() and not e.name.startswith("."))
    except OSError:
        return []


def _read_cache(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return {key: value for key, value in data.items() if isinstance(value, str)} if isinstance(data, dict) else {}


def _write_cache(path: Path, cache: dict[str, Any]) -> None:
    try:
        replace_file(path, json.dumps(cache, indent=0))
    except OSError:
        pass  # a read-only data directory: checked again next time
