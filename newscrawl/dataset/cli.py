"""``python -m newscrawl export``: argparse only; the work is in :mod:`newscrawl.dataset.export`.

Exit status: 0 on success (bad input lines are skipped and reported, not
fatal), 2 for a problem with the command (missing DATA_DIR, unusable --out,
bad option), 1 when the export failed midway (nothing is left behind then).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.dataset.filters import Filters, parse_bound, window_bounds
from newscrawl.dataset.stories import STORY_THRESHOLD, STORY_WINDOW_HOURS

if TYPE_CHECKING:
    from newscrawl.dataset.export import ExportOptions

SHOWN_BAD_LINES = 20  # on stderr; the card and stats.json have them all


def add_arguments(parser: argparse.ArgumentParser) -> None:
    _selection_arguments(parser)
    _near_duplicate_arguments(parser)
    _story_arguments(parser)
    _warc_arguments(parser)


def _selection_arguments(parser: argparse.ArgumentParser) -> None:
    """Where the run files are, where the dataset goes, and which articles it keeps."""
    parser.add_argument(
        "data_dir",
        nargs="?",
        default="data",
        metavar="DATA_DIR",
        help="directory searched recursively for run files (*.jsonl, *.jsonl.gz); default: data",
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="DATASET_DIR",
        help="dataset directory to create, or an earlier export to replace",
    )
    parser.add_argument(
        "--since",
        type=_date,
        metavar="DATE",
        help="keep articles published at or after DATE (YYYY-MM-DD, UTC, or ISO 8601 date-time)",
    )
    parser.add_argument(
        "--until",
        type=_date,
        metavar="DATE",
        help="keep articles published on or before DATE (a bare date includes that whole UTC day)",
    )
    parser.add_argument(
        "--window",
        metavar="PERIOD",
        help="keep articles of one period: last-week (the ISO week before this one), last-month, or an ISO "
        "week like 2026-W49; '{window}' in --out becomes its name (2026-W49, 2026-11)",
    )
    parser.add_argument(
        "--include-undated", action="store_true", help="also keep articles without a publish date (left out by default)"
    )
    # one value per option (``--site a --site b``): a list option would swallow DATA_DIR after it
    parser.add_argument(
        "--site",
        action="append",
        metavar="NAME",
        help="keep only this site (a spider name, see `newscrawl sites`); repeat for several",
    )
    parser.add_argument(
        "--keyword",
        action="append",
        metavar="WORD",
        help="keep only articles tagged with WORD or containing it as whole words; repeat for several, any matches",
    )


def _near_duplicate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--near-duplicates", action="store_true", help="also merge near-duplicate texts (MinHash LSH)")
    parser.add_argument(
        "--near-duplicate-threshold",
        type=_fraction,
        default=0.8,
        metavar="J",
        help="estimated Jaccard similarity of shingles at which texts merge (default 0.8)",
    )
    parser.add_argument(
        "--shingle-size",
        type=_positive,
        default=5,
        metavar="K",
        help="words per shingle for near-duplicate detection (default 5)",
    )


def _story_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stories",
        action="store_true",
        help="cluster the articles into stories across outlets: a story_id per article and stories.parquet",
    )
    parser.add_argument(
        "--story-threshold",
        type=_fraction,
        default=STORY_THRESHOLD,
        metavar="C",
        help=f"TF-IDF cosine of content words at which an article joins a story (default {STORY_THRESHOLD})",
    )
    parser.add_argument(
        "--story-window",
        type=_positive,
        default=int(STORY_WINDOW_HOURS),
        metavar="HOURS",
        help=f"how long after its first article a story can be joined (default {STORY_WINDOW_HOURS:g})",
    )


def _warc_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--with-warc-manifest",
        action="store_true",
        help="also write WARC-SHA256SUMS: the WARC files behind the records, with their SHA-256",
    )
    parser.add_argument(
        "--warc-dir",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="where to look for those WARC files besides DATA_DIR; repeatable",
    )


def check_arguments(args: argparse.Namespace) -> str | None:
    """The one-line reason the command cannot run as given, or None; resolves ``--window``."""
    if args.window is not None:
        if args.since or args.until:
            return "--window sets --since and --until itself; give one or the other"
        try:
            since, until, label = window_bounds(args.window, date.today())
        except ValueError as error:
            return str(error)
        # the card's command must make this very dataset again: a week by its name, a month by its dates
        args.window = label if "W" in label else None
        args.since, args.until = (None, None) if args.window else (since, until)
        args.bounds = (since, until)
        args.out = args.out.replace("{window}", label)
    if args.since and args.until and parse_bound(args.since, upper=False) >= parse_bound(args.until, upper=True):
        return f"--since {args.since} is after --until {args.until}: the dataset would be empty"
    return None  # an unknown --site is refused by the export, which knows the sites in the data


def main(args: argparse.Namespace) -> int:
    problem = check_arguments(args)
    if problem:
        print(f"export: {problem}", file=sys.stderr)
        return 2
    from newscrawl.cron.retention import record_exported
    from newscrawl.dataset.export import ExportError, run_export  # pyarrow etc. only now

    try:
        stats = run_export(export_options(args))
    except ExportError as error:
        print(f"export: {error}", file=sys.stderr)
        return error.status
    # the run files this dataset holds in full, so `cron --keep-runs/--keep-days` may remove them later
    record_exported(Path(args.data_dir), stats["input"]["files"], Path(args.out))
    print_summary(stats, args.out)
    return 0


def export_options(args: argparse.Namespace) -> ExportOptions:
    """The export's options from the checked command line (pyarrow etc. are imported only now)."""
    from newscrawl.dataset.export import ExportOptions
    from newscrawl.dataset.story_table import StoryOptions

    return ExportOptions(
        data_dir=Path(args.data_dir),
        out=Path(args.out),
        command=command_line(args),
        filters=Filters.build(args.site, *_bounds(args), args.include_undated, args.keyword),
        near_duplicates=args.near_duplicates,
        threshold=args.near_duplicate_threshold,
        shingle_size=args.shingle_size,
        progress=sys.stderr.isatty(),
        warc_manifest=args.with_warc_manifest,
        warc_dirs=tuple(args.warc_dir),
        stories=(
            StoryOptions(args.story_threshold, window_hours=args.story_window, shingle_size=args.shingle_size)
            if args.stories
            else None
        ),
        described_filters={
            "since": _bounds(args)[0],
            "until": _bounds(args)[1],
            "sites": sorted(args.site or []),
            "keywords": list(args.keyword or []),
            "include_undated": args.include_undated,
        },
    )


def print_summary(stats: dict[str, Any], out: str) -> None:
    """The bad lines (the first few), missing WARC files, and one line of counts (stories: two)."""
    bad = stats["bad_lines"]
    for line in bad["lines"][:SHOWN_BAD_LINES]:
        detail = f" ({line['detail']})" if line["detail"] else ""
        print(f"export: skipped {line['file']}:{line['line']}: {line['reason']}{detail}", file=sys.stderr)
    if bad["count"] > SHOWN_BAD_LINES:
        print(
            f"export: ... and {bad['count'] - SHOWN_BAD_LINES} more bad lines (see README.md in the dataset)",
            file=sys.stderr,
        )
    for name in stats.get("warc_manifest", {}).get("missing", []):
        print(
            f"export: WARC file not found for the manifest: {name} (give its directory with --warc-dir)",
            file=sys.stderr,
        )
    removed, counts = stats["duplicates_removed"], stats["counts"]
    print(
        f"export: {counts['exported']} articles -> {out} "
        f"(read {counts['lines_read']} lines from {stats['input']['run_files']} files; "
        f"duplicates removed: {removed['url']} by URL, {removed['content_hash']} by content hash, "
        f"{removed['near_duplicate']} near; filtered out {stats['filtered_out']['total']}; bad lines {bad['count']})"
    )
    if "stories" in stats:
        stories = stats["stories"]
        print(
            f"export: {stories['stories_of_several_records']} stories told by more than one article "
            f"({stories['records_in_shared_stories']} articles) -> {out}/stories.parquet"
        )


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces this export, options in a fixed order.

    >>> parser = argparse.ArgumentParser(); add_arguments(parser)
    >>> command_line(parser.parse_args(["data", "--out", "ds", "--keyword", "چین", "--site", "a", "--site", "b"]))
    "python -m newscrawl export data --out ds --site a --site b --keyword 'چین'"
    """
    words = [*shlex.split(getattr(args, "prog", "python -m newscrawl export")), args.data_dir, "--out", args.out]
    for flag, value in (("--window", getattr(args, "window", None)), ("--since", args.since), ("--until", args.until)):
        if value is not None:
            words += [flag, value]
    if args.include_undated:
        words.append("--include-undated")
    for site in args.site or []:
        words += ["--site", site]
    for keyword in args.keyword or []:
        words += ["--keyword", keyword]
    if args.near_duplicates:
        words += [
            "--near-duplicates",
            "--near-duplicate-threshold",
            str(args.near_duplicate_threshold),
            "--shingle-size",
            str(args.shingle_size),
        ]
    if args.stories:
        words += ["--stories", "--story-threshold", str(args.story_threshold), "--story-window", str(args.story_window)]
    if args.with_warc_manifest:
        words.append("--with-warc-manifest")
        for directory in args.warc_dir:
            words += ["--warc-dir", str(directory)]
    return shlex.join(words)


def _bounds(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """(since, until) as the filters take them, ``--window`` resolved."""
    return getattr(args, "bounds", None) or (args.since, args.until)


def _date(text: str) -> str:
    try:
        parse_bound(text, upper=False)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD or ISO 8601): {text!r}") from None
    return text


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in (0, 1]: {text}")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return value
