"""Every failure one line, with the exit code of docs/exit-codes.md; nothing empty left behind."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from newscrawl.rules.exitcodes import EXIT_CRAWL_FAILED, EXIT_FETCHED_NOTHING, EXIT_USAGE
from tests.cli.test_cli import FAST_SET, free_port, newscrawl, outside_env

#: a directory nobody may create files in, root included (sysfs)
READ_ONLY = "/sys"


def test_unwritable_output_is_one_line_exit_2(tmp_path, mirror):
    done = newscrawl("crawl", "islamtimes", "--base-url", mirror.base_url, "-o", f"{READ_ONLY}/x.jsonl",
                     *FAST_SET, cwd=tmp_path, timeout=120)
    assert done.returncode == EXIT_USAGE
    assert done.stderr.strip() == f"newscrawl crawl: cannot write {READ_ONLY}/x.jsonl: Permission denied"
    assert mirror.requests == []  # refused before the crawl started


def test_a_run_that_fetched_nothing_leaves_no_empty_file(tmp_path):
    done = newscrawl("crawl", "islamtimes", "--base-url", f"http://127.0.0.1:{free_port()}", "-o", "a.jsonl",
                     "--set", "RETRY_TIMES=0", *FAST_SET, cwd=tmp_path)
    assert done.returncode == EXIT_FETCHED_NOTHING, done.stderr[-2000:]
    assert not (tmp_path / "a.jsonl").exists() and not (tmp_path / "a.jsonl.part").exists()
    assert "articles written : 0  -> (no file written)" in done.stderr


def test_ctrl_c_keeps_what_was_written_and_says_a_new_crawl_starts_over(tmp_path, mirror):
    crawl = subprocess.Popen(
        [sys.executable, "-m", "newscrawl", "crawl", "islamtimes", "--base-url", mirror.base_url, "-o", "a.jsonl",
         "--set", "DOWNLOAD_DELAY=0.3", "--set", "AUTOTHROTTLE_ENABLED=False"],
        cwd=tmp_path, env=outside_env(), stderr=subprocess.PIPE, text=True,
    )
    part = tmp_path / "a.jsonl.part"
    deadline = time.monotonic() + 120
    while not (part.exists() and part.read_text(encoding="utf-8").count("\n") >= 2):
        assert time.monotonic() < deadline and crawl.poll() is None, "no article written in time"
        time.sleep(0.1)
    crawl.send_signal(signal.SIGINT)
    _, err = crawl.communicate(timeout=120)
    assert crawl.returncode == EXIT_CRAWL_FAILED, err[-2000:]
    written = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(written) >= 2
    verdict = err.strip().splitlines()[-1]
    assert f"the {len(written)} articles written are kept" in verdict
    assert "only newscrawl cron resumes" in verdict and "resumes its pending requests" not in verdict
