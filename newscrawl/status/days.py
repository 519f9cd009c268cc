"""Older runs folded into one figure per UTC day, so a year of hourly runs is ~400 entries, not 8,760 rows.

The page shows single runs only for the last week (per-run chart, coverage strips, the last runs);
everything older is read per day (articles per day, reasons over time). Runs older than
RAW_DAYS before a site's newest run are folded into its day in the status cache, and their
reports are never read again.
"""

from __future__ import annotations

from typing import Any

#: runs newer than this many days before the site's newest run stay single rows
RAW_DAYS = 15

#: a day's counters (the row fields they sum)
SUMMED = ("records", "pages", "warc_files", "warc_bytes")


def empty_day() -> dict[str, Any]:
    return {"runs": 0, "worst": 0, "dropped": {}, "errors": {}, "last_ok": None, **dict.fromkeys(SUMMED, 0)}


def fold(days: dict[str, dict[str, Any]], row: dict[str, Any], severity: int) -> None:
    """Add one run's row to its day.

    >>> days = {}
    >>> fold(days, {"stamp": "20260301T010000Z", "start": "2026-03-01T01:00:00+00:00", "status": "ok",
    ...             "records": 3, "pages": 9, "warc_files": 0, "warc_bytes": 0, "dropped": {"x": 1}, "errors": {}}, 0)
    >>> days["20260301"]["records"], days["20260301"]["dropped"], days["20260301"]["last_ok"]
    (3, {'x': 1}, '2026-03-01T01:00:00+00:00')
    """
    day = days.setdefault(row["stamp"][:8], empty_day())
    day["runs"] += 1
    day["worst"] = max(day["worst"], severity)
    for key in SUMMED:
        day[key] += row[key]
    for kind in ("dropped", "errors"):
        for reason, number in row[kind].items():
            day[kind][reason] = day[kind].get(reason, 0) + number
    if row["status"] == "ok" and (day["last_ok"] or "") < (row["start"] or ""):
        day["last_ok"] = row["start"]


def valid_day(day: Any) -> bool:
    """Whether a cached day has every figure of the right type (else the cache is read anew)."""
    if not isinstance(day, dict):
        return False
    if any(type(day.get(key)) is not int for key in ("runs", "worst", *SUMMED)):
        return False
    if not all(isinstance(day.get(kind), dict) for kind in ("dropped", "errors")):
        return False
    numbers = (*day["dropped"].values(), *day["errors"].values())
    return all(type(n) is int for n in numbers) and (day.get("last_ok") is None or type(day["last_ok"]) is str)
