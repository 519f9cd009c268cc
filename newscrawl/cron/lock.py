"""The run lock: ``fcntl.flock`` on ``DIR/<spider>/cron.lock``, released by the kernel when its holder dies;
with NEWSCRAWL_REDIS_URL also a lock in Redis, so one run at a time across machines."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from newscrawl.cron.damage import Damage
from newscrawl.rules.exitcodes import EXIT_LOCKED


def acquire_lock(path: Path, started: datetime, damage: Damage | None = None) -> int | None:
    """Hold the spider's lock, or say who does and return None.

    A lock file whose text is not a holder's note (``1``, an old pid-file convention) is noted in
    *damage*: flock is the lock, so the text is overwritten, but something else writes this file.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _read_holder(fd)
        os.close(fd)
        print(
            f"newscrawl cron: another run holds {path} (pid {holder.get('pid', '?')} since "
            f"{holder.get('since', '?')}); exiting with {EXIT_LOCKED}",
            file=sys.stderr,
            flush=True,
        )
        return None
    previous = _read_holder(fd)
    text = os.pread(fd, 64, 0)
    if text.strip() and not previous and damage is not None:
        damage.note(
            path,
            f"holds {text[:40]!r}, not a run's note of itself (pid, since)",
            "overwritten (the lock is the kernel's flock on this file, its text only names the holder); "
            "if another program writes this file, give it a file of its own",
        )
    if previous.get("pid"):
        # flock is released when its holder dies: the text left behind is history, not a lock
        print(
            f"newscrawl cron: taking over {path} from pid {previous['pid']} (since {previous.get('since')}), "
            "which is no longer running",
            file=sys.stderr,
            flush=True,
        )
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": started.isoformat(timespec="seconds")}).encode(), 0)
    os.fsync(fd)
    return fd


def _read_holder(fd: int) -> dict[str, Any]:
    """What the holder wrote about itself; {} when unreadable or of the wrong shape (a lock file of ``1``)."""
    try:
        holder = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (ValueError, OSError):
        return {}
    return holder if isinstance(holder, dict) else {}


def acquire_redis_lock(settings: Any, spider: str, started: datetime) -> Any:
    """With NEWSCRAWL_REDIS_URL: hold ``newscrawl:<spider>:cron-lock`` in Redis, renewed, or say who does.

    Returns the held :class:`newscrawl.distributed.lock.RedisRunLock`, or None when another run
    (on any machine) holds it. A lost lock stops this run: SIGTERM to ourselves, which the runner
    forwards to the crawl, so two runs never overlap.
    """
    from newscrawl.distributed import key, redis_client
    from newscrawl.distributed.lock import RedisRunLock

    lock = RedisRunLock(redis_client(settings), key(spider, "cron-lock"), settings.getfloat("NEWSCRAWL_REDIS_LOCK_TTL"))
    if not lock.acquire(started):
        holder = lock.holder()
        if not holder and (value := lock.client.get(lock.name)) is not None:
            # No run of ours wrote it (ours are JSON objects, with an expiry): say what to do, not "pid ?"
            print(
                f"newscrawl cron: the Redis lock {lock.name} holds {value[:40]!r}, not a run's note of itself: "
                f"if no run of {spider} is running on any machine, delete it (redis-cli DEL {lock.name}); "
                f"exiting with {EXIT_LOCKED}",
                file=sys.stderr,
                flush=True,
            )
            return None
        print(
            f"newscrawl cron: another run holds the Redis lock {lock.name} (host {holder.get('host', '?')}, "
            f"pid {holder.get('pid', '?')} since {holder.get('since', '?')}); exiting with {EXIT_LOCKED}",
            file=sys.stderr,
            flush=True,
        )
        return None

    def lost(why: str) -> None:
        print(f"newscrawl cron: lost the run lock: {why}; stopping this run", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGTERM)

    lock.keep_renewed(lost)
    return lock
