"""``newscrawl status DATA_DIR``: every site's health over time on one static page.

Reads what ``newscrawl cron`` leaves under DATA_DIR (run reports, run files, the lock, the
seen-store) and the exports found there, and writes one self-contained HTML page (inline CSS
and SVG, no script: it works from ``file://``), the same figures as JSON (``--json``) or for
Prometheus (``--openmetrics FILE``). ``newscrawl cron`` calls :func:`refresh` after every run.
No Scrapy import: the page is made in well under a second for a year of runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

PAGE = "status.html"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data_dir", type=Path, metavar="DATA_DIR", help="the --data-dir of newscrawl cron")
    parser.add_argument("-o", "--output", type=Path, help=f"the page (default: DATA_DIR/{PAGE}; '-' for stdout)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of writing the page")
    parser.add_argument(
        "--openmetrics",
        type=Path,
        metavar="FILE",
        help="also write the figures in the Prometheus text format (node_exporter's textfile collector: *.prom)",
    )
    parser.add_argument(
        "--dataset",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="an export directory outside DATA_DIR to show (repeatable)",
    )


def main(args: argparse.Namespace) -> int:
    from newscrawl.status import metrics
    from newscrawl.status.collect import collect

    if not args.data_dir.is_dir():
        print(f"newscrawl status: {args.data_dir} is not a directory", file=sys.stderr)
        return 2
    status = collect(args.data_dir, dataset_dirs=tuple(args.dataset))
    try:
        if args.openmetrics:
            metrics.write(status, args.openmetrics)
        if args.json:
            json.dump(status, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
            return 0
        output = args.output or args.data_dir / PAGE
        if str(output) == "-":
            sys.stdout.write(page_text(status))
        else:
            write_page(status, output)
            print(f"newscrawl status: wrote {output} ({len(status['sites'])} sites)", file=sys.stderr)
    except OSError as error:
        print(f"newscrawl status: cannot write {error.filename}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


def page_text(status: dict[str, Any]) -> str:
    from newscrawl.status.page import render

    return render(status)


def write_page(status: dict[str, Any], path: Path) -> None:
    """Beside the page, then renamed over it: a browser never reads half a page."""
    from newscrawl.core.jsonfile import replace_file

    replace_file(path, page_text(status))


def refresh(data_dir: Path) -> None:
    """Rewrite DATA_DIR/status.html after a cron run; a failure is one warning line, never the run's."""
    from newscrawl.status.collect import collect

    try:
        write_page(collect(data_dir), data_dir / PAGE)
    except Exception as error:  # noqa: BLE001 - the crawl's verdict stands whatever the page does
        print(f"newscrawl cron: could not update {data_dir / PAGE}: {error}", file=sys.stderr, flush=True)
