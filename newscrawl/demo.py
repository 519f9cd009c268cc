"""``python -m newscrawl demo``: serve the bundled mirror, crawl it into demo-data/, summarize.

Runs the same ``scrapy crawl islamtimes -a base_url=...`` a user would, in a
subprocess, against the mirror on 127.0.0.1, with the politeness delays
zeroed (the mirror is this machine; the live site keeps the defaults).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from newscrawl.mirror.server import DEFAULT_ROOT, missing_mirror, serving

PROJECT = Path(__file__).resolve().parents[1]
#: mirror records (127.0.0.1 URLs) stay out of data/, which `newscrawl export` reads by default
DEMO_OUT = Path("demo-data/islamtimes.jsonl")
LOOPBACK_SETTINGS = ("AUTOTHROTTLE_START_DELAY=0", "DOWNLOAD_DELAY=0")


def crawl_command(
    spider: str, base_url: str | None, out: Path, report: Path, log: Path, extra_settings: tuple[str, ...] = ()
) -> list[str]:
    """The ``scrapy crawl`` command line for one run into *out* (base_url None: the live site)."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    if base_url is not None:
        command += ["-a", f"base_url={base_url}"]
    command += [
        "-s",
        f"NEWSCRAWL_JSONL_PATH={out}",
        "-s",
        f"NEWSCRAWL_REPORT_PATH={report}",
        "-s",
        f"LOG_FILE={log}",
        "-s",
        "LOG_FILE_APPEND=True",
    ]  # see newscrawl/crawl.py
    for setting in extra_settings:
        command += ["-s", setting]
    return command


def crawl_env() -> dict[str, str]:
    """The environment of a ``scrapy crawl`` child: the project's settings by module, so the
    command works from an installed package too (no scrapy.cfg there)."""
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}


def format_summary(summary: dict[str, Any], out: Path | str) -> str:
    """A few lines a person reads at a glance.

    >>> print(format_summary({"articles_written": 2, "pages_fetched": 5, "dropped": {"http_404": 1},
    ...                       "duplicates": {}, "errors": {}}, Path("a.jsonl")))
    articles written : 2  -> a.jsonl
    pages fetched    : 5
    pages dropped    : 1 (http_404: 1)
    duplicates       : 0
    errors           : 0
    """

    def line(name: str, counts: dict[str, int]) -> str:
        total = sum(counts.values())
        detail = ", ".join(f"{key}: {value}" for key, value in counts.items())
        return f"{name:<17}: {total}" + (f" ({detail})" if detail else "")

    return "\n".join(
        [
            f"{'articles written':<17}: {summary['articles_written']}  -> {out}",
            f"{'pages fetched':<17}: {summary['pages_fetched']}",
            line("pages dropped", summary["dropped"]),
            line("duplicates", summary["duplicates"]),
            line("errors", summary["errors"]),
        ]
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=DEMO_OUT,
        help=f"JSONL file to write (default: {DEMO_OUT}, apart from the live data in data/)",
    )
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="mirror directory to serve")


def main(args: argparse.Namespace) -> int:
    problem = missing_mirror(args.root)
    if problem:
        print(f"demo: {problem}", file=sys.stderr)
        return 2
    out = args.out.resolve()
    report, log = out.with_suffix(".report.json"), out.with_suffix(".log")
    out.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)  # crawl_command appends
    with serving(args.root) as server:
        print(f"serving the mirror at {server.base_url}; crawling it (log: {log})", flush=True)
        command = crawl_command("islamtimes", server.base_url, out, report, log, LOOPBACK_SETTINGS)
        status = subprocess.run(command, cwd=PROJECT, env=crawl_env(), check=False).returncode
    if status != 0 or not report.exists():
        print(f"crawl failed with exit status {status}; see {log}", file=sys.stderr)
        return status or 1
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    print(format_summary(summary, out))
    return 0
