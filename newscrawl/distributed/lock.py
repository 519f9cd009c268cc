"""RedisRunLock: one scheduled run of a spider at a time, on any machine sharing the Redis.

redis-py's own :class:`redis.lock.Lock` (SET NX with an expiry; release and
renewal by Lua scripts that check the token). The token is the holder's
description (host, pid, start time, a random part), so a run that finds the
lock busy can name who holds it. The holder renews the expiry every third of
NEWSCRAWL_REDIS_LOCK_TTL from a thread: a machine that dies stops renewing
and its lock frees itself one TTL later. A holder that cannot renew in time
(Redis away longer than the TTL, or the lock taken over) is told through
*on_lost*, so it stops its crawl rather than overlap another run.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from redis.exceptions import LockError, RedisError

logger = logging.getLogger(__name__)


class RedisRunLock:
    def __init__(self, client: Any, name: str, ttl: float) -> None:
        self.client = client
        self.name = name
        self.ttl = max(3.0, ttl)
        self.lock = client.lock(name, timeout=self.ttl, thread_local=False)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def acquire(self, started: datetime) -> bool:
        """Take the lock now, or return False at once when another run holds it."""
        token = json.dumps(
            {
                "host": socket.gethostname(),
                "pid": os.getpid(),
                "since": started.isoformat(timespec="seconds"),
                "id": uuid.uuid4().hex[:8],
            }
        )
        return bool(self.lock.acquire(blocking=False, token=token))

    def holder(self) -> dict[str, Any]:
        """Who holds the lock, as its holder described itself ({} when free or unreadable)."""
        try:
            holder = json.loads(self.client.get(self.name) or b"{}")
        except (ValueError, RedisError):
            return {}
        return holder if isinstance(holder, dict) else {}  # a lock value of [1]: no holder to name

    def keep_renewed(self, on_lost: Callable[[str], None]) -> None:
        """Renew the expiry every third of the TTL until :meth:`release`; *on_lost* once if that fails."""

        def renew() -> None:
            last = time.monotonic()
            while not self._stop.wait(self.ttl / 3):
                try:
                    self.lock.reacquire()
                    last = time.monotonic()
                except LockError:
                    on_lost(f"the lock {self.name} expired and is no longer ours")
                    return
                except RedisError as error:
                    if time.monotonic() - last >= self.ttl:
                        on_lost(f"Redis unreachable for longer than the lock's {self.ttl:.0f} s expiry ({error})")
                        return

        self._thread = threading.Thread(target=renew, name="redis-run-lock", daemon=True)
        self._thread.start()

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        try:
            self.lock.release()
        except (LockError, RedisError) as error:  # expired, taken over, or Redis away: it frees itself
            logger.warning("Could not release %s: %s", self.name, error)
