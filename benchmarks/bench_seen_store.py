"""Seen-store: lookups and inserts per second at 1 million entries, and bytes on disk per entry.

    .venv/bin/python -m benchmarks.bench_seen_store [--entries 1000000]

Subject: ``newscrawl.state.sqlite.SqliteSeenStore`` (the real class) filled through
``add`` in transactions of ``BATCH`` entries, then ``contains_url`` / ``contains_key`` /
``contains_hash`` on random entries, half present and half absent. Baselines in the same
run: inserts against raw ``sqlite3`` ``executemany`` into the same schema (the floor for
any SQLite store), lookups against a Python ``set`` of the same strings (the in-memory
ceiling), size against the bytes of the strings themselves. No pass/fail targets in the
issue: the ratios are reported.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import row

BATCH = 1000
LOOKUPS = 100_000


def entry(i: int) -> tuple[str, str, str]:
    return (f"https://www.islamtimes.com/ur/news/{1_000_000 + i}/%D9%BE%D8%A7%DA%A9-{i % 997}",
            f"islamtimes:{1_000_000 + i}", f"{(i * 2654435761) % 2**64:016x}" * 4)


def run(entries: int = 1_000_000, quick: bool = False) -> dict[str, Any]:
    try:
        from newscrawl.state.sqlite import SCHEMA, SqliteSeenStore
    except ImportError as error:
        return {"blocked": str(error), "rows": [row("seen_store", "lookups/s, inserts/s", 0, "", "blocked", None,
                                                      "newscrawl/state/sqlite.py missing", None)]}
    if quick:
        entries = 20_000
    lookups = min(LOOKUPS, entries) if not quick else 5000
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteSeenStore.open(Path(tmp) / "seen.sqlite")
        raw = sqlite3.connect(Path(tmp) / "raw.sqlite", isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=NORMAL")
        raw.executescript(SCHEMA)
        store_s, raw_s, payload = _timed_inserts(store, raw, entries)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = sum(p.stat().st_size for p in Path(tmp).glob("seen.sqlite*"))
        lookup_per_s, set_per_s, other_per_s = _timed_lookups(store, entries, lookups)
        store.close()
        raw.close()
    inserts_per_s, raw_per_s = entries / store_s, entries / raw_s
    per_entry = size / entries
    return {
        "entries": entries, "lookups": lookups, "batch": BATCH, "bytes_on_disk": size,
        "rows": [
            row("seen_store", f"inserts/s at {entries:,} (add, batches of {BATCH})", round(inserts_per_s), "/s",
                f"sqlite3 executemany {raw_per_s:,.0f}/s", round(inserts_per_s / raw_per_s, 2), "report (no target)", None),
            row("seen_store", f"contains_url lookups/s at {entries:,}", round(lookup_per_s), "/s",
                f"Python set {set_per_s:,.0f}/s", round(lookup_per_s / set_per_s, 4), "report (no target)", None),
            row("seen_store", "contains_key + contains_hash lookups/s", round(other_per_s), "/s",
                f"contains_url {lookup_per_s:,.0f}/s", round(other_per_s / lookup_per_s, 2), "report (no target)", None),
            row("seen_store", "bytes on disk per entry", round(per_entry, 1), "B",
                f"raw strings {payload / entries:.0f} B", round(per_entry / (payload / entries), 2),
                "report (no target)", None),
        ],
    }


def _timed_inserts(store: Any, raw: sqlite3.Connection, entries: int) -> tuple[float, float, int]:
    """Seconds of the store's adds and of plain executemany, interleaved batch by batch; bytes inserted."""
    store_s = raw_s = 0.0
    payload = 0
    clock = time.perf_counter
    for start in range(0, entries, BATCH):  # interleaved batch by batch
        batch = [entry(i) for i in range(start, min(start + BATCH, entries))]
        payload += sum(len(u) + len(k) + len(h) for u, k, h in batch)
        t0 = clock()
        for url, key, content_hash in batch:
            store.add(url, key, content_hash)
        store.commit()
        t1 = clock()
        raw.execute("BEGIN")
        raw.executemany("INSERT INTO seen VALUES (?, ?, ?, '2026-01-01T00:00:00+00:00')", batch)
        raw.execute("COMMIT")
        t2 = clock()
        store_s += t1 - t0
        raw_s += t2 - t1
    return store_s, raw_s, payload


def _timed_lookups(store: Any, entries: int, lookups: int) -> tuple[float, float, float]:
    """Lookups per second: contains_url (half hits), a Python set of the same URLs, contains_key + contains_hash."""
    clock = time.perf_counter
    rng = random.Random(7)
    probes = [entry(rng.randrange(entries) if n % 2 else entries + rng.randrange(entries)) for n in range(lookups)]
    urls = {entry(i)[0] for i in range(entries)}
    t0 = clock()
    hits = sum(store.contains_url(u) for u, _, _ in probes)
    t1 = clock()
    set_hits = sum(u in urls for u, _, _ in probes)
    t2 = clock()
    for _, key, content_hash in probes:
        store.contains_key(key)
        store.contains_hash(content_hash)
    t3 = clock()
    assert hits == set_hits, (hits, set_hits)
    return lookups / (t1 - t0), lookups / (t2 - t1), 2 * lookups / (t3 - t2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.entries, args.quick), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
