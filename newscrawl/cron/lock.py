"""The run lock: ``fcntl.flock`` on ``DIR/<spider>/cron.lock``, released by the kernel when its holder dies."""

from __future__ import annotations

import fcntl
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from newscrawl.exitcodes import EXIT_LOCKED


def acquire_lock(path: Path, started: datetime) -> int | None:
    """Hold the spider's lock, or say who does and return None."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _read_holder(fd)
        os.close(fd)
        print(f"newscrawl cron: another run holds {path} (pid {holder.get('pid', '?')} since "
              f"{holder.get('since', '?')}); exiting with {EXIT_LOCKED}", file=sys.stderr, flush=True)
        return None
    previous = _read_holder(fd)
    if previous.get("pid"):
        # flock is released when its holder dies: the text left behind is history, not a lock
        print(f"newscrawl cron: taking over {path} from pid {previous['pid']} (since {previous.get('since')}), "
              "which is no longer running", file=sys.stderr, flush=True)
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": started.isoformat(timespec="seconds")}).encode(), 0)
    os.fsync(fd)
    return fd


def _read_holder(fd: int) -> dict[str, Any]:
    try:
        return json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (ValueError, OSError):
        return {}


