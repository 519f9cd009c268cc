"""The WARC writer process: arrival order, rotation, revisits, exact offsets, and a writer that dies.

The middleware is built with ``get_crawler`` and fed real responses; its writer is a real child
process writing real files, read back with warcio. The crawl-level cases (kill -9 of the crawl,
of the writer during a crawl) start ``scrapy crawl`` / ``newscrawl crawl`` on the mirror.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from newscrawl.rules import exitcodes
from newscrawl.spiders.islamtimes import IslamTimesSpider
from newscrawl.warc import PROVENANCE_META
from newscrawl.warc.middleware import WarcArchiveMiddleware
from newscrawl.warc.reader import ReadCounts, read_record_at, read_responses
from tests.conftest import PROJECT

SITE = "https://www.islamtimes.com/ur/news/"


def middleware_for(warc_dir: Path, max_size: int = 1024**3) -> tuple[WarcArchiveMiddleware, object]:
    crawler = get_crawler(IslamTimesSpider, {"NEWSCRAWL_WARC_DIR": str(warc_dir), "NEWSCRAWL_WARC_MAX_SIZE": max_size})
    crawler.stats.open_spider()
    return WarcArchiveMiddleware.from_crawler(crawler), crawler.stats


def page(n: int) -> bytes:
    """A page of its own (words that do not repeat, so gzip cannot shrink it to nothing)."""
    words = " ".join(f"لفظ{n}x{k * 7919 % 1009}" for k in range(300))
    return f"<html><body><h1>خبر {n}</h1><p>{words}</p></body></html>".encode()


def archive(middleware: WarcArchiveMiddleware, url: str, body: bytes, status: int = 200) -> object:
    request = Request(url)
    middleware.process_response(request, HtmlResponse(url, status=status, body=body, request=request))
    return request.meta[PROVENANCE_META]


def responses_in(files: list[Path]) -> list[tuple[str, str, str, int]]:
    """(file, WARC-Type, target URI, offset) of every response and revisit record, in file order."""
    found = []
    for path in files:
        with path.open("rb") as stream:
            iterator = ArchiveIterator(stream)
            for record in iterator:
                if record.rec_type in ("response", "revisit"):
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    found.append((path.name, record.rec_type, uri, iterator.get_record_offset()))
    return found


def test_records_are_written_in_arrival_order_rotated_with_exact_offsets(tmp_path):
    middleware, stats = middleware_for(tmp_path / "warc", max_size=20_000)
    urls = [f"{SITE}{n}/" for n in range(40)]
    pending = [archive(middleware, url, page(n)) for n, url in enumerate(urls)]
    pending.append(archive(middleware, SITE + "again/", page(3)))  # the same body as page 3: a revisit
    provenance = [p.get() for p in pending]
    middleware.spider_closed()
    files = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert len(files) >= 3  # ~40 x 2-3 KB gzipped over 20 KB files
    found = responses_in(files)
    assert [uri for _, _, uri, _ in found] == urls + [SITE + "again/"]  # the order they arrived in
    assert [kind for _, kind, _, _ in found] == ["response"] * 40 + ["revisit"]
    for record, (name, _, _uri, offset) in zip(provenance, found, strict=True):
        assert (record["file"], record["offset"]) == (name, offset)
        archived = read_record_at(tmp_path / "warc" / name, offset)
        assert archived is not None and archived.record_id == record["record_id"]
    assert stats.get_value("newscrawl/warc/records") == 41 and stats.get_value("newscrawl/warc/revisits") == 1
    assert stats.get_value("newscrawl/warc/files") == len(files)
    assert not stats.get_value("newscrawl/warc/write_errors")


def test_a_writer_that_dies_is_counted_and_said_once(tmp_path, caplog):
    middleware, stats = middleware_for(tmp_path / "warc")
    before = [archive(middleware, f"{SITE}{n}/", page(n)) for n in range(5)]
    written = [p.get() for p in before]
    assert all(written)
    writer = middleware.writer
    os.kill(writer.pid, signal.SIGKILL)
    writer.process.wait(timeout=30)
    with caplog.at_level(logging.ERROR, logger="newscrawl.warc.middleware"):
        after = [archive(middleware, f"{SITE}{n}/", page(n)) for n in range(5, 12)]
        assert [p.get() for p in after] == [None] * 7
        middleware.wait_for_writes()
        middleware.spider_closed()
    assert stats.get_value("newscrawl/warc/write_errors") == 7
    assert stats.get_value("newscrawl/warc/records") == 5
    died = [r.getMessage() for r in caplog.records if "WARC writer process" in r.getMessage()]
    assert len(died) == 1 and f"(pid {writer.pid}) died (exit code -9)" in died[0]
    [path] = (tmp_path / "warc").glob("*.warc.gz")
    for record in written:  # what it wrote before it died is intact
        assert read_record_at(path, record["offset"]).record_id == record["record_id"]


def test_the_writer_finishes_and_leaves_when_the_crawl_closes_the_pipe(tmp_path):
    middleware, _ = middleware_for(tmp_path / "warc")
    for n in range(20):
        archive(middleware, f"{SITE}{n}/", page(n))
    writer = middleware.writer.process
    middleware.spider_closed()  # no answer was awaited: closing still writes everything sent
    assert writer.returncode == 0
    [path] = (tmp_path / "warc").glob("*.warc.gz")
    assert len(list(read_responses(path, lambda *_: True, ReadCounts()))) == 20


def crawl_command(mirror, tmp_path: Path, *extra: str) -> list[str]:
    """``newscrawl crawl`` (its log beside the output: out.log)."""
    return [sys.executable, "-m", "newscrawl", "crawl", "islamtimes", "--base-url", mirror.base_url,
            "-o", str(tmp_path / "out.jsonl"), "--warc-dir", str(tmp_path / "warc"), *extra]


def test_after_kill_9_of_the_crawl_every_exported_record_is_archived(mirror, tmp_path):
    out, log = tmp_path / "killed.jsonl", tmp_path / "killed.log"
    command = [sys.executable, "-m", "scrapy", "crawl", "islamtimes", "-a", f"base_url={mirror.base_url}",
               "-s", f"NEWSCRAWL_WARC_DIR={tmp_path / 'warc'}", "-s", f"NEWSCRAWL_JSONL_PATH={out}",
               "-s", "DOWNLOAD_DELAY=0.2", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"LOG_FILE={log}"]
    crawl = subprocess.Popen(command, cwd=PROJECT, start_new_session=True)
    part = out.with_name(out.name + ".part")  # the records go there until the crawl closes
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not part.exists() or part.read_bytes().count(b"\n") < 8):
        time.sleep(0.05)
    os.kill(crawl.pid, signal.SIGKILL)
    assert crawl.wait() == -signal.SIGKILL  # killed mid-crawl, not after it had finished
    assert not out.exists()
    wait_gone(writer_pid(log.read_text(encoding="utf-8")))  # it writes what it was sent, closes its file and leaves by itself
    written = part.read_text(encoding="utf-8")
    records = [json.loads(line) for line in written[: written.rindex("\n")].splitlines()]  # each line written in full
    assert len(records) >= 8
    for record in records:
        archived = read_record_at(tmp_path / "warc" / record["warc"]["file"], record["warc"]["offset"])
        assert archived is not None and archived.record_id == record["warc"]["record_id"]
        assert archived.uri == record["url"]
    counts = ReadCounts()
    [path] = (tmp_path / "warc").glob("*.warc.gz")
    list(read_responses(path, lambda *_: True, counts))
    assert counts.damaged == []  # the writer was not killed: it finished its last record


def test_a_crawl_whose_writer_is_killed_exits_not_healthy(mirror, tmp_path):
    command = crawl_command(mirror, tmp_path, "--set", "DOWNLOAD_DELAY=0.05", "--set", "AUTOTHROTTLE_ENABLED=False")
    crawl = subprocess.Popen(command, cwd=PROJECT, stderr=subprocess.PIPE, text=True)
    log, out = tmp_path / "out.log", tmp_path / "out.jsonl"
    deadline = time.monotonic() + 120
    started = None
    while time.monotonic() < deadline and started is None:
        time.sleep(0.05)
        started = writer_pid(log.read_text(encoding="utf-8")) if log.exists() else None
    assert started, "no writer process started"
    warc_dir = tmp_path / "warc"
    while time.monotonic() < deadline and sum(f.stat().st_size for f in warc_dir.glob("*.warc.gz")) < 30000:
        time.sleep(0.05)
    os.kill(started, signal.SIGKILL)
    _, stderr = crawl.communicate(timeout=300)
    assert crawl.returncode == exitcodes.EXIT_ARCHIVE_FAILED == 7, stderr[-2000:]
    assert "archiving failed:" in stderr and "the writer process died" in stderr
    text = log.read_text(encoding="utf-8")
    assert text.count("died (exit code -9)") == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 46  # the crawl went on
    assert any(record["warc"] is None for record in records) and any(record["warc"] for record in records)


def writer_pid(log: str) -> int | None:
    """The writer process's pid, from the crawl's log."""
    found = re.search(r"WARC writer process started \(pid (\d+)\)", log)
    return int(found.group(1)) if found else None


def wait_gone(pid: int | None, timeout: float = 30) -> None:
    assert pid is not None, "no writer process started"
    deadline = time.monotonic() + timeout
    stat = Path(f"/proc/{pid}/stat")
    while time.monotonic() < deadline:
        try:  # gone, or a zombie nobody reaped yet (the third field is the state)
            if stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return
        except (FileNotFoundError, ProcessLookupError):
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} still running")
