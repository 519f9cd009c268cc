"""Retention of run files: ``newscrawl cron --keep-runs N`` / ``--keep-days N``.

An hourly cron leaves a report and a log per run (and a ``.jsonl`` when it found
something): ~26,000 files a year. A run's files (``<stamp>.jsonl``,
``<stamp>.report.json``, ``<stamp>.log``) are removed when the run is outside
every limit given, and only if its records are safe:

- a run without records (no ``.jsonl``) has nothing to lose;
- a run with records is removed only when every record of its ``.jsonl`` is in
  a dataset on disk: a successful ``newscrawl export`` notes each run file it
  holds *in full* (no record left out by a filter, no bad line), with its size
  and the dataset's path, in ``.exported.json`` beside the file (a hidden file,
  so no export reads it as data). Before removing, the dataset's own
  ``stats.json`` is read again: the dataset must still be there and still hold
  the whole file (a later filtered export to the same ``--out`` replaces it).
  A file missing from that ledger, whose size changed since, or whose dataset
  no longer holds it, is kept.

Never touched: the seen-store, ``job/``, the lock, ``.part`` files (a running
or killed run) and anything not named by a run stamp.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from newscrawl.cron.damage import Damage
from newscrawl.cron.files import STAMP
from newscrawl.core.jsonfile import write_json

LEDGER = ".exported.json"
RUN_FILE = re.compile(r"^(\d{8}T\d{6}Z)\.(?:.+\.)?(?:jsonl|report\.json|log)$")


def record_exported(data_dir: Path, files: list[dict[str, Any]], dataset: Path, when: datetime | None = None) -> None:
    """Note in each directory's ledger the run files *dataset* holds in full.

    *files* are the export's ``stats["input"]["files"]`` (names relative to *data_dir*);
    a file with a record left out by a filter, or a bad line, is not vouched for.
    """
    stamp = (when or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    by_dir: dict[Path, list[tuple[str, Path]]] = defaultdict(list)
    for entry in files:
        if _held_in_full(entry):
            path = data_dir / entry["file"]
            by_dir[path.parent].append((entry["file"], path))
    for directory, paths in by_dir.items():
        ledger = _read_ledger(directory)
        for name, path in paths:
            try:
                size = path.stat().st_size
            except OSError:
                continue  # gone meanwhile: nothing to vouch for
            ledger[path.name] = {"size": size, "exported_at": stamp, "dataset": str(dataset.resolve()), "name": name}
        _write_ledger(directory, ledger)


def prune(
    root: Path,
    keep_runs: int | None,
    keep_days: int | None,
    current: str,
    now: datetime | None = None,
    damage: Damage | None = None,
) -> tuple[list[Path], list[str]]:
    """Remove old runs' files under *root*; return (removed files, stamps kept only because unexported).

    A ledger of the wrong shape is moved aside, an entry of the wrong shape dropped from it, each
    named in *damage*: the run files they named are kept until an export vouches for them again.
    """
    if keep_runs is None and keep_days is None:
        return [], []
    runs: dict[str, list[Path]] = defaultdict(list)
    for entry in root.iterdir():
        match = RUN_FILE.match(entry.name)
        if match and entry.is_file():
            runs[match.group(1)].append(entry)
    stamps = sorted((stamp for stamp in runs if stamp != current), reverse=True)  # newest first
    now = now or datetime.now(timezone.utc)
    ledger = _checked_ledger(root, damage if damage is not None else Damage())
    datasets = _Datasets()
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
        if not all(datasets.hold(ledger.get(path.name), path.stat().st_size) for path in records):
            unexported.append(stamp)
            continue
        for path in runs[stamp]:
            path.unlink(missing_ok=True)
            ledger.pop(path.name, None)
            removed.append(path)
    if removed:
        _write_ledger(root, ledger)
    return removed, unexported


def _held_in_full(entry: Any) -> bool:
    """The export's note on one run file says the dataset holds every record of it."""
    return isinstance(entry, dict) and entry.get("bad") == 0 and entry.get("filtered") == 0


class _Datasets:
    """The datasets ledgers point to, each read once per prune: do they still hold a run file in full?"""

    def __init__(self) -> None:
        self.files: dict[str, dict[str, Any]] = {}

    def hold(self, entry: Any, size: int) -> bool:
        if not isinstance(entry, dict) or entry.get("size") != size:
            return False
        dataset, name = entry.get("dataset"), entry.get("name")
        if not isinstance(dataset, str) or not isinstance(name, str):
            return False  # noted before datasets were named: not known to be on disk
        if dataset not in self.files:
            self.files[dataset] = self._read(Path(dataset))
        return _held_in_full(self.files[dataset].get(name))

    @staticmethod
    def _read(dataset: Path) -> dict[str, Any]:
        try:
            stats = json.loads((dataset / "stats.json").read_text(encoding="utf-8"))
            return {entry["file"]: entry for entry in stats["input"]["files"]}
        except (OSError, ValueError, KeyError, TypeError):
            return {}  # gone, or not a dataset any more: it holds nothing


def _checked_ledger(root: Path, damage: Damage) -> dict[str, Any]:
    """The ledger, without what no export wrote (named in *damage*)."""
    path = root / LEDGER
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict):
        damage.set_aside(path, "is not an object of run files", "the run files it named are kept (export them again)")
        return {}
    bad = sorted(name for name, entry in data.items() if not isinstance(entry, dict))
    if bad:
        damage.note(
            path,
            f"its entries for {', '.join(bad[:3])} are not an export's notes",
            "dropped from it; those run files are kept until an export holds them again",
        )
        ledger = {name: entry for name, entry in data.items() if name not in bad}
        _write_ledger(root, ledger)
        return ledger
    return data


def _read_ledger(directory: Path) -> dict[str, Any]:
    try:
        data = json.loads((directory / LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_ledger(directory: Path, ledger: dict[str, Any]) -> None:
    try:
        write_json(directory / LEDGER, ledger, indent=1, sort_keys=True, ensure_ascii=True)
    except OSError as error:  # a read-only data dir: the files stay "unexported", so nothing is ever lost
        print(
            f"newscrawl: could not note exported run files in {directory / LEDGER}: {error.strerror or error}",
            file=sys.stderr,
        )
