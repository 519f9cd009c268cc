"""Damaged state files one cron run met: each named on one line with what to do, and the run exits 6.

A state file of the wrong shape (a ``cron.lock`` of ``1``, a run report of ``[]``, ``coverage.json``
of ``{"runs": 5}``, ...) is never a traceback and never a silent reset: the run goes on without it
(moved aside as ``<name>.corrupt-<UTC time>`` when it would trouble every later run, so the next
run is healthy again), says so on stderr, and its verdict is EXIT_STORE_CORRUPT (6), like a
corrupt seen-store: the run went through, but an operator must hear that something wrote there.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path


class Damage:
    """The one-line notes of one run's damaged state files, in the order met."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def note(self, path: Path | str, problem: str, done: str) -> None:
        """*path* had *problem*; *done* says what the run did and what the operator may do."""
        line = f"{path}: {problem}; {done}"
        self.lines.append(line)
        print(f"newscrawl: {line}", file=sys.stderr, flush=True)

    def set_aside(self, path: Path, problem: str, then: str) -> None:
        """Move *path* aside (kept, never deleted) and note it; *then* says what follows for the run."""
        aside = path.with_name(f"{path.name}.corrupt-{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}")
        try:
            os.replace(path, aside)
        except OSError as error:
            self.note(path, problem, f"{then}; it could not be moved aside ({error.strerror or error}): delete it")
            return
        self.note(path, problem, f"moved aside as {aside.name}; {then}")
