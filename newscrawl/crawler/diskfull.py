"""A full disk ends the crawl at once, with one clear line, keeping everything already written.

Left alone, a full disk did three bad things: the JSONL pipeline failed item by
item while the crawl went on (and said "healthy"), a failed seen-store commit
was logged by a signal handler and ignored, and Scrapy's disk request queue
(JOBDIR) failed on the next read and stalled the crawl forever, lock held.
Each writer now calls :func:`stop_for_disk_full`: one ERROR line, the
``newscrawl/errors/disk_full`` count, and the spider closed with reason
``disk_full``, which cron reports as a failed run (exit 1).

:class:`DiskFullSafeQueue` is the JOBDIR queue (``SCHEDULER_DISK_QUEUE``): a
push that hits a full disk stops the crawl and hands the request back to the
scheduler's memory queue (Scrapy does that for a ``ValueError``); a pop that
fails stops the crawl instead of stalling it.

The crawl process's own log file may be the first to fill: ``logging`` then
drops records instead of printing a traceback per record on stderr
(``logging.raiseExceptions``), so the operator sees one line, not thousands.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Request
from queuelib.queue import LifoDiskQueue
from scrapy.utils.defer import deferred_from_coro

from newscrawl.crawler.requestcodec import UndecodableRequest, decode, encode

logger = logging.getLogger(__name__)

DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})
SQLITE_FULL, SQLITE_IOERR = 13, 10  # a write beyond RLIMIT_FSIZE or a failing disk reaches SQLite as IOERR


def is_disk_full(error: BaseException) -> bool:
    """True for "no space left", "file too large" (RLIMIT_FSIZE), "quota exceeded", SQLite's SQLITE_FULL and SQLITE_IOERR.

    >>> is_disk_full(OSError(errno.ENOSPC, "No space left on device")), is_disk_full(OSError(errno.ENOENT, "x"))
    (True, False)
    >>> full = sqlite3.OperationalError("database or disk is full"); full.sqlite_errorcode = 13
    >>> is_disk_full(full)
    True
    """
    if isinstance(error, OSError):
        return error.errno in DISK_FULL_ERRNOS
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return (code is not None and code & 0xFF in (SQLITE_FULL, SQLITE_IOERR)) or "disk is full" in str(error)
    return False


def stop_for_disk_full(crawler: Crawler, what: str, error: BaseException) -> None:
    """Log once, count, and close the spider with reason ``disk_full`` (idempotent)."""
    stats = crawler.stats
    first = not stats.get_value("newscrawl/errors/disk_full")
    stats.inc_value("newscrawl/errors/disk_full")
    if not first:
        return
    logger.error(
        "Disk full while %s (%s): stopping the crawl; everything written so far is kept (newscrawl/errors/disk_full)",
        what,
        error,
    )
    engine = crawler.engine
    if engine is not None and engine.spider is not None:
        closing = deferred_from_coro(engine.close_spider_async(reason="disk_full"))
        closing.addErrback(lambda failure: None)  # already closing: nothing more to do


class DiskFullExtension:
    """Switches logging errors off in the crawl process (see the module docstring)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DiskFullExtension:
        logging.raiseExceptions = False  # a log write on a full disk is dropped, not a traceback on stderr
        return cls()


class DiskFullSafeQueue:
    """The JOBDIR request queue: queuelib's LIFO disk queue, as Scrapy's default, holding each request
    as JSON data (newscrawl.crawler.requestcodec), never a pickle, so a JOBDIR file cannot run code
    in the next run; stopping the crawl cleanly when the disk is full. An entry that does not decode
    (an older version's pickle, damage) is counted, named and skipped."""

    def __init__(self, crawler: Crawler, key: str) -> None:
        Path(key).parent.mkdir(parents=True, exist_ok=True)  # as Scrapy's disk queues do
        self.queue = LifoDiskQueue(key)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler, key: str, *args: Any, **kwargs: Any) -> DiskFullSafeQueue:
        return cls(crawler, key)

    def __len__(self) -> int:
        return len(self.queue)

    def close(self) -> None:
        self.queue.close()

    def push(self, request: Request) -> None:
        try:
            self.queue.push(encode(request, self.crawler.spider))
        except OSError as error:
            if not is_disk_full(error):
                raise
            stop_for_disk_full(self.crawler, "queueing a request in JOBDIR", error)
            raise ValueError("disk full: kept in memory") from error  # the scheduler's memory queue takes it

    def pop(self) -> Request | None:
        while True:
            try:
                raw = self.queue.pop()
            except OSError as error:
                if not is_disk_full(error):
                    raise
                stop_for_disk_full(self.crawler, "reading the JOBDIR request queue", error)
                return None
            if not raw:
                return None
            try:
                return decode(raw, self.crawler.spider)
            except UndecodableRequest as error:
                self.crawler.stats.inc_value("newscrawl/jobdir/undecodable")
                logger.warning(
                    "Skipped a JOBDIR request that does not decode (%s) (newscrawl/jobdir/undecodable)", error
                )
