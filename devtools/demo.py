"""``python -m newscrawl demo``: serve the bundled mirror, crawl it into demo-data/, summarize.

Runs the same ``scrapy crawl islamtimes -a base_url=...`` a user would, in a
subprocess, against the mirror on 127.0.0.1, with the politeness delays
zeroed (the mirror is this machine; the live site keeps the defaults).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from newscrawl.cron.launch import LOOPBACK_SETTINGS, PROJECT, crawl_command, crawl_env
from devtools.mirror.server import DEFAULT_ROOT, missing_mirror, serving
from newscrawl.cli.verdict import format_summary

#: mirror records (127.0.0.1 URLs) stay out of data/, which `newscrawl export` reads by default
DEMO_OUT = Path("demo-data/islamtimes.jsonl")


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
