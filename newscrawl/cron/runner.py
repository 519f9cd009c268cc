"""One run: recover, resume or discard the JOBDIR, crawl in a child process, judge, report."""

from __future__ import annotations

import argparse
import ctypes
import logging
import os
import shutil
import signal
import subprocess
import sys
from datetime import datetime, timezone
from typing import Any

from newscrawl.cron import budget, coverage
from newscrawl.core.jsonfile import load_json, write_json
from newscrawl.cron.damage import Damage
from newscrawl.cron.files import RunPaths, append_log, discovery_since
from newscrawl.cron.health import settings_for
from newscrawl.rules.health import judge
from newscrawl.cron.recovery import has_pending, prepare_jobdir, recover_parts
from newscrawl.cron.retention import prune
from newscrawl.cron.launch import PROJECT, crawl_command, crawl_env
from newscrawl.rules.exitcodes import EXIT_CRAWL_FAILED, EXIT_OK


def run(args: argparse.Namespace, paths: RunPaths, started: datetime, lock_fd: int, damage: Damage) -> int:
    """Recover, crawl, judge, record, tidy: one scheduled run; returns its exit code.

    *damage* collects the state files found damaged on the way (the lock's already): exit 6 when
    nothing worse happened.
    """
    recovered = recover_parts(paths.root)
    # With Redis the frontier (and its resumption after a kill) lives there, not in a JOBDIR.
    shared = bool(settings_for(args.settings).get("NEWSCRAWL_REDIS_URL"))
    resumed, full = (False, False) if shared else prepare_jobdir(paths.jobdir, damage)
    extra = _crawl_settings(args, paths, shared, full, damage)
    command = crawl_command(
        args.spider, args.base_url, paths.out, paths.report, paths.log, tuple(extra), getattr(args, "start_paths", None)
    )
    crawl_status = _crawl(command, lock_fd, getattr(args, "config_path", None))
    ended = datetime.now(timezone.utc)

    crawl = load_json(paths.report, {})
    stats = crawl.get("stats", {})
    settings = settings_for(args.settings)
    history = coverage.load_history(paths.coverage, damage)
    now, was = coverage.run_coverage(stats), coverage.before(history)
    judged = now is not None and stats.get("newscrawl/coverage/records", 0) >= settings.getint(
        "NEWSCRAWL_HEALTH_MIN_ARTICLE_PAGES"
    )
    fallen = _fallen_field(now, was, settings) if judged and now is not None else None
    _prune(args, paths, damage)  # before the verdict: a damaged ledger is part of it
    status, reason, code = judge(stats, crawl_status, settings, fallen_field=fallen, damaged=tuple(damage.lines))
    run_budget = budget.note(stats) if stats else None
    if run_budget is not None and code == EXIT_OK:
        reason = f"{reason}; {budget.describe(run_budget)}"
    _tidy_jobdir(paths, stats)
    summary = crawl.get("summary", {})
    if paths.out.exists() and paths.out.stat().st_size == 0:
        paths.out.unlink()  # nothing new: no empty run file (the report and log still tell the run)
    crawl["run"] = {
        "spider": args.spider,
        "start": started.isoformat(timespec="seconds"),
        "end": ended.isoformat(timespec="seconds"),
        "status": status,
        "reason": reason,
        "exit_code": code,
        "pages_fetched": summary.get("pages_fetched", 0),
        "records_written": summary["articles_written"] if "articles_written" in summary else _lines_on_disk(paths),
        "dropped": summary.get("dropped", {}),
        "duplicates": summary.get("duplicates", {}),
        "errors": summary.get("errors", {}),
        "skipped_known": stats.get("newscrawl/seen/skipped", 0),
        "resumed_jobdir": resumed,
        "full_walk": bool(args.full or full),
        "budget": run_budget,
        "recovered_files": [str(p) for p in recovered],
        "crawl_exit_status": crawl_status,
        "coverage": coverage.coverage_table(now, was),
        "output": str(paths.out) if paths.out.exists() else None,
        "log": str(paths.log),
    }
    history = _with_this_run(history, paths, stats, now if judged else None)
    return _record(args, paths, crawl, code, history, settings)


def _crawl_settings(args: argparse.Namespace, paths: RunPaths, shared: bool, full: bool, damage: Damage) -> list[str]:
    """The ``--set`` values of the run's crawl: the state files, resumption, cuts, budgets, the operator's last."""
    extra = [
        "NEWSCRAWL_INCREMENTAL_ENABLED=True",
        f"NEWSCRAWL_SEEN_STORE_PATH={paths.store}",
        f"NEWSCRAWL_FURNITURE_PATH={paths.furniture}",
        f"NEWSCRAWL_HEALTH_DROPPED_PATH={paths.dropped}",
    ]
    if not shared:
        extra.append(f"JOBDIR={paths.jobdir}")
    if args.full or full:
        extra.append("NEWSCRAWL_INCREMENTAL_STALE_PAGES=0")
    elif since := discovery_since(
        paths.root, damage=damage
    ):  # sitemaps and feeds: only entries dated since the last good run
        extra.append(f"NEWSCRAWL_DISCOVERY_SINCE={since}")
    if getattr(args, "warc_dir", None):
        extra.append(f"NEWSCRAWL_WARC_DIR={args.warc_dir.resolve()}")
    extra += budget.settings(args, paths.root)
    extra += args.settings  # last: the operator's --set wins
    return extra


def _crawl(command: list[str], lock_fd: int, config_path: Any) -> int:
    """Run the crawl in a child process; its exit status."""
    # Own session: a Ctrl-C or a signal to the runner's group reaches the crawl once, forwarded below
    # (twice would make Scrapy shut down uncleanly); dies with the runner, so no orphan crawl.
    child = subprocess.Popen(
        command,
        cwd=PROJECT,
        env=crawl_env(config_path),
        pass_fds=(lock_fd,),
        start_new_session=True,
        preexec_fn=_die_with(os.getpid()),
    )
    forward = {
        sig: signal.signal(sig, lambda signum, frame: child.send_signal(signum))
        for sig in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        return child.wait()
    finally:
        for sig, handler in forward.items():
            signal.signal(sig, handler)


def _fallen_field(now: dict[str, float], was: dict[str, float], settings: Any) -> str | None:
    return coverage.fallen_field(
        now,
        was,
        settings.getfloat("NEWSCRAWL_HEALTH_COVERAGE_WAS"),
        settings.getfloat("NEWSCRAWL_HEALTH_COVERAGE_NOW"),
    )


def _with_this_run(
    history: list[Any], paths: RunPaths, stats: dict[str, Any], now: dict[str, float] | None
) -> list[Any]:
    """The coverage history to save with this run added; empty (nothing to save) for a run not judged."""
    if now is None:  # too few records say nothing about the site's habits
        return []
    entry = {
        "run": paths.stamp,
        "records": stats.get("newscrawl/coverage/records", 0),
        "coverage": {field: round(share, 4) for field, share in now.items()},
    }
    return [*history, entry]


def _tidy_jobdir(paths: RunPaths, stats: dict[str, Any]) -> None:
    """Remove the JOBDIR of a crawl that is done; keep it for resuming one that is not."""
    ended_by_budget = stats.get("finish_reason") in budget.BUDGET_REASONS
    if paths.jobdir.exists() and (
        stats.get("finish_reason") == "finished" or (ended_by_budget and not has_pending(paths.jobdir))
    ):
        shutil.rmtree(paths.jobdir)  # done: its requests.seen must not filter the next run's listing pages
    elif stats.get("newscrawl/errors/disk_full") and paths.jobdir.exists():
        # Pages parsed but not written are in requests.seen: a resumed run would never fetch them again.
        # Discarded as after a kill -9: the next run walks every listing page, the seen-store skips what was written.
        shutil.rmtree(paths.jobdir, ignore_errors=True)


def _record(
    args: argparse.Namespace, paths: RunPaths, crawl: dict[str, Any], code: int, history: list[Any], settings: Any
) -> int:
    """Save the coverage history and the run report, log and print the verdict line; the final exit code."""
    run = crawl["run"]
    line = (
        f"{args.spider} run {paths.stamp}: {run['status']}: {run['reason']} "
        f"(records {run['records_written']}, pages {run['pages_fetched']}, exit {code})"
    )
    try:
        if history:
            coverage.save_history(paths.coverage, history, settings.getint("NEWSCRAWL_HEALTH_COVERAGE_RUNS"))
        write_json(paths.report, crawl)
        append_log(paths.log, logging.INFO if code == EXIT_OK else logging.ERROR, line)
    except OSError as error:  # a full disk must not hide the verdict: stderr still gets it
        code = code or EXIT_CRAWL_FAILED
        line = f"{line}; and the run report could not be written: {error.strerror or error} (exit {code})"
    print(line, file=sys.stdout if code == EXIT_OK else sys.stderr, flush=True)
    return code


def _prune(args: argparse.Namespace, paths: RunPaths, damage: Damage) -> None:
    """Retention: old run files go (never unexported records); never turns the verdict into a traceback."""
    try:
        removed, unexported = prune(paths.root, args.keep_runs, args.keep_days, current=paths.stamp, damage=damage)
    except OSError as error:
        print(f"{args.spider}: could not remove old run files: {error.strerror or error}", file=sys.stderr)
        return
    if removed or unexported:
        print(
            f"{args.spider}: removed {len(removed)} files of old runs"
            + (f"; kept {len(unexported)} old runs whose records no export has read yet" if unexported else ""),
            file=sys.stderr,
            flush=True,
        )


def _lines_on_disk(paths: RunPaths) -> int:
    """Records the crawl wrote when it could not say so itself (no report: a full disk, a crash)."""
    count = 0
    for path in (paths.out, paths.out.with_name(paths.out.name + ".part")):
        try:
            with path.open("rb") as stream:
                count += sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
        except OSError:
            continue
    return count


def _die_with(parent: int) -> Any:
    """A preexec_fn: on Linux the crawl gets SIGKILL when the runner dies (prctl PR_SET_PDEATHSIG)."""

    def arm() -> None:
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # not Linux: the inherited lock still prevents overlap
            return
        if os.getppid() != parent:  # the runner died before the prctl took effect
            os._exit(1)

    return arm
