"""Scheduled runs end to end: real ``python -m newscrawl cron`` subprocesses against the served mirror."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path


from newscrawl.rules.exitcodes import EXIT_LAYOUT, EXIT_LOCKED
from devtools.mirror.server import DEFAULT_ROOT, serving
from tests.conftest import FAST, PROJECT

ARTICLE_PATH = re.compile(r"^/ur/(?:doc/)?(?:news|article)/(\d+)(?:/|$)")
NEW_ID = "1299100"
SLOW = ("AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0.3")


def cron(data: Path, base_url: str, *args: str, settings: tuple[str, ...] = FAST,
         timeout: float = 300, wait: bool = True):
    command = [sys.executable, "-m", "newscrawl", "cron", "islamtimes", "--base-url", base_url,
               "--data-dir", str(data), *args]
    for setting in settings:
        command += ["--set", setting]
    if not wait:  # its own process group, so a test can kill the runner and its crawl together
        return subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=timeout)


def runs(data: Path) -> list[tuple[Path, list[dict], dict]]:
    """Every run of the spider: (jsonl file, its records, its report), oldest first.

    A run that wrote nothing leaves no .jsonl (no empty run files), only its report."""
    found = []
    stems = {p.name.split(".")[0] for p in (data / "islamtimes").glob("*.report.json")}
    stems |= {p.name[: -len(".jsonl")] for p in (data / "islamtimes").glob("*.jsonl")}
    for stem in sorted(stems):
        path = data / "islamtimes" / f"{stem}.jsonl"
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] \
            if path.exists() else []
        report_path = path.with_name(f"{stem}.report.json")
        report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
        found.append((path, records, report))
    return found


def expected_ids(expected: dict) -> tuple[set[str], set[str]]:
    """(ids every full crawl exports, the syndicated pair of which exactly one is exported)."""
    pair = set(expected["cases"]["syndicated"]["article_ids"])
    return {a["article_id"] for a in expected["articles"]} - pair, pair


def site_copy(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(DEFAULT_ROOT, site)
    return site


def article_routes(site: Path) -> dict[str, dict]:
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    return {path: route for path, route in manifest["routes"].items()
            if ARTICLE_PATH.match(path) and route["status"] == 200 and "html" in route["content_type"]}


def add_article(site: Path, expected: dict, new_id: str = NEW_ID) -> str:
    """A new article in the copied mirror: a route, a page (new id, new headline), a link on the home page."""
    manifest_path = site / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    model = next(a for a in expected["articles"] if a["path"] in manifest["routes"]
                 and "utf-8" in manifest["routes"][a["path"]]["content_type"] and a["path"].startswith("/ur/news/"))
    old_id = model["article_id"]
    html = (site / manifest["routes"][model["path"]]["file"]).read_text(encoding="utf-8")
    html = html.replace(old_id, new_id).replace(model["headline"], "تازہ خبر: " + model["headline"])
    (site / "files" / f"new-{new_id}.html").write_text(html, encoding="utf-8")
    path = model["path"].replace(old_id, new_id)
    manifest["routes"][path] = {"file": f"files/new-{new_id}.html", "status": 200,
                                "content_type": "text/html; charset=utf-8"}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    home = site / manifest["routes"]["/ur/"]["file"]
    page = home.read_text(encoding="utf-8")
    home.write_text(page.replace("<body>", f'<body><a href="{path}">تازہ خبر</a>', 1)
                    if "<body>" in page else page.replace("</h1>", f'</h1><a href="{path}">تازہ خبر</a>', 1),
                    encoding="utf-8")
    return new_id


def break_headlines(site: Path) -> None:
    """Every article page loses its headline: no h1, og:title, <title>, JSON-LD headline or headline class."""

    def strip_classes(match: re.Match) -> bytes:
        kept = [c for c in match.group(1).split() if b"headline" not in c and c != b"titr"]
        return b'class="' + b" ".join(kept) + b'"'

    for route in article_routes(site).values():
        path = site / route["file"]
        html = path.read_bytes()
        html = re.sub(rb"<h1[^>]*>.*?</h1>", b"", html, flags=re.S | re.I)
        html = re.sub(rb"<title>.*?</title>", b"", html, flags=re.S | re.I)
        html = re.sub(rb"<meta[^>]*(?:og|twitter):title[^>]*>", b"", html, flags=re.I)
        html = re.sub(rb'"headline"\s*:\s*"(?:[^"\\]|\\.)*"', b'"removed": ""', html)
        html = re.sub(rb'class="([^"]*)"', strip_classes, html)
        path.write_bytes(html)


def wait_for(condition, timeout: float = 120, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def lines_in_part(data: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in (data / "islamtimes").glob("*.jsonl.part"))


def test_three_runs_first_everything_then_nothing_then_only_the_new_article(tmp_path, expected):
    site, data = site_copy(tmp_path), tmp_path / "data"
    every, pair = expected_ids(expected)
    with serving(site) as server:
        first = cron(data, server.base_url)
        assert first.returncode == 0, first.stderr
        second = cron(data, server.base_url)
        assert second.returncode == 0, second.stderr
    new_id = add_article(site, expected)
    with serving(site) as server:  # the mirror reloads its manifest
        third = cron(data, server.base_url)
        assert third.returncode == 0, third.stderr

    (_, one, report_one), (two_path, two, report_two), (_, three, report_three) = runs(data)
    assert not two_path.exists() and report_two["run"]["output"] is None  # nothing new: no empty run file
    ids = [r["article_id"] for r in one]
    assert len(ids) == len(set(ids)) and set(ids) - pair == every and len(set(ids) & pair) == 1
    assert two == []
    assert [r["article_id"] for r in three] == [new_id]
    for report, count in ((report_one, len(one)), (report_two, 0), (report_three, 1)):
        run = report["run"]
        assert (run["status"], run["exit_code"], run["records_written"]) == ("ok", 0, count)
        assert run["pages_fetched"] > 0 and {"start", "end", "dropped", "duplicates", "errors"} <= set(run)
    assert report_two["run"]["skipped_known"] > 0
    assert report_two["stats"]["newscrawl/crawler/incremental/pagination_stopped"] > 0  # stale archive pages not walked
    assert report_two["run"]["pages_fetched"] < report_one["run"]["pages_fetched"] / 2
    log = Path(report_three["run"]["log"]).read_text(encoding="utf-8")
    assert "[scrapy.core.engine] INFO: Spider closed (finished)" in log and "[newscrawl.cron] INFO:" in log
    assert not (data / "islamtimes" / "job").exists()  # a clean finish leaves no JOBDIR behind


def test_plain_scrapy_crawl_stays_a_full_repeatable_crawl(tmp_path, expected, mirror):
    from tests.conftest import run_crawl

    data = tmp_path / "data"
    assert cron(data, mirror.base_url).returncode == 0  # a seen-store exists now; the plain crawl ignores it
    out = tmp_path / "plain.jsonl"
    result = run_crawl(mirror.base_url, out, "-O", str(out))
    assert result.returncode == 0 and len(result.records) == len(expected["articles"])


def test_a_second_run_is_refused_while_the_first_holds_the_lock(tmp_path, mirror):
    data = tmp_path / "data"
    first = cron(data, mirror.base_url, settings=SLOW, wait=False)
    try:
        lock = data / "islamtimes" / "cron.lock"
        wait_for(lambda: lock.exists() and b"pid" in lock.read_bytes(), what="the first run's lock")
        started = time.monotonic()
        second = cron(data, mirror.base_url, timeout=60)
        assert second.returncode == EXIT_LOCKED
        assert f"pid {first.pid} since" in second.stderr
        assert time.monotonic() - started < 30  # at once, not after waiting for the lock
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    stamps = {path.name.split(".")[0] for path in (data / "islamtimes").glob("2*")}
    assert len(stamps) <= 1  # only the first run's files: the refused run wrote none


def test_a_run_killed_with_sigkill_loses_nothing(tmp_path, mirror, expected):
    data = tmp_path / "data"
    every, pair = expected_ids(expected)
    killed = cron(data, mirror.base_url, settings=SLOW, wait=False)
    try:
        wait_for(lambda: lines_in_part(data) >= 5, what="the first records on disk")
    finally:
        os.killpg(killed.pid, signal.SIGKILL)  # the runner and its crawl, as a crash or the OOM killer would
        killed.wait()
    assert killed.returncode == -signal.SIGKILL
    assert (data / "islamtimes" / "job").exists()

    after = cron(data, mirror.base_url)
    assert after.returncode == 0, after.stderr
    assert "taking over" in after.stderr and "recovered" in after.stderr
    files = runs(data)
    assert len(files) == 2 and not list((data / "islamtimes").glob("*.part"))
    (_, killed_records, killed_report), (_, records, report) = files
    assert killed_report["run"]["status"] == "killed" and len(killed_records) >= 5
    assert report["run"]["full_walk"] is True  # a -9 leaves no resumable queue: every listing page is walked
    ids = {r["article_id"] for r in killed_records + records}
    assert every <= ids and ids & pair  # every article at least once across the run files


def test_a_run_stopped_gracefully_resumes_its_pending_requests(tmp_path, mirror, expected):
    data = tmp_path / "data"
    every, pair = expected_ids(expected)
    stopped = cron(data, mirror.base_url, settings=SLOW, wait=False)
    wait_for(lambda: lines_in_part(data) >= 3, what="the first records on disk")
    stopped.send_signal(signal.SIGTERM)  # the runner forwards it; Scrapy writes its queue to JOBDIR
    try:
        stopped.wait(timeout=120)
    finally:
        if stopped.poll() is None:
            os.killpg(stopped.pid, signal.SIGKILL)
    assert stopped.returncode == 1
    resumed = cron(data, mirror.base_url)
    assert resumed.returncode == 0, resumed.stderr
    (_, first, report_first), (_, second, report_second) = runs(data)
    assert report_first["run"]["status"] == "interrupted"
    assert report_second["run"]["resumed_jobdir"] is True
    assert "Resuming crawl" in Path(report_second["run"]["log"]).read_text(encoding="utf-8")
    ids = [r["article_id"] for r in first + second]
    assert every <= set(ids) and len(ids) == len(set(ids))  # resumed, not started over


def test_a_mirror_whose_articles_lost_their_headlines_fails_with_the_layout_reason(tmp_path):
    site, data = site_copy(tmp_path), tmp_path / "data"
    break_headlines(site)
    with serving(site) as server:
        result = cron(data, server.base_url)
    assert result.returncode == EXIT_LAYOUT
    assert "layout changed" in result.stderr
    (_, records, report), = runs(data)
    assert records == [] and report["run"]["status"] == "unhealthy"
    assert report["run"]["reason"].startswith("layout changed")
    assert "[newscrawl.cron] ERROR: islamtimes run" in Path(report["run"]["log"]).read_text(encoding="utf-8")


def test_a_site_that_answers_only_404_fails_with_fetched_nothing(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "manifest.json").write_text('{"routes": {}}', encoding="utf-8")
    with serving(empty) as server:
        result = cron(tmp_path / "data", server.base_url)
    assert result.returncode == 3 and "fetched nothing" in result.stderr


def test_killing_the_runner_alone_takes_its_crawl_with_it(tmp_path, mirror):
    data = tmp_path / "data"
    runner = cron(data, mirror.base_url, settings=SLOW, wait=False)
    try:
        wait_for(lambda: lines_in_part(data) >= 1, what="the first record on disk")
        os.kill(runner.pid, signal.SIGKILL)  # the runner only, not its group
        runner.wait()
        # the crawl died with it (PR_SET_PDEATHSIG), so the lock it inherited is free again
        wait_for(lambda: cron(data, mirror.base_url, timeout=120).returncode != EXIT_LOCKED, timeout=30,
                 what="the lock to be released")
    finally:
        try:
            os.killpg(runner.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
