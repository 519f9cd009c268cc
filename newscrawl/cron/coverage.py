"""Field coverage across runs: a field the site filled on most pages, suddenly missing.

Each cron run appends its coverage (share of written records with each field filled,
newscrawl/crawler/coverage.py) to ``DIR/<spider>/coverage.json``, keeping the last
``NEWSCRAWL_HEALTH_COVERAGE_RUNS`` runs that wrote at least
``NEWSCRAWL_HEALTH_MIN_ARTICLE_PAGES`` records. "Before" is their mean. A field that was
filled on ``NEWSCRAWL_HEALTH_COVERAGE_WAS`` of pages before and is now below
``NEWSCRAWL_HEALTH_COVERAGE_NOW`` fails the run (exit 4). The failing run is kept in the
history too, so a site that really dropped a field stops alarming after a few runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newscrawl.crawler.coverage import COVERAGE_FIELDS
from newscrawl.core.jsonfile import write_json
from newscrawl.cron.damage import Damage


def run_coverage(stats: dict[str, Any]) -> dict[str, float] | None:
    """Share of this run's records with each field filled; None when it wrote none.

    >>> run_coverage({"newscrawl/coverage/records": 4, "newscrawl/coverage/keywords": 3})["keywords"]
    0.75
    >>> run_coverage({}) is None
    True
    """
    records = stats.get("newscrawl/coverage/records", 0)
    if not records:
        return None
    return {field: stats.get(f"newscrawl/coverage/{field}", 0) / records for field in COVERAGE_FIELDS}


def load_history(path: Path, damage: Damage | None = None) -> list[dict[str, Any]]:
    """The runs of ``coverage.json``; a file of the wrong shape is moved aside and named in *damage*.

    What could be read of it is kept (the field rule waits for new history rather than guessing).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []  # none yet
    except (OSError, ValueError):
        data = None
    runs = data.get("runs") if isinstance(data, dict) else None
    kept = (
        [run for run in runs if isinstance(run, dict) and isinstance(run.get("coverage"), dict)]
        if isinstance(runs, list)
        else []
    )
    if not isinstance(runs, list) or len(kept) != len(runs):
        (damage if damage is not None else Damage()).set_aside(
            path,
            'is not {"runs": [{"coverage": {...}}, ...]}',
            f"kept {len(kept)} runs of it; the field-coverage rule relearns the site's habits over the next runs",
        )
    return kept


def save_history(path: Path, history: list[dict[str, Any]], keep: int) -> None:
    write_json(path, {"runs": history[-keep:]}, indent=1)


def before(history: list[dict[str, Any]]) -> dict[str, float]:
    """Mean coverage of each field over the history's runs.

    >>> before([{"coverage": {"keywords": 1.0}}, {"coverage": {"keywords": 0.9}}])["keywords"]
    0.95
    >>> before([])
    {}
    """
    result = {}
    for field in COVERAGE_FIELDS:
        values = [
            float(run["coverage"][field]) for run in history if isinstance(run["coverage"].get(field), (int, float))
        ]
        if values:
            result[field] = round(sum(values) / len(values), 4)
    return result


def fallen_field(
    now: dict[str, float] | None, was: dict[str, float], was_at_least: float, now_below: float
) -> str | None:
    """The reason line for the first field that fell, or None.

    >>> fallen_field({"keywords": 0.0, "body": 1.0}, {"keywords": 0.96, "body": 1.0}, 0.8, 0.5)
    'layout changed: keywords on 0% of pages, was 96%'
    >>> fallen_field({"keywords": 0.0}, {"keywords": 0.3}, 0.8, 0.5) is None  # the site rarely had them
    True
    """
    if now is None:
        return None
    for field in COVERAGE_FIELDS:
        if field in now and field in was and was[field] >= was_at_least and now[field] < now_below:
            return f"layout changed: {field} on {now[field]:.0%} of pages, was {was[field]:.0%}"
    return None


def coverage_table(now: dict[str, float] | None, was: dict[str, float]) -> dict[str, dict[str, float | None]]:
    """Each field's coverage now and before, for the run report."""
    return {
        field: {"now": None if now is None else round(now[field], 4), "before": was.get(field)}
        for field in COVERAGE_FIELDS
    }
