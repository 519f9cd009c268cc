"""``newscrawl cron --log-file FILE``: every line the run prints, also in FILE, which rotates itself.

A crontab line used to append with ``>> cron.log 2>&1``: a file that grows for ever. With
``--log-file`` the runner writes each line it prints (verdicts, busy locks, retention notes)
through the standard library's RotatingFileHandler as well: at CRON_LOG_MAX_BYTES the file is
renamed ``FILE.1`` (older ones ``FILE.2`` ... ``FILE.<CRON_LOG_BACKUPS>``, the oldest dropped).
The lines still reach stdout and stderr, so cron's own mail (MAILTO) still sends the failures.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TextIO

CRON_LOG_MAX_BYTES = 10 * 1024 * 1024
CRON_LOG_BACKUPS = 5


class _Tee:
    """A text stream that also hands each complete line to *handler*."""

    def __init__(self, stream: TextIO, handler: logging.Handler, level: int) -> None:
        self.stream, self.handler, self.level = stream, handler, level
        self.pending = ""

    def write(self, text: str) -> int:
        self.stream.write(text)
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self.handler.handle(logging.makeLogRecord({"msg": line, "levelno": self.level, "levelname": ""}))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


@contextlib.contextmanager
def journal(path: Path, max_bytes: int = CRON_LOG_MAX_BYTES, backups: int = CRON_LOG_BACKUPS) -> Iterator[None]:
    """While inside, stdout and stderr lines also go to *path* (time-stamped, rotated by size)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    out, err = sys.stdout, sys.stderr
    sys.stdout = _Tee(out, handler, logging.INFO)
    sys.stderr = _Tee(err, handler, logging.ERROR)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
        handler.close()
