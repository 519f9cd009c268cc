"""``newscrawl crawl SITE``: one crawl from any directory, with progress, a summary and honest exit codes.

The same crawl as ``scrapy crawl SITE`` inside the checkout (the project's settings
are read from the installed package, no scrapy.cfg needed), run in this process
with Scrapy's CrawlerProcess. Articles go to ``-o FILE`` (``<FILE>.part`` while it
runs), Scrapy's log to ``FILE`` with ``.log``; the terminal gets one progress line
and the demo's summary. Exit codes: newscrawl/rules/exitcodes.py (docs/exit-codes.md).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from newscrawl.cli.userconfig import add_config_arguments, from_args, require_contact
from newscrawl.config import ConfigError, check_settings, check_spider_args, project_settings, spider_class
from newscrawl.rules.exitcodes import EXIT_USAGE

STAMP = "%Y%m%dT%H%M%SZ"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("site", help="the site's spider name (newscrawl sites lists them)")
    parser.add_argument(
        "--base-url", help="crawl a mirror at this URL instead of the live site, e.g. http://127.0.0.1:8000"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="JSONL file to write (default: SITE-<UTC time>.jsonl in the current directory)",
    )
    parser.add_argument(
        "--since",
        metavar="DATE",
        help="hand DATE (YYYY-MM-DD) to the spider's discovery as -a since=DATE (docs/crawling.md)",
    )
    parser.add_argument("--max-articles", type=int, metavar="N", help="write at most N articles, then stop")
    parser.add_argument("--max-pages", type=int, metavar="N", help="stop after about N pages fetched")
    parser.add_argument(
        "--section",
        metavar="PATH",
        help="crawl only this section, e.g. /ur/section/pakistan (its pages and their pagination)",
    )
    add_run_arguments(parser)


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """The options a crawl and a cron run share: archive, Scrapy settings, configuration file."""
    parser.add_argument(
        "--warc-dir",
        type=Path,
        metavar="DIR",
        help="archive every response as WARC files in DIR (NEWSCRAWL_WARC_DIR; default: none; docs/archives.md)",
    )
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting for this run, repeatable (e.g. DOWNLOAD_DELAY=0 for a local mirror)",
    )
    add_config_arguments(parser)


def plan(args: argparse.Namespace) -> tuple[type, dict[str, str], dict[str, Any]]:
    """(spider class, spider arguments, settings) for *args*, or ConfigError naming the bad value."""
    spidercls = spider_class(args.site)
    config = from_args(args, warc_dir=getattr(args, "warc_dir", None))
    spargs: dict[str, str] = {}
    if args.base_url is not None:
        spargs["base_url"] = args.base_url
    sections = args.section if args.section is not None else config.sections(args.site)
    if sections is not None:
        spargs["start_paths"] = sections
    if args.since is not None:
        spargs["since"] = check_date(args.since)
    check_spider_args(spidercls, spargs)
    user_settings = check_settings(args.settings)
    settings: dict[str, Any] = config.settings(args.site)  # first: the command line wins over the file
    for option, value in (("--max-articles", args.max_articles), ("--max-pages", args.max_pages)):
        if value is not None and value < 1:
            raise ConfigError(f"{option} must be 1 or more, got {value}")
    if args.max_articles:
        settings.update(NEWSCRAWL_MAX_ARTICLES=args.max_articles, CLOSESPIDER_ITEMCOUNT=args.max_articles)
    if args.max_pages:
        settings["CLOSESPIDER_PAGECOUNT"] = args.max_pages
    if config.get("warc_dir") is not None:
        settings["NEWSCRAWL_WARC_DIR"] = str(config.get("warc_dir").resolve())
    output = args.output or Path(f"{args.site}-{datetime.now(timezone.utc).strftime(STAMP)}.jsonl")
    if output.exists() and output.is_dir():
        raise ConfigError(f"-o {output} is a directory; give a file name")
    output = output.resolve()
    # appending to a log removed at the start: Scrapy 2.19 opens LOG_FILE twice (process, then crawler),
    # and a truncating second open would lose the first lines (version, settings, extensions)
    settings.update(
        NEWSCRAWL_JSONL_PATH=str(output),
        LOG_FILE=str(output.with_suffix(".log")),
        LOG_FILE_APPEND=True,
        NEWSCRAWL_PROGRESS_ENABLED=sys.stderr.isatty(),
    )
    settings.update(user_settings)  # last: the user's --set wins
    target = str(spargs.get("base_url") or getattr(spidercls, "default_base_url", ""))
    require_contact(config, target, "USER_AGENT" in user_settings)
    return spidercls, spargs, settings


def check_date(value: str) -> str:
    """A ``--since`` value as the spider gets it, or ConfigError.

    >>> check_date("2025-01-31")
    '2025-01-31'
    >>> check_date("31/01/2025")
    Traceback (most recent call last):
    ...
    newscrawl.config.ConfigError: --since '31/01/2025' is not a date; use YYYY-MM-DD
    """
    try:
        date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--since {value!r} is not a date; use YYYY-MM-DD") from None
    return value


def main(args: argparse.Namespace) -> int:
    try:
        spidercls, spargs, overrides = plan(args)
    except ConfigError as error:
        print(f"newscrawl crawl: {error}", file=sys.stderr)
        return EXIT_USAGE
    from scrapy.crawler import CrawlerProcess

    from newscrawl.cli.verdict import finish

    settings = project_settings().copy()
    settings.setdict(overrides, priority="cmdline")
    log = Path(settings["LOG_FILE"])
    try:  # the run starts here: its log is the first file it writes, beside the output
        log.parent.mkdir(parents=True, exist_ok=True)
        log.unlink(missing_ok=True)
        log.touch()
    except OSError as error:
        print(
            f"newscrawl crawl: cannot write {settings['NEWSCRAWL_JSONL_PATH']}: {error.strerror or error}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    print(f"crawling {args.site} (log: {settings['LOG_FILE']})", file=sys.stderr, flush=True)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spidercls)
    process.crawl(crawler, **spargs)
    process.start()
    return finish(crawler, 1 if process.bootstrap_failed else 0)
