"""The status cache of one site, ``DIR/<site>/.status-cache.json``: what was read from its run files.

``reports``: report name -> [size, mtime_ns, row] for the recent runs; ``sizes``: every other
run file (and folded reports) -> [size, mtime_ns]; ``days``: older runs folded per UTC day
(newscrawl.status.days); ``folded``: the stamps of those runs. A cache that does not parse or
has another version is ignored (every report is read again); entries of the wrong shape are dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.core.jsonfile import replace_file
from newscrawl.status.days import valid_day


def mapping(value: Any) -> dict[str, Any]:
    """*value* when it is a JSON object, else an empty one (a file's parts may be anything)."""
    return value if isinstance(value, dict) else {}


VERSION = 3


@dataclass
class SiteCache:
    reports: dict[str, list[Any]] = field(default_factory=dict)
    sizes: dict[str, list[int]] = field(default_factory=dict)
    days: dict[str, dict[str, Any]] = field(default_factory=dict)
    folded: set[str] = field(default_factory=set)


def read(path: Path) -> SiteCache:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return SiteCache()
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return SiteCache()
    reports, sizes, days = (mapping(data.get(key)) for key in ("reports", "sizes", "days"))
    folded: list[Any] = data["folded"] if isinstance(data.get("folded"), list) else []
    if not all(valid_day(day) for day in days.values()) or not all(isinstance(s, str) for s in folded):
        return SiteCache()  # folded figures that do not fit: start again from the reports on disk
    return SiteCache(
        reports={
            name: entry
            for name, entry in reports.items()
            if isinstance(entry, list) and len(entry) == 3 and _key(entry[:2]) and isinstance(entry[2], dict)
        },
        sizes={name: entry for name, entry in sizes.items() if _key(entry)},
        days=days,
        folded=set(folded),
    )


def write(path: Path, cache: SiteCache) -> None:
    """Best effort: a read-only data directory is read in full every time, never an error."""
    data = {
        "version": VERSION,
        "reports": cache.reports,
        "sizes": cache.sizes,
        "days": cache.days,
        "folded": sorted(cache.folded),
    }
    try:
        replace_file(path, json.dumps(data, ensure_ascii=False))
    except OSError:
        pass


def _key(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(type(n) is int for n in value)
