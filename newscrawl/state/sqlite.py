"""SqliteSeenStore: the seen-store in one embedded SQLite file.

WAL mode, so a reader (an operator's ``sqlite3`` shell) never blocks the crawl.
Writes are batched: :meth:`add` opens a transaction, :meth:`commit` ends it;
the caller commits only after the exported lines are on disk (see
``newscrawl.state.mark``), so a crash can lose marks (the records are written
again next run: at-least-once) but never records.

A file that is not a readable database (disk trouble, a truncated copy) is
moved aside as ``<name>.corrupt-<UTC time>`` with a warning and recreated, and
``newscrawl/seen/store_recreated`` is counted: the run goes on (re-fetching what
the lost store knew, which the export deduplicates) and the cron runner exits
non-zero with the reason, so an operator hears of it once, not every hour.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    url TEXT PRIMARY KEY,
    article_key TEXT,
    content_hash TEXT,
    seen_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seen_article_key ON seen (article_key);
CREATE INDEX IF NOT EXISTS seen_content_hash ON seen (content_hash);
"""


class SqliteSeenStore:
    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path, stats: Any = None) -> "SqliteSeenStore":
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return cls(_connect(path), path)
        except sqlite3.DatabaseError as error:
            if not _is_corrupt(error):
                raise  # disk full, I/O error, locked: the store is sound, the run must fail, not forget it
            aside = path.with_name(f"{path.name}.corrupt-{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}")
            logger.warning(
                "Seen-store %s is unreadable (%s): moved aside to %s and recreated; "
                "articles it knew will be fetched again",
                path,
                error,
                aside,
            )
            path.replace(aside)
            for suffix in ("-wal", "-shm"):
                side = path.with_name(path.name + suffix)
                if side.exists():
                    side.replace(aside.with_name(aside.name + suffix))
            if stats is not None:
                stats.inc_value("newscrawl/seen/store_recreated")
            return cls(_connect(path), path)

    def contains_url(self, url: str) -> bool:
        return self._exists("url", url)

    def contains_key(self, article_key: str) -> bool:
        return self._exists("article_key", article_key)

    def contains_hash(self, content_hash: str) -> bool:
        return self._exists("content_hash", content_hash)

    def add(self, url: str, article_key: str | None, content_hash: str | None) -> None:
        self._begin()
        self.db.execute(
            "INSERT INTO seen (url, article_key, content_hash, seen_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET article_key = excluded.article_key, "
            "content_hash = excluded.content_hash, seen_at = excluded.seen_at",
            (url, article_key, content_hash, datetime.now(timezone.utc).isoformat(timespec="seconds")),
        )

    def forget_hash(self, content_hash: str) -> int:
        self._begin()
        return self.db.execute("DELETE FROM seen WHERE content_hash = ?", (content_hash,)).rowcount

    def commit(self) -> None:
        """End the batch. A failed COMMIT (disk full) rolls the batch back and raises: its marks are
        lost (the records are on disk and are fetched again: at-least-once), never half-kept."""
        if not self.db.in_transaction:
            return
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error:
            if self.db.in_transaction:  # SQLite keeps some failed transactions open, rolls others back itself
                self.db.execute("ROLLBACK")
            raise

    def _begin(self) -> None:
        # The connection's own state, not a flag of ours: after a COMMIT that SQLite rolled back
        # (SQLITE_FULL), a stale flag made every later insert commit on its own.
        if not self.db.in_transaction:
            self.db.execute("BEGIN")

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.db.close()

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM seen").fetchone()[0]

    def _exists(self, column: str, value: str) -> bool:
        # column is one of three literals above, never user input
        return self.db.execute(f"SELECT 1 FROM seen WHERE {column} = ? LIMIT 1", (value,)).fetchone() is not None


# SQLITE_CORRUPT and SQLITE_NOTADB: the bytes are not a sound database. Every other error
# (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY, ...) says nothing against the file.
CORRUPT_CODES = frozenset({11, 26})


class StoreCorrupt(sqlite3.DatabaseError):
    """PRAGMA quick_check found damage."""


def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, StoreCorrupt) or (code is not None and code & 0xFF in CORRUPT_CODES)


def _connect(path: Path) -> sqlite3.Connection:
    """Open, switch to WAL, create the schema and check the file is a sound database."""
    if path.exists() and path.stat().st_size == 0:
        # SQLite opens an empty file as a new database: a truncated store would forget everything quietly
        raise StoreCorrupt("a zero-byte file (truncated)")
    db = sqlite3.connect(path, isolation_level=None)  # transactions are ours: BEGIN in add, COMMIT in commit
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a crash never corrupts, it may drop the last commits
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StoreCorrupt("quick_check failed")
        db.executescript(SCHEMA)
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db
