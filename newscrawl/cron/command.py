"""``python -m newscrawl cron SPIDER``: one scheduled run, incremental, locked, resumable.

Meant to be called from cron every hour or so for months. One run:

1. takes ``DIR/<spider>/cron.lock`` with ``fcntl.flock`` (the kernel drops it
   when the process dies, so a kill -9 never leaves a lock that is obeyed; the
   file's text, pid and start time, only names the holder). The lock is
   inherited by the scrapy child, so it is held while *either* process lives,
   and on Linux the child is killed with the runner (PR_SET_PDEATHSIG): a
   runner killed alone leaves no orphan crawl and no overlap.
   Busy: one line naming the holder, exit 75 (EX_TEMPFAIL) at once;
2. recovers what a killed run left: ``<stamp>.jsonl.part`` is cut back to its
   last complete line and renamed ``<stamp>.jsonl`` (those records are on disk,
   and the dataset export reads ``*.jsonl``), with a report saying so;
3. resumes or discards ``DIR/<spider>/job`` (Scrapy's JOBDIR): a run stopped
   gracefully (SIGTERM/SIGINT, forwarded to the crawl) left its pending
   requests there and the next run continues them. A run killed with -9 cannot
   leave a consistent Scrapy queue, so its JOBDIR is discarded and the next
   run walks *every* listing page (as ``--full``) while the seen-store still
   skips every article already written: nothing is lost, only listing pages
   are fetched again. After a clean finish the JOBDIR is removed, since its
   ``requests.seen`` would otherwise filter the listing pages of later runs;
4. runs ``scrapy crawl`` (``newscrawl.cron.launch.crawl_command``) in a subprocess
   with incremental mode on, writing ``DIR/<spider>/<stamp>.jsonl``,
   ``<stamp>.report.json`` and ``<stamp>.log`` (stamp: UTC start time);
5. judges the run's health from its stats and writes status, reason and exit
   code into the report and one line into the log and onto stdout/stderr.

Exit codes (newscrawl/rules/exitcodes.py, one table in the docs): 0 healthy (also when nothing was new), 1 the crawl
process failed or was interrupted, 2 bad command line, 3 fetched nothing,
4 layout changed, 5 too many errors, 6 a state file was damaged (the seen-store, the lock, a run
report, ...: named on one line each, newscrawl/cron/damage.py), 7 archiving failed, 75 another run
holds the lock.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from newscrawl.cli.crawl import add_run_arguments
from newscrawl.cli.userconfig import from_args, require_contact
from newscrawl.config import ConfigError, check_settings, check_spider_args, spider_class
from newscrawl.cron import budget
from newscrawl.cron.damage import Damage
from newscrawl.cron.files import STAMP, RunPaths
from newscrawl.cron.health import settings_for
from newscrawl.cron.journal import journal
from newscrawl.cron.lock import acquire_lock, acquire_redis_lock
from newscrawl.cron.runner import run
from newscrawl.status.command import refresh as refresh_status_page
from newscrawl.distributed import REDIS_DOWN
from newscrawl.rules.exitcodes import (
    EXIT_CRAWL_FAILED,
    EXIT_LOCKED,
    EXIT_USAGE,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spider", help="spider name, e.g. islamtimes")
    parser.add_argument("--base-url", help="crawl this mirror instead of the live site (the spider's base_url)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="run files, seen-store, JOBDIR and lock go under DIR/<spider>/ (default: the configuration's "
        "data_dir, else data)",
    )
    parser.add_argument(
        "--full", action="store_true", help="walk every listing page (known articles are still skipped)"
    )
    parser.add_argument(
        "--keep-runs",
        type=int,
        metavar="N",
        help="after the run, remove the files of runs older than the newest N (exported records only)",
    )
    parser.add_argument(
        "--keep-days",
        type=int,
        metavar="N",
        help="after the run, remove the files of runs older than N days (exported records only)",
    )
    parser.add_argument(
        "--log-file",
        type=Path,
        metavar="FILE",
        help="also append every line the run prints to FILE, rotated at 10 MB (FILE.1 ... FILE.5); "
        "instead of >> cron.log in a crontab",
    )
    budget.add_arguments(parser)
    add_run_arguments(parser)


def check_arguments(args: argparse.Namespace) -> None:
    """Every configuration mistake, before anything is created on disk (ConfigError: exit 2).

    The user's configuration fills what the command line left out: data dir, WARC dir, retention,
    and settings (politeness, the contact's user agent) that the run's --set still overrides.
    """
    spidercls = spider_class(args.spider)  # a known name: never a path like ../x
    user_settings = check_settings(args.settings)
    config = from_args(
        args,
        data_dir=args.data_dir,
        warc_dir=args.warc_dir,
        **{"retention.keep_runs": args.keep_runs, "retention.keep_days": args.keep_days},
    )
    spargs = {"base_url": args.base_url, "start_paths": config.sections(args.spider)}
    check_spider_args(spidercls, {name: value for name, value in spargs.items() if value is not None})
    args.data_dir, args.warc_dir = config.get("data_dir"), config.get("warc_dir")
    args.keep_runs, args.keep_days = config.get("retention.keep_runs"), config.get("retention.keep_days")
    args.settings = config.setting_pairs(args.spider) + args.settings
    args.start_paths = config.sections(args.spider)
    args.config_path = config.path
    for option, value in (("--keep-runs", args.keep_runs), ("--keep-days", args.keep_days)):
        if value is not None and value < 1:
            raise ConfigError(f"{option} must be 1 or more, got {value}")
    for problem in budget.problems(args):
        raise ConfigError(problem)
    require_contact(config, args.base_url or getattr(spidercls, "default_base_url", ""), "USER_AGENT" in user_settings)


def main(args: argparse.Namespace) -> int:
    with contextlib.ExitStack() as stack:
        if getattr(args, "log_file", None) is not None:
            try:
                stack.enter_context(journal(args.log_file))
            except OSError as error:  # the log's directory cannot be made or written
                print(
                    f"newscrawl cron: cannot write --log-file {args.log_file}: {error.strerror or error}",
                    file=sys.stderr,
                )
                return EXIT_CRAWL_FAILED
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    try:
        check_arguments(args)
    except ConfigError as error:
        print(f"newscrawl cron: {error}", file=sys.stderr)
        return EXIT_USAGE
    started = datetime.now(timezone.utc)
    paths = RunPaths(args.data_dir.resolve() / args.spider, started.strftime(STAMP))
    damage = Damage()
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
        lock_fd = acquire_lock(paths.lock, started, damage)
    except OSError as error:  # a file where a directory should be, no permission, a full disk
        print(
            f"newscrawl cron: cannot use {paths.root}: {error.strerror or error}; exiting with {EXIT_CRAWL_FAILED}",
            file=sys.stderr,
            flush=True,
        )
        return EXIT_CRAWL_FAILED
    if lock_fd is None:
        return EXIT_LOCKED
    redis_lock = None
    try:
        settings = settings_for(args.settings)
        if settings.get("NEWSCRAWL_REDIS_URL"):
            try:
                redis_lock = acquire_redis_lock(settings, args.spider, started)
            except REDIS_DOWN as error:
                print(
                    f"newscrawl cron: cannot reach Redis at {settings.get('NEWSCRAWL_REDIS_URL')}: {error}; "
                    f"exiting with {EXIT_CRAWL_FAILED}",
                    file=sys.stderr,
                    flush=True,
                )
                return EXIT_CRAWL_FAILED
            if redis_lock is None:
                return EXIT_LOCKED
        while any(
            p.exists() for p in (paths.out, paths.report, paths.log, paths.out.with_name(paths.out.name + ".part"))
        ):
            time.sleep(0.25)  # a run in the same second as the last one: never overwrite its files
            started = datetime.now(timezone.utc)
            paths.stamp = started.strftime(STAMP)
        return run(args, paths, started, lock_fd, damage)
    finally:
        if redis_lock is not None:
            redis_lock.release()
        os.ftruncate(lock_fd, 0)  # a clean exit leaves no holder text; after a crash the text names the dead run
        os.close(lock_fd)
        refresh_status_page(args.data_dir)  # DATA_DIR/status.html, every site; a failure is one warning line
