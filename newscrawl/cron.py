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
4. runs ``scrapy crawl`` (``newscrawl.demo.crawl_command``) in a subprocess
   with incremental mode on, writing ``DIR/<spider>/<stamp>.jsonl``,
   ``<stamp>.report.json`` and ``<stamp>.log`` (stamp: UTC start time);
5. judges the run's health from its stats and writes status, reason and exit
   code into the report and one line into the log and onto stdout/stderr.

Exit codes (README table): 0 healthy (also when nothing was new), 1 the crawl
process failed or was interrupted, 2 bad command line, 3 fetched nothing,
4 layout changed, 5 too many errors, 75 another run holds the lock.
"""

from __future__ import annotations

import argparse
import ctypes
import fcntl
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newscrawl.demo import PROJECT, crawl_command

EXIT_OK, EXIT_CRAWL_FAILED, EXIT_FETCHED_NOTHING, EXIT_LAYOUT, EXIT_ERRORS, EXIT_STORE_CORRUPT, EXIT_LOCKED = \
    0, 1, 3, 4, 5, 6, 75
STAMP = "%Y%m%dT%H%M%SZ"
LOG_FORMAT = "%Y-%m-%d %H:%M:%S"  # Scrapy's LOG_DATEFORMAT
NEWLINE = b"\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spider", help="spider name, e.g. islamtimes")
    parser.add_argument("--base-url", help="crawl this mirror instead of the live site (the spider's base_url)")
    parser.add_argument("--data-dir", type=Path, default=Path("data"),
                        help="run files, seen-store, JOBDIR and lock go under DIR/<spider>/ (default: data)")
    parser.add_argument("--full", action="store_true",
                        help="walk every listing page (known articles are still skipped)")
    parser.add_argument("--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy setting for this run, repeatable (e.g. DOWNLOAD_DELAY=0 for a local mirror)")


@dataclass
class RunPaths:
    """Every file of one spider's scheduled runs, under DIR/<spider>/."""

    root: Path
    stamp: str

    @property
    def out(self) -> Path:
        return self.root / f"{self.stamp}.jsonl"

    @property
    def report(self) -> Path:
        return self.root / f"{self.stamp}.report.json"

    @property
    def log(self) -> Path:
        return self.root / f"{self.stamp}.log"

    @property
    def lock(self) -> Path:
        return self.root / "cron.lock"

    @property
    def jobdir(self) -> Path:
        return self.root / "job"

    @property
    def store(self) -> Path:
        return self.root / "seen.sqlite3"


def main(args: argparse.Namespace) -> int:
    for setting in args.settings:
        if "=" not in setting:
            print(f"--set expects NAME=VALUE, got {setting!r}", file=sys.stderr)
            return 2
    started = datetime.now(timezone.utc)
    paths = RunPaths(args.data_dir.resolve() / args.spider, started.strftime(STAMP))
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
        lock_fd = acquire_lock(paths.lock, started)
    except OSError as error:  # a file where a directory should be, no permission, a full disk
        print(f"newscrawl cron: cannot use {paths.root}: {error.strerror or error}; exiting with "
              f"{EXIT_CRAWL_FAILED}", file=sys.stderr, flush=True)
        return EXIT_CRAWL_FAILED
    if lock_fd is None:
        return EXIT_LOCKED
    try:
        while any(p.exists() for p in (paths.out, paths.report, paths.log, paths.out.with_name(paths.out.name + ".part"))):
            time.sleep(0.25)  # a run in the same second as the last one: never overwrite its files
            started = datetime.now(timezone.utc)
            paths.stamp = started.strftime(STAMP)
        return run(args, paths, started, lock_fd)
    finally:
        os.ftruncate(lock_fd, 0)  # a clean exit leaves no holder text; after a crash the text names the dead run
        os.close(lock_fd)


def acquire_lock(path: Path, started: datetime) -> int | None:
    """Hold the spider's lock, or say who does and return None."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _read_holder(fd)
        os.close(fd)
        print(f"newscrawl cron: another run holds {path} (pid {holder.get('pid', '?')} since "
              f"{holder.get('since', '?')}); exiting with {EXIT_LOCKED}", file=sys.stderr, flush=True)
        return None
    previous = _read_holder(fd)
    if previous.get("pid"):
        # flock is released when its holder dies: the text left behind is history, not a lock
        print(f"newscrawl cron: taking over {path} from pid {previous['pid']} (since {previous.get('since')}), "
              "which is no longer running", file=sys.stderr, flush=True)
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": started.isoformat(timespec="seconds")}).encode(), 0)
    os.fsync(fd)
    return fd


def _read_holder(fd: int) -> dict[str, Any]:
    try:
        return json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (ValueError, OSError):
        return {}


def run(args: argparse.Namespace, paths: RunPaths, started: datetime, lock_fd: int) -> int:
    recovered = recover_parts(paths.root)
    resumed, full = prepare_jobdir(paths.jobdir)
    extra = ["NEWSCRAWL_INCREMENTAL_ENABLED=True", f"NEWSCRAWL_SEEN_STORE_PATH={paths.store}",
             f"JOBDIR={paths.jobdir}"]
    if args.full or full:
        extra.append("NEWSCRAWL_INCREMENTAL_STALE_PAGES=0")
    extra += args.settings  # last: the operator's --set wins
    command = crawl_command(args.spider, args.base_url, paths.out, paths.report, paths.log, tuple(extra))
    # Own session: a Ctrl-C or a signal to the runner's group reaches the crawl once, forwarded below
    # (twice would make Scrapy shut down uncleanly); dies with the runner, so no orphan crawl.
    child = subprocess.Popen(command, cwd=PROJECT, pass_fds=(lock_fd,), start_new_session=True,
                             preexec_fn=_die_with(os.getpid()))
    forward = {sig: signal.signal(sig, lambda signum, frame: child.send_signal(signum))
               for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        crawl_status = child.wait()
    finally:
        for sig, handler in forward.items():
            signal.signal(sig, handler)
    ended = datetime.now(timezone.utc)

    crawl = _load_json(paths.report, {})
    stats = crawl.get("stats", {})
    status, reason, code = judge(stats, crawl_status, settings_for(args.settings))
    if stats.get("finish_reason") == "finished" and paths.jobdir.exists():
        shutil.rmtree(paths.jobdir)  # done: its requests.seen must not filter the next run's listing pages
    summary = crawl.get("summary", {})
    crawl["run"] = {
        "spider": args.spider,
        "start": started.isoformat(timespec="seconds"),
        "end": ended.isoformat(timespec="seconds"),
        "status": status,
        "reason": reason,
        "exit_code": code,
        "pages_fetched": summary.get("pages_fetched", 0),
        "records_written": summary.get("articles_written", 0),
        "dropped": summary.get("dropped", {}),
        "duplicates": summary.get("duplicates", {}),
        "errors": summary.get("errors", {}),
        "skipped_known": stats.get("newscrawl/seen/skipped", 0),
        "resumed_jobdir": resumed,
        "full_walk": bool(args.full or full),
        "recovered_files": [str(p) for p in recovered],
        "crawl_exit_status": crawl_status,
        "output": str(paths.out),
        "log": str(paths.log),
    }
    line = (f"{args.spider} run {paths.stamp}: {status}: {reason} "
            f"(records {crawl['run']['records_written']}, pages {crawl['run']['pages_fetched']}, exit {code})")
    try:
        _write_json(paths.report, crawl)
        _log(paths.log, logging.INFO if code == EXIT_OK else logging.ERROR, line)
    except OSError as error:  # a full disk must not hide the verdict: stderr still gets it
        code = code or EXIT_CRAWL_FAILED
        line = f"{line}; and the run report could not be written: {error.strerror or error} (exit {code})"
    print(line, file=sys.stdout if code == EXIT_OK else sys.stderr, flush=True)
    return code


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


def settings_for(overrides: list[str]) -> Any:
    """The project's settings with the run's --set overrides: the thresholds the crawl saw."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    for override in overrides:
        name, _, value = override.partition("=")
        settings.set(name, value, priority="cmdline")
    return settings


def judge(stats: dict[str, Any], crawl_status: int, settings: Any) -> tuple[str, str, int]:
    """(status, one-line reason, exit code) from the crawl's stats; first failing rule wins.

    >>> from scrapy.settings import Settings
    >>> s = Settings({"NEWSCRAWL_HEALTH_MAX_LAYOUT_FAILURE_RATIO": 0.5, "NEWSCRAWL_HEALTH_MIN_ARTICLE_PAGES": 3,
    ...               "NEWSCRAWL_HEALTH_MAX_ERROR_RATIO": 0.5})
    >>> ok = {"finish_reason": "finished", "response_received_count": 4, "downloader/response_status_count/200": 4}
    >>> judge({**ok, "downloader/response_status_count/200": 1, "robotstxt/response_status_count/200": 1}, 0, s)[2]
    3
    >>> judge({**ok, "newscrawl/validated": 1, "newscrawl/dropped/no_headline": 4}, 0, s)[1]
    'layout changed: 4 of 5 article pages had no headline or no body (limit 50%)'
    >>> judge({**ok, "newscrawl/errors/http_500": 3}, 0, s)[2]
    5
    >>> judge({**ok, "newscrawl/seen/store_recreated": 1}, 0, s)[2]
    6
    >>> judge(ok, 0, s)
    ('ok', 'healthy', 0)
    """
    if not stats:
        return "failed", f"the crawl process exited with status {crawl_status} and wrote no report", EXIT_CRAWL_FAILED
    finish = stats.get("finish_reason")
    if finish != "finished":
        return ("interrupted", f"the crawl stopped early ({finish}); the next run resumes its pending requests",
                EXIT_CRAWL_FAILED)
    fetched = stats.get("response_received_count", 0) - stats.get("robotstxt/response_count", 0)
    answered = _count_2xx(stats, "downloader/response_status_count/") - _count_2xx(stats, "robotstxt/response_status_count/")
    if answered <= 0:  # down, blocked, a wrong base URL, or 404 everywhere: nothing a crawl can use
        return "unhealthy", "fetched nothing: no page answered (site down, blocked, or wrong base URL)", \
            EXIT_FETCHED_NOTHING
    broken = stats.get("newscrawl/dropped/no_headline", 0) + stats.get("newscrawl/dropped/no_body", 0)
    parsed = stats.get("newscrawl/validated", 0) + broken
    max_layout = settings.getfloat("NEWSCRAWL_HEALTH_MAX_LAYOUT_FAILURE_RATIO")
    if parsed >= settings.getint("NEWSCRAWL_HEALTH_MIN_ARTICLE_PAGES") and broken / parsed > max_layout:
        return ("unhealthy", f"layout changed: {broken} of {parsed} article pages had no headline or no body "
                f"(limit {max_layout:.0%})", EXIT_LAYOUT)
    errors = sum(value for key, value in stats.items() if key.startswith("newscrawl/errors/"))
    max_errors = settings.getfloat("NEWSCRAWL_HEALTH_MAX_ERROR_RATIO")
    if errors / fetched > max_errors:
        return ("unhealthy", f"too many errors: {errors} failed requests for {fetched} pages fetched "
                f"(limit {max_errors:.0%})", EXIT_ERRORS)
    if stats.get("newscrawl/seen/store_recreated"):
        # The run itself went through (on an empty store, so everything was new again);
        # an operator must still hear that months of state were unreadable.
        return ("unhealthy", "seen-store was corrupt: moved aside as seen.sqlite3.corrupt-*, recreated empty; "
                "this run re-fetched articles the old store knew", EXIT_STORE_CORRUPT)
    if crawl_status != 0:
        return "failed", f"the crawl process exited with status {crawl_status}", EXIT_CRAWL_FAILED
    return "ok", "healthy", EXIT_OK


def _count_2xx(stats: dict[str, Any], prefix: str) -> int:
    return sum(value for key, value in stats.items() if key.startswith(prefix) and key[len(prefix):].startswith("2"))


def recover_parts(root: Path) -> list[Path]:
    """Killed runs' ``.jsonl.part`` files -> ``.jsonl``, cut to their last complete line."""
    recovered = []
    for part in sorted(root.glob("*.jsonl.part")):
        target = part.with_name(part.name[: -len(".part")])
        if target.exists():  # never overwrite: keep both
            target = target.with_name(target.stem + ".recovered.jsonl")
        data = part.read_bytes()
        complete = data[: data.rfind(b"\n") + 1]  # a half-written line was never marked seen: refetched
        if len(complete) != len(data):
            with part.open("r+b") as handle:
                handle.truncate(len(complete))
                os.fsync(handle.fileno())
        os.replace(part, target)
        report = target.with_name(target.name[: -len(".jsonl")] + ".report.json")
        if not report.exists():
            _write_json(report, {"run": {"status": "killed", "reason": "the run was killed before it finished; "
                                         "its records were recovered by the next run",
                                         "records_written": complete.count(NEWLINE), "output": str(target)}})
        print(f"newscrawl cron: recovered {complete.count(NEWLINE)} records of a killed run into {target}",
              file=sys.stderr, flush=True)
        recovered.append(target)
    return recovered


def prepare_jobdir(jobdir: Path) -> tuple[bool, bool]:
    """(resume?, walk everything?) for this run, given what the last run left in JOBDIR."""
    if not jobdir.exists():
        return False, False
    if _has_pending(jobdir):
        return True, False
    # Killed with -9 (no queue state written) or finished but not cleaned up: start afresh,
    # walking every listing page so nothing the dead run never reached is skipped.
    shutil.rmtree(jobdir)
    return False, True


def _has_pending(jobdir: Path) -> bool:
    """Scrapy writes requests.queue/active.json only on a graceful close: the priorities with pending requests."""
    state = _load_json(jobdir / "requests.queue" / "active.json", default=None)
    if isinstance(state, dict):
        return any(state.values())
    return bool(state)


def _load_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def _log(log: Path, level: int, message: str) -> None:
    """One line appended to the run's log in Scrapy's format."""
    stamp = datetime.now(timezone.utc).astimezone().strftime(LOG_FORMAT)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"{stamp} [newscrawl.cron] {logging.getLevelName(level)}: {message}\n")
