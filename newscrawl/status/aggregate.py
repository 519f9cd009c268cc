"""From run rows to what the page shows: per site a mark, counts against the site's usual, series.

Pure functions over the rows of ``newscrawl.status.runs`` (oldest first), so the tests build
histories by hand. Time buckets are UTC days taken from the run stamps (a run's UTC start).
Everything here is JSON-able: ``newscrawl status --json`` prints it as is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from newscrawl.status.runs import SEVERITY, STAMP

DAYS = 90  # articles per day and reasons over time
RECENT_RUNS = 168  # per-run chart: a week of hourly runs (older runs are in the per-day figures)
STRIP_RUNS = 48  # coverage strips: the last runs that wrote records
TABLE_RUNS = 12  # the last runs, as a table
TOP_REASONS = 12
USUAL_DAYS = (7, 35)  # the usual day: median of the days 7 to 35 days ago that had runs
MIN_USUAL_DAYS = 3
FELL_BELOW = 0.5  # amber when the last 24 h gave less than half the usual day

GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"


def severity(row: dict[str, Any]) -> int:
    """How bad a run was: 0 healthy, 1 watch, 2 needs a person (an unknown status is 1)."""
    return SEVERITY.get(row["status"], 1)


def summarize(
    name: str, rows: list[dict[str, Any]], now: datetime, folded: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """One site's figures from its recent runs (oldest first) and its older runs *folded* per day."""
    last = rows[-1] if rows else None
    healthy = next((row for row in reversed(rows) if row["status"] == "ok"), None)
    older_ok = max((day["last_ok"] for day in (folded or {}).values() if day["last_ok"]), default=None)
    if healthy is None and older_ok:
        healthy = {"start": older_ok, "stamp": older_ok}
    history = [{"stamp": f"{day}T000000Z", **figures} for day, figures in sorted((folded or {}).items())] + rows
    day_cut, week_cut = _stamp(now - timedelta(days=1)), _stamp(now - timedelta(days=7))
    per_day = daily(history, now)
    usual = usual_day(per_day)
    recent_24h = sum(row["records"] for row in rows if row["stamp"] >= day_cut)
    recent_7d = sum(row["records"] for row in rows if row["stamp"] >= week_cut)
    mark, why = verdict(last, recent_24h, usual, stale_since(rows, now))
    return {
        "site": name,
        "mark": mark,
        "why": why,
        "last_run": last,
        "last_healthy": healthy and {"start": healthy["start"], "stamp": healthy["stamp"]},
        "articles_24h": recent_24h,
        "articles_7d": recent_7d,
        "usual_per_day": usual,
        "runs": sum(row.get("runs", 1) for row in history),
        "per_day": per_day,
        "recent_runs": [
            {key: row[key] for key in ("stamp", "status", "code", "pages", "records")}
            | {"dropped": sum(row["dropped"].values())}
            for row in rows[-RECENT_RUNS:]
        ],
        "coverage": coverage_strips(rows),
        "reasons": reasons(history, now),
        "last_runs": rows[-TABLE_RUNS:][::-1],
        "warc": {
            "files": sum(row["warc_files"] for row in history),
            "bytes": sum(row["warc_bytes"] for row in history),
        },
    }


def daily(rows: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """The last DAYS UTC days, oldest first: records, runs, pages and the worst run's severity.

    >>> from datetime import timezone
    >>> now = datetime(2026, 3, 2, 12, tzinfo=timezone.utc)
    >>> rows = [{"stamp": "20260302T010000Z", "records": 4, "pages": 9, "status": "ok"},
    ...         {"stamp": "20260302T020000Z", "records": 1, "pages": 3, "status": "unhealthy"}]
    >>> daily(rows, now)[-1]
    {'day': '2026-03-02', 'records': 5, 'runs': 2, 'pages': 12, 'worst': 2}
    >>> daily(rows, now)[-2]["runs"]
    0
    """
    first = (now - timedelta(days=DAYS - 1)).strftime("%Y%m%d")
    days: dict[str, dict[str, Any]] = {}
    for offset in range(DAYS - 1, -1, -1):
        key = (now - timedelta(days=offset)).strftime("%Y%m%d")
        days[key] = {"day": f"{key[:4]}-{key[4:6]}-{key[6:]}", "records": 0, "runs": 0, "pages": 0, "worst": None}
    for row in rows:
        key = row["stamp"][:8]
        if key < first or key not in days:
            continue
        day = days[key]
        day["records"] += row["records"]
        day["runs"] += row.get("runs", 1)  # a folded day (newscrawl.status.days) counts its runs
        day["pages"] += row["pages"]
        day["worst"] = max(day["worst"] or 0, row["worst"] if "worst" in row else severity(row))
    return list(days.values())


def usual_day(per_day: list[dict[str, Any]]) -> float | None:
    """Median articles of the days USUAL_DAYS ago that had runs; None while the site has too few.

    >>> usual_day([{"records": n, "runs": 1} for n in range(90)])
    68.5
    >>> usual_day([{"records": 0, "runs": 0}] * 88 + [{"records": 9, "runs": 1}] * 2) is None  # a new site
    True
    """
    recent, oldest = USUAL_DAYS
    window = per_day[len(per_day) - oldest : len(per_day) - recent]
    values = [day["records"] for day in window if day["runs"]]
    return float(median(values)) if len(values) >= MIN_USUAL_DAYS else None


def stale_since(rows: list[dict[str, Any]], now: datetime) -> str | None:
    """The last run's start when no run came for three usual gaps (at least two hours), else None."""
    if len(rows) < 3:
        return None
    times = [datetime.strptime(row["stamp"], STAMP).replace(tzinfo=now.tzinfo) for row in rows[-25:]]
    gap = median((b - a).total_seconds() for a, b in zip(times, times[1:], strict=False))
    if now - times[-1] > max(timedelta(seconds=3 * gap), timedelta(hours=2)):
        return rows[-1]["start"] or rows[-1]["stamp"]
    return None


def verdict(last: dict[str, Any] | None, articles_24h: int, usual: float | None, stale: str | None) -> tuple[str, str]:
    """(mark, why): red when the last run needs a person, amber when something is worth a look.

    >>> ok = {"status": "ok", "reason": "healthy", "code": 0}
    >>> verdict(ok, 40, 50.0, None)
    ('green', 'healthy')
    >>> verdict({"status": "unhealthy", "reason": "layout changed: 6 of 6", "code": 4}, 0, 50.0, None)
    ('red', 'layout changed: 6 of 6')
    >>> verdict(ok, 10, 50.0, None)
    ('amber', 'articles fell: 10 in the last 24 h, usually 50 a day')
    >>> verdict(ok, 40, 50.0, "2026-03-01T10:00:00+00:00")[1]
    'no run since 2026-03-01T10:00:00+00:00'
    >>> verdict(None, 0, None, None)
    ('grey', 'no runs yet')
    """
    if last is None:
        return GREY, "no runs yet"
    level = severity(last)
    if level == 2:
        return RED, last["reason"] or f"exit {last['code']}"
    if level == 1:
        return AMBER, f"{last['status']}: {last['reason']}".rstrip(": ")
    if stale:
        return AMBER, f"no run since {stale}"
    if usual is not None and usual >= 4 and articles_24h < FELL_BELOW * usual:
        return AMBER, f"articles fell: {articles_24h} in the last 24 h, usually {usual:.0f} a day"
    return GREEN, last["reason"] or "healthy"


def coverage_strips(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Each field's share over the last STRIP_RUNS runs that measured coverage, oldest first."""
    measured = [row for row in rows if row["coverage"]][-STRIP_RUNS:]
    fields = list(dict.fromkeys(field for row in measured for field in row["coverage"]))
    return {
        "runs": [row["stamp"] for row in measured],
        "fields": {field: [row["coverage"].get(field) for row in measured] for field in fields},
    }


def reasons(rows: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Drop and error reasons: per day over DAYS days, and totals for the last run, 7 and DAYS days."""
    first = (now - timedelta(days=DAYS - 1)).strftime("%Y%m%d")
    index = {(now - timedelta(days=DAYS - 1 - n)).strftime("%Y%m%d"): n for n in range(DAYS)}
    week = _stamp(now - timedelta(days=7))
    series: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * DAYS)
    totals: Counter[tuple[str, str]] = Counter()
    week_totals: Counter[tuple[str, str]] = Counter()
    for row in rows:
        day = row["stamp"][:8]
        if day < first or day not in index:
            continue
        for kind in ("dropped", "errors"):
            for reason, number in row[kind].items():
                series[(kind, reason)][index[day]] += number
                totals[(kind, reason)] += number
                if row["stamp"] >= week:
                    week_totals[(kind, reason)] += number
    last = rows[-1] if rows and "runs" not in rows[-1] else {"dropped": {}, "errors": {}}
    return [
        {
            "kind": "error" if kind == "errors" else "dropped",
            "reason": reason,
            "last_run": last[kind].get(reason, 0),
            "days_7": week_totals[(kind, reason)],
            f"days_{DAYS}": total,
            "per_day": series[(kind, reason)],
        }
        for (kind, reason), total in totals.most_common(TOP_REASONS)
    ]


def _stamp(when: datetime) -> str:
    return when.strftime(STAMP)
