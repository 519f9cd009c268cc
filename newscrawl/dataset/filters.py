"""Which articles a researcher asked for: date range, sites, keywords.

Filters are applied to the newest crawl of each URL (a stale copy must not
slip in because the fresh one was filtered out) and before content and
near-duplicate deduplication (so a site's article is not lost because its
syndicated twin on another site won the representative choice and was then
filtered away).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from newscrawl.dataset.records import parse_timestamp, words
from newscrawl.core.text import normalize_urdu

#: Filter reasons, in the order they are tested; stats count the first that applies.
REASONS = ("site", "undated", "date_range", "keyword")

#: what to change when a filter took every article
HINTS = {
    "site": "other --site values",
    "undated": "--include-undated keeps them",
    "date_range": "widen --since/--until or --window",
    "keyword": "other --keyword values",
}


def everything_filtered(filtered: dict[str, int]) -> str:
    """The one line of an export whose filters left no article.

    >>> everything_filtered({"undated": 70, "date_range": 2})
    'every article was filtered out, nothing written: undated 70 (--include-undated keeps them), date_range 2 (widen --since/--until or --window)'
    """
    taken = ", ".join(f"{reason} {filtered[reason]} ({HINTS[reason]})" for reason in REASONS if filtered.get(reason))
    return f"every article was filtered out, nothing written: {taken}"


_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_bound(text: str, *, upper: bool) -> int:
    """A ``--since`` / ``--until`` value -> microseconds, as a half-open bound.

    A bare date means the whole UTC day: ``--until 2025-03-31`` includes the
    31st. A date-time is inclusive on both ends. Returned lower bounds are
    inclusive, upper bounds exclusive.

    >>> parse_bound("2025-03-31", upper=True) == parse_timestamp("2025-04-01T00:00:00Z")
    True
    >>> parse_bound("2025-03-31T12:00:00+05:00", upper=True) - parse_timestamp("2025-03-31T07:00:00Z")
    1
    >>> parse_bound("2025-03-31", upper=False) == parse_timestamp("2025-03-31T00:00:00Z")
    True
    """
    if _DATE_ONLY.fullmatch(text):
        day = datetime.fromisoformat(text).replace(tzinfo=UTC)
        return parse_timestamp((day + timedelta(days=1) if upper else day).isoformat())
    return parse_timestamp(text) + (1 if upper else 0)


@dataclass(frozen=True)
class Filters:
    sites: frozenset[str] = frozenset()
    since: int | None = None  # inclusive, microseconds UTC
    until: int | None = None  # exclusive, microseconds UTC
    include_undated: bool = False
    keywords: tuple[tuple[str, ...], ...] = field(default=())  # each keyword as its words

    @classmethod
    def build(
        cls,
        sites: list[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        include_undated: bool = False,
        keywords: list[str] | None = None,
    ) -> Filters:
        """Filters from command-line values; raises ValueError on a bad date."""
        return cls(
            sites=frozenset(sites or ()),
            since=None if since is None else parse_bound(since, upper=False),
            until=None if until is None else parse_bound(until, upper=True),
            include_undated=include_undated,
            keywords=tuple(filter(None, (tuple(words(normalize_urdu(k))) for k in keywords or ()))),
        )

    def reason(self, record: dict[str, Any], published: int | None) -> str | None:
        """Why *record* is left out (one of :data:`REASONS`), or None to keep it.

        >>> f = Filters.build(sites=["islamtimes"], since="2025-03-01", keywords=["چین"])
        >>> record = {"site": "islamtimes", "headline": "پاکستان اور چین", "body": "…"}
        >>> f.reason(record, parse_timestamp("2025-03-02T00:00:00Z")) is None
        True
        >>> f.reason(record, None), f.reason({**record, "site": "dawn"}, None)
        ('undated', 'site')
        >>> f.reason({**record, "headline": "لاہور"}, parse_timestamp("2025-03-02T00:00:00Z"))
        'keyword'
        """
        if self.sites and record["site"] not in self.sites:
            return "site"
        if published is None:
            if not self.include_undated:
                return "undated"
        elif (self.since is not None and published < self.since) or (
            self.until is not None and published >= self.until
        ):
            return "date_range"
        if self.keywords and not self.matches_keyword(record):
            return "keyword"
        return None

    def matches_keyword(self, record: dict[str, Any]) -> bool:
        """True when any keyword is one of the record's keywords or occurs, as
        whole words, in its headline, summary or body (normalized, case-folded).

        >>> f = Filters.build(keywords=["دونوں ممالک"])
        >>> f.matches_keyword({"headline": "", "body": "دونوں ممالک، ملاقات میں"})
        True
        >>> f.matches_keyword({"headline": "", "body": "دونوں ممالکوں"})
        False
        """
        tagged = {tuple(words(normalize_urdu(k))) for k in record.get("keywords") or ()}
        if any(keyword in tagged for keyword in self.keywords):
            return True
        parts = (record.get(name) or "" for name in ("headline", "summary", "body"))
        text = " " + " ".join(" ".join(words(normalize_urdu(part))) for part in parts) + " "
        return any(" " + " ".join(keyword) + " " in text for keyword in self.keywords)


_ISO_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def window_bounds(window: str, today: date) -> tuple[str, str, str]:
    """``--window`` -> (since, until, label): inclusive dates and the name of the period.

    ``last-week`` is the ISO week (Monday to Sunday) before *today*'s, ``last-month`` the calendar
    month before; ``YYYY-Www`` names an ISO week.

    >>> window_bounds("last-week", date(2026, 12, 7))  # a Monday
    ('2026-11-30', '2026-12-06', '2026-W49')
    >>> window_bounds("last-month", date(2026, 1, 15))
    ('2025-12-01', '2025-12-31', '2025-12')
    >>> window_bounds("2026-W01", date(2026, 12, 7))
    ('2025-12-29', '2026-01-04', '2026-W01')
    >>> window_bounds("2026-W54", date(2026, 12, 7))
    Traceback (most recent call last):
    ...
    ValueError: --window '2026-W54': not a week of 2026
    """
    if window == "last-week":
        monday = today - timedelta(days=today.weekday() + 7)
        year, week, _ = monday.isocalendar()
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat(), f"{year}-W{week:02d}"
    if window == "last-month":
        last_day = today.replace(day=1) - timedelta(days=1)
        return last_day.replace(day=1).isoformat(), last_day.isoformat(), f"{last_day:%Y-%m}"
    match = _ISO_WEEK.fullmatch(window)
    if match is None:
        raise ValueError(f"--window {window!r}: use last-week, last-month or an ISO week like 2026-W49")
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ValueError(f"--window {window!r}: not a week of {match[1]}") from None
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat(), window
