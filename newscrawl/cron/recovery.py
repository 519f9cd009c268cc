"""What a killed or stopped run left behind: ``.jsonl.part`` files and Scrapy's JOBDIR."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from newscrawl.core.jsonfile import load_json, write_json
from newscrawl.cron.damage import Damage

NEWLINE = b"\n"


def recover_parts(root: Path) -> list[Path]:
    """Killed runs' ``.jsonl.part`` files -> ``.jsonl``, cut to their last complete line."""
    recovered = []
    for part in sorted(root.glob("*.jsonl.part")):
        target = part.with_name(part.name[: -len(".part")])
        if target.exists():  # never overwrite: keep both
            target = target.with_name(target.stem + ".recovered.jsonl")
        data = part.read_bytes()
        complete = data[: data.rfind(b"\n") + 1]  # a half-written line was never marked seen: refetched
        if len(complete) != len(data):
            with part.open("r+b") as handle:
                handle.truncate(len(complete))
                os.fsync(handle.fileno())
        os.replace(part, target)
        report = target.with_name(target.name[: -len(".jsonl")] + ".report.json")
        if not report.exists():
            write_json(
                report,
                {
                    "run": {
                        "status": "killed",
                        "reason": "the run was killed before it finished; its records were recovered by the next run",
                        "records_written": complete.count(NEWLINE),
                        "output": str(target),
                    }
                },
            )
        print(
            f"newscrawl cron: recovered {complete.count(NEWLINE)} records of a killed run into {target}",
            file=sys.stderr,
            flush=True,
        )
        recovered.append(target)
    return recovered


def prepare_jobdir(jobdir: Path, damage: Damage | None = None) -> tuple[bool, bool]:
    """(resume?, walk everything?) for this run, given what the last run left in JOBDIR.

    A queue state naming priorities whose queues are not there (a damaged or hand-edited
    ``active.json``) is no state to resume: named in *damage*, and the run starts afresh,
    instead of "resuming" nothing on every run.
    """
    if not jobdir.exists():
        return False, False
    queues = jobdir / "requests.queue"
    if problem := _queue_problem(queues):
        (damage if damage is not None else Damage()).note(
            queues / "active.json",
            problem,
            "the JOBDIR is discarded and this run starts afresh, walking every listing page",
        )
    elif has_pending(jobdir):
        return True, False
    # Killed with -9 (no queue state written), finished but not cleaned up, or damaged: start
    # afresh, walking every listing page so nothing the dead run never reached is skipped.
    shutil.rmtree(jobdir)
    return False, True


def has_pending(jobdir: Path) -> bool:
    """Scrapy writes requests.queue/active.json only on a graceful close: the priorities with pending requests."""
    queues = jobdir / "requests.queue"
    state = load_json(queues / "active.json", default=None)
    if isinstance(state, dict):  # DownloaderAwarePriorityQueue: slot -> priorities
        return any(state.values())
    return isinstance(state, list) and bool(state) and not _missing_queues(queues)


def _missing_queues(queues: Path) -> list[object]:
    """The priorities ``active.json`` lists whose queue directories are not there."""
    state = load_json(queues / "active.json", default=None)
    if not isinstance(state, list):
        return []
    return [priority for priority in state if not (queues / str(priority)).is_dir()]


def _queue_problem(queues: Path) -> str | None:
    """Why the queue state Scrapy left cannot be resumed (None: it can, or there is none)."""
    if (queues / "active.json").exists() and not isinstance(load_json(queues / "active.json", None), (list, dict)):
        return "is not the queue state Scrapy writes (a list or an object of priorities)"
    if missing := _missing_queues(queues):
        return f"names request queues that are not there ({', '.join(map(str, missing[:3]))})"
    return None
