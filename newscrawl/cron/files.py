"""Where one spider's scheduled runs keep their files, and small helpers to read and write them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from newscrawl.core.dates import EARLIEST_PLAUSIBLE
from newscrawl.core.jsonfile import load_json
from newscrawl.cron.damage import Damage

STAMP = "%Y%m%dT%H%M%SZ"
LOG_FORMAT = "%Y-%m-%d %H:%M:%S"  # Scrapy's LOG_DATEFORMAT


@dataclass
class RunPaths:
    """Every file of one spider's scheduled runs, under DIR/<spider>/."""

    root: Path
    stamp: str

    @property
    def out(self) -> Path:
        return self.root / f"{self.stamp}.jsonl"

    @property
    def report(self) -> Path:
        return self.root / f"{self.stamp}.report.json"

    @property
    def log(self) -> Path:
        return self.root / f"{self.stamp}.log"

    @property
    def lock(self) -> Path:
        return self.root / "cron.lock"

    @property
    def jobdir(self) -> Path:
        return self.root / "job"

    @property
    def store(self) -> Path:
        return self.root / "seen.sqlite3"

    @property
    def furniture(self) -> Path:
        """The site's page furniture, learned by the quality gates (newscrawl/rules/furniture.py)."""
        return self.root / "furniture.json"

    @property
    def dropped(self) -> Path:
        """Article URLs that yielded no article (newscrawl/crawler/dropped.py)."""
        return self.root / "dropped.json"

    @property
    def coverage(self) -> Path:
        """Field coverage of the recent runs (newscrawl/cron/coverage.py)."""
        return self.root / "coverage.json"


def append_log(log: Path, level: int, message: str) -> None:
    """One line appended to the run's log in Scrapy's format."""
    stamp = datetime.now(timezone.utc).astimezone().strftime(LOG_FORMAT)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"{stamp} [newscrawl.cron] {logging.getLevelName(level)}: {message}\n")


#: how far before the last healthy run's start sitemap and feed entries are still read
#: (sites date entries late, or in local time written as UTC)
DISCOVERY_MARGIN = timedelta(days=2)


def discovery_since(root: Path, now: datetime | None = None, damage: Damage | None = None) -> str | None:
    """The cut for NEWSCRAWL_DISCOVERY_SINCE: the last healthy run's start minus the margin.

    Sitemap and feed entries dated earlier were offered to that run already;
    listing pages and the seen-store still catch anything it missed. Only a
    plausible start counts: a report that is not an object, a start that is not
    an ISO 8601 time with its offset, one before any news or in the future (a
    wrong clock, which would make every later run skip every entry) is ignored,
    moved aside and named in *damage* (the run exits 6, the next one is healthy).
    The cut is never later than now.
    """
    now = now or datetime.now(timezone.utc)
    damage = damage if damage is not None else Damage()
    cuts = []
    for report in sorted(root.glob("*.report.json")):
        data = load_json(report, None)
        run = data.get("run", {}) if isinstance(data, dict) else None
        if not isinstance(run, dict):
            what = "is not JSON" if data is None else "is not a run report (an object with a run object)"
            damage.set_aside(report, what, "ignored for the discovery cut")
            continue
        if run.get("status") != "ok":
            continue
        start = _plausible_start(run.get("start"), now)
        if isinstance(start, str):
            damage.set_aside(report, start, "ignored for the discovery cut")
            continue
        cuts.append(start - DISCOVERY_MARGIN)
    return min(max(cuts), now).isoformat(timespec="seconds") if cuts else None


def _plausible_start(value: Any, now: datetime) -> datetime | str:
    """A run report's start as a time, or why it cannot be one."""
    if not isinstance(value, str):
        return f"its start {value!r} is not a time"
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        return f"its start {value!r} is not an ISO 8601 time"
    if start.tzinfo is None:
        return f"its start {value!r} has no UTC offset"
    if start > now + timedelta(minutes=5):
        return f"its start {value} lies in the future (a wrong clock?)"
    if start < EARLIEST_PLAUSIBLE:  # and year 1 is too close to subtract the margin from
        return f"its start {value} lies before any news site"
    return start
