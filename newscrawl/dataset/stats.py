"""Numbers about the exported records, gathered while they are written.

One :class:`Tally` sees every exported record once; its :meth:`Tally.summary`
goes into stats.json, and the dataset card is rendered from stats.json, so the
card cannot disagree with it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from newscrawl.dataset.records import format_timestamp, host, utc_day
from newscrawl.dataset.writer import OUTPUT_FIELDS

UNDATED = "undated"


def percent(part: int, whole: int) -> float:
    """Share in percent, one decimal; 0.0 for an empty whole.

    >>> percent(1, 3), percent(0, 0), percent(4, 4)
    (33.3, 0.0, 100.0)
    """
    return round(100 * part / whole, 1) if whole else 0.0


def present(value: object) -> bool:
    """Does a field carry information? None, blank text and empty lists do not.

    >>> present(None), present("  "), present([]), present("x"), present(["x"])
    (False, False, False, True, True)
    """
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value)
    return True


class Tally:
    """Counts per site, host, month and day; field coverage; time ranges."""

    def __init__(self) -> None:
        self.records = 0
        self.sites: Counter[str] = Counter()
        self.hosts: Counter[str] = Counter()
        self.months: Counter[str] = Counter()
        self.days: Counter[str] = Counter()
        self.filled: Counter[str] = Counter()
        self.with_duplicates = 0
        self.crawled: list[int] = []  # [min, max]
        self.published: list[int] = []

    def add(self, record: dict[str, Any], crawled: int, published: int | None) -> None:
        """Count one exported *record*; its times are given parsed (microseconds UTC)."""
        self.records += 1
        self.sites[record["site"]] += 1
        self.hosts[host(record["url"])] += 1
        for name in OUTPUT_FIELDS:
            if present(record[name]):
                self.filled[name] += 1
        if record["duplicates"]:
            self.with_duplicates += 1
        _extend(self.crawled, crawled)
        if published is None:
            self.months[UNDATED] += 1
        else:
            _extend(self.published, published)
            day = record.get("published_date") or utc_day(published)  # the day the site's readers saw
            self.days[day] += 1
            self.months[day[:7]] += 1

    def summary(self) -> dict[str, Any]:
        """The numbers for stats.json: plain, sorted, JSON-ready."""
        return {
            "records": self.records,
            "crawled_at": _range(self.crawled),
            "published_at": {**_range(self.published), "undated": self.months.get(UNDATED, 0)},
            "per_site": dict(sorted(self.sites.items())),
            "per_host": dict(sorted(self.hosts.items())),
            "per_month": dict(sorted(self.months.items())),
            "per_day": dict(sorted(self.days.items())),
            "field_coverage_percent": {name: percent(self.filled[name], self.records) for name in OUTPUT_FIELDS},
            "records_with_duplicates": self.with_duplicates,
        }


def _extend(bounds: list[int], value: int) -> None:
    if not bounds:
        bounds.extend((value, value))
    else:
        bounds[0] = min(bounds[0], value)
        bounds[1] = max(bounds[1], value)


def _range(bounds: list[int]) -> dict[str, str | None]:
    if not bounds:
        return {"min": None, "max": None}
    return {"min": format_timestamp(bounds[0]), "max": format_timestamp(bounds[1])}
