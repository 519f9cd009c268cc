"""``newscrawl status --openmetrics FILE``: the page's figures for Prometheus.

Written in the Prometheus text exposition format (version 0.0.4), which node_exporter's
textfile collector reads from ``*.prom`` files in its ``--collector.textfile.directory``:
the usual way to watch cron jobs. The file is written beside itself and renamed into place,
so the collector never reads half a file. Hand-written rather than with prometheus_client's
registry: these are a few gauges read from files, and the text format is four rules
(HELP, TYPE, sample lines, label values escaped for backslash, quote and newline).
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any
from collections.abc import Iterator

from newscrawl.status.aggregate import AMBER, GREEN, GREY, RED
from newscrawl.core.jsonfile import replace_file

#: the site's mark as a number: alert on ``newscrawl_site_state >= 2``
STATE = {GREEN: 0, AMBER: 1, RED: 2, GREY: -1}

#: name -> (help, the site's figure)
GAUGES: dict[str, tuple[str, Any]] = {
    "newscrawl_site_state": ("0 healthy, 1 watch, 2 needs a person, -1 no runs yet", lambda s: STATE[s["mark"]]),
    "newscrawl_last_run_timestamp_seconds": ("start of the site's last run", lambda s: _epoch(_last(s, "start"))),
    "newscrawl_last_run_exit_code": ("exit code of the site's last run", lambda s: _last(s, "code")),
    "newscrawl_last_run_articles": ("articles written by the site's last run", lambda s: _last(s, "records")),
    "newscrawl_last_run_pages": ("pages fetched by the site's last run", lambda s: _last(s, "pages")),
    "newscrawl_last_healthy_run_timestamp_seconds": (
        "start of the site's last healthy run",
        lambda s: _epoch((s["last_healthy"] or {}).get("start")),
    ),
    "newscrawl_articles_24h": ("articles written in the last 24 hours", lambda s: s["articles_24h"]),
    "newscrawl_articles_7d": ("articles written in the last 7 days", lambda s: s["articles_7d"]),
    "newscrawl_usual_articles_per_day": ("median articles a day, 7 to 35 days ago", lambda s: s["usual_per_day"]),
    "newscrawl_seen_store_bytes": ("size of the seen-store", lambda s: s["disk"]["seen_store_bytes"]),
    "newscrawl_run_files_bytes": ("disk used by run files", lambda s: s["disk"]["run_files_bytes"]),
    "newscrawl_running": ("1 while a run holds the site's lock", lambda s: int(bool(s["running"]))),
}


def exposition(status: dict[str, Any]) -> str:
    """The text format, every metric family once with its HELP and TYPE.

    >>> print(exposition({"generated": "2026-03-02T00:00:00+00:00", "sites": []}).splitlines()[0])
    # HELP newscrawl_status_generated_timestamp_seconds when newscrawl status read the data directory
    """
    return "".join(_lines(status))


def _lines(status: dict[str, Any]) -> Iterator[str]:
    yield from _family(
        "newscrawl_status_generated_timestamp_seconds",
        "when newscrawl status read the data directory",
        [({}, _epoch(status["generated"]))],
    )
    for name, (help_text, figure) in GAUGES.items():
        yield from _family(name, help_text, [({"site": site["site"]}, figure(site)) for site in status["sites"]])
    dropped, coverage = [], []
    for site in status["sites"]:
        last = site["last_run"] or {}
        for reason, number in sorted((last.get("dropped") or {}).items()):
            dropped.append(({"site": site["site"], "reason": reason}, number))
        for field, value in sorted((last.get("coverage") or {}).items()):
            coverage.append(({"site": site["site"], "field": field}, value))
    yield from _family("newscrawl_last_run_dropped", "pages dropped by the site's last run, by reason", dropped)
    yield from _family(
        "newscrawl_last_run_field_coverage_ratio", "share of the last run's records with the field filled", coverage
    )


def _family(name: str, help_text: str, samples: list[tuple[dict[str, str], Any]]) -> Iterator[str]:
    yield f"# HELP {name} {help_text}\n# TYPE {name} gauge\n"
    for labels, value in samples:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue  # no figure (a site without a healthy run): no sample, rather than a made-up 0
        inner = ",".join(f'{key}="{escape_label(str(text))}"' for key, text in labels.items())
        yield f"{name}{{{inner}}} {_value(value)}\n" if inner else f"{name} {_value(value)}\n"


def escape_label(value: str) -> str:
    r"""A label value as the text format wants it.

    >>> escape_label('a"b\\c\nd')
    'a\\"b\\\\c\\nd'
    """
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def write(status: dict[str, Any], path: Path) -> None:
    """Atomically: written beside *path*, then renamed over it."""
    replace_file(path, exposition(status))


def _value(value: Any) -> str:
    return repr(float(value)) if isinstance(value, float) else str(int(value))


def _last(site: dict[str, Any], key: str) -> Any:
    return (site["last_run"] or {}).get(key)


def _epoch(iso: str | None) -> float | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return None
