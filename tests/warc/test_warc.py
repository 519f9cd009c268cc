"""WARC archiving in a real crawl of the mirror, and re-extraction from the archive.

A crawl with ``NEWSCRAWL_WARC_DIR`` writes every response (robots.txt, listings,
articles, errors) as WARC/1.1 that warcio's own checker and indexer accept; then
``python -m newscrawl reextract`` over those files gives the crawl's records again,
field by field, with ``crawled_at`` the archived WARC-Date.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl.warc.reader import ReadCounts, read_record_at, read_responses
from newscrawl.warc.replay import crawl_time
from devtools.mirror.server import DEFAULT_ROOT, serving
from tests.conftest import PROJECT, run_crawl
from tests.warc.test_writer_process import wait_gone, writer_pid

WARCIO = [sys.executable, "-c", "import sys; from warcio.cli import main; sys.exit(main())"]


def reextract(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscrawl", "reextract", "--no-progress", *map(str, args)],
                          cwd=PROJECT, capture_output=True, text=True, timeout=300)


def warcio(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*WARCIO, *map(str, args)], capture_output=True, text=True, timeout=120)


def index(files: list[Path]) -> list[dict[str, str]]:
    fields = "warc-type,warc-target-uri,warc-record-id,warc-date,warc-payload-digest,warc-ip-address," \
             "warc-concurrent-to,warc-refers-to-target-uri,http:status,offset"
    done = warcio("index", "-f", fields, *files)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def archived_crawl(tmp_path_factory):
    """A crawl of the mirror with archiving on, files rotated at 50 KB (shared by this module's tests)."""
    tmp_path = tmp_path_factory.mktemp("archived")
    out = tmp_path / "data" / "islamtimes.jsonl"
    warc_dir = tmp_path / "warc"
    with serving(DEFAULT_ROOT, access_log=tmp_path / "access.log") as mirror:
        result = run_crawl(mirror.base_url, out, "-s", f"NEWSCRAWL_JSONL_PATH={out}",
                           "-s", f"NEWSCRAWL_WARC_DIR={warc_dir}", "-s", "NEWSCRAWL_WARC_MAX_SIZE=50000")
        result.requests = list(mirror.requests)
    assert result.returncode == 0, result.log[-3000:]
    result.files = sorted(warc_dir.glob("*.warc.gz"))
    result.data_dir, result.warc_dir = out.parent, warc_dir
    return result


def test_every_response_is_archived_in_valid_rotated_warc_files(archived_crawl):
    files = archived_crawl.files
    assert len(files) >= 3  # 50 KB rotation over ~180 KB
    checked = warcio("check", "-v", *files)
    assert checked.returncode == 0, checked.stdout[-2000:]
    assert "digest pass" in checked.stdout and "fail" not in checked.stdout
    entries = index(files)
    assert [e["warc-type"] for e in entries if e["warc-type"] == "warcinfo"] == ["warcinfo"] * len(files)
    dates = [e["warc-date"] for e in entries if e["warc-type"] != "warcinfo"]
    assert dates == sorted(dates)  # file names sort by time, and so do the records across them
    responses = [e for e in entries if e["warc-type"] in ("response", "revisit")]
    # every request the mirror served has its pair, robots.txt and failures included
    served = sorted(archived_crawl.requests)
    assert sorted(urlsplit(e["warc-target-uri"]).path + (f"?{urlsplit(e['warc-target-uri']).query}"
                                                          if urlsplit(e["warc-target-uri"]).query else "")
                  for e in responses) == served
    statuses = {urlsplit(e["warc-target-uri"]).path: e["http:status"] for e in responses}
    assert statuses["/robots.txt"] == "200"
    assert "404" in statuses.values() and "500" in statuses.values()
    for n, entry in enumerate(entries):
        if entry["warc-type"] in ("response", "revisit"):
            assert entry["warc-payload-digest"].startswith("sha1:")
            assert entry["warc-ip-address"] == "127.0.0.1"
            request = entries[n - 1]  # the pair: request first, pointing at its response
            assert request["warc-type"] == "request"
            assert request["warc-concurrent-to"] == entry["warc-record-id"]
            assert request["warc-target-uri"] == entry["warc-target-uri"]
    revisits = [e for e in entries if e["warc-type"] == "revisit"]
    # the 500 page answered four times with the same body: archived once, then revisits
    assert revisits and all(e["warc-refers-to-target-uri"] == e["warc-target-uri"] for e in revisits)
    assert archived_crawl.report["stats"]["newscrawl/warc/revisits"] == len(revisits)
    assert archived_crawl.report["stats"]["newscrawl/warc/records"] == len(responses)


def test_each_record_points_at_its_archived_page(archived_crawl):
    by_name = {path.name: path for path in archived_crawl.files}
    assert len(archived_crawl.records) == 46
    for record in archived_crawl.records:
        warc = record["warc"]
        archived = read_record_at(by_name[warc["file"]], warc["offset"])
        assert archived is not None and archived.record_id == warc["record_id"]
        assert archived.uri == record["url"] and archived.status == 200


@pytest.mark.parametrize("workers", [1, 2])
def test_reextract_gives_the_crawls_records_field_by_field(archived_crawl, tmp_path, workers):
    out = tmp_path / f"re-{workers}.jsonl"
    done = reextract(*archived_crawl.files, "-o", out, "--site", "islamtimes", "--workers", str(workers))
    assert done.returncode == 0, done.stderr[-3000:]
    again = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    crawl = {record["url"]: record for record in archived_crawl.records}
    assert sorted(record["url"] for record in again) == sorted(crawl)
    by_name = {path.name: path for path in archived_crawl.files}
    for record in again:
        original = crawl[record["url"]]
        for field, value in original.items():
            if field != "crawled_at":
                assert record[field] == value, (record["url"], field)
        archived = read_record_at(by_name[record["warc"]["file"]], record["warc"]["offset"])
        assert record["crawled_at"] == crawl_time(archived.date)
        assert abs(_seconds(record["crawled_at"]) - _seconds(original["crawled_at"])) <= 2
    report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
    assert report["newscrawl/dedup/content_hash"] == 1  # the syndicated copy, as in the crawl
    assert report["newscrawl/exported"] == 46
    assert "articles written : 46" in done.stderr


def test_reextract_of_a_mirror_without_site_names_its_hosts_and_the_option(archived_crawl, tmp_path):
    """A mirror's pages are on 127.0.0.1, which no site file claims: one line, non-zero, no file."""
    done = reextract(*archived_crawl.files, "-o", tmp_path / "re.jsonl", "--workers", "1")
    assert done.returncode == 2
    line = done.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    host = urlsplit(archived_crawl.records[0]["url"]).netloc
    assert f"hosts in the archive: {host}" in line and "--site NAME" in line and "islamtimes" in line
    assert not (tmp_path / "re.jsonl").exists()


def test_reextract_into_an_unwritable_place_is_one_line(archived_crawl):
    done = reextract(*archived_crawl.files, "-o", "/sys/x/re.jsonl", "--site", "islamtimes")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["reextract: cannot write /sys/x/re.jsonl: Permission denied"] or (
        done.stderr.strip().startswith("reextract: cannot write /sys/x/re.jsonl:")
        and len(done.stderr.strip().splitlines()) == 1
    )


def test_export_lists_the_warc_files_behind_the_dataset(archived_crawl, tmp_path):
    out = tmp_path / "dataset"
    command = [sys.executable, "-m", "newscrawl", "export", str(archived_crawl.data_dir), "--out", str(out),
               "--include-undated", "--with-warc-manifest", "--warc-dir", str(archived_crawl.warc_dir)]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    behind = {record["warc"]["file"] for record in archived_crawl.records}
    lines = (out / "WARC-SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sorted(line.split("  ")[1] for line in lines) == sorted(behind)
    checked = subprocess.run(["sha256sum", "-c", str(out / "WARC-SHA256SUMS")], cwd=archived_crawl.warc_dir,
                             capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stdout.count(": OK") == len(behind)
    manifest = json.loads((out / "stats.json").read_text(encoding="utf-8"))["warc_manifest"]
    assert sum(entry["records"] for entry in manifest["files"]) == 46 and manifest["missing"] == []
    assert "WARC-SHA256SUMS" in (out / "SHA256SUMS").read_text(encoding="utf-8")
    # without the archive's directory the files are named as missing, not guessed
    done = subprocess.run(command[:-2] + ["--out", str(tmp_path / "again")], cwd=PROJECT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0 and "WARC file not found for the manifest" in done.stderr
    assert json.loads((tmp_path / "again" / "stats.json").read_text(encoding="utf-8"))["warc_manifest"]["missing"] \
        == sorted(behind)


def test_cron_archives_with_warc_dir(mirror, tmp_path):
    command = [sys.executable, "-m", "newscrawl", "cron", "islamtimes", "--base-url", mirror.base_url,
               "--data-dir", str(tmp_path / "data"), "--warc-dir", str(tmp_path / "archive"),
               "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_START_DELAY=0"]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    [run_file] = (tmp_path / "data" / "islamtimes").glob("*.jsonl")
    records = [json.loads(line) for line in run_file.read_text(encoding="utf-8").splitlines()]
    files = {path.name for path in (tmp_path / "archive").glob("*.warc.gz")}
    assert len(records) == 46 and files and {record["warc"]["file"] for record in records} <= files


def test_without_archive_the_provenance_is_null(mirror, tmp_path):
    out = tmp_path / "plain.jsonl"
    result = run_crawl(mirror.base_url, out, "-O", str(out))
    assert result.returncode == 0
    assert len(result.records) == 46 and all(record["warc"] is None for record in result.records)
    assert not any(key.startswith("newscrawl/warc/") for key in result.report["stats"])


def test_a_killed_crawl_leaves_readable_files_and_the_next_run_starts_a_new_one(mirror, tmp_path):
    warc_dir = tmp_path / "warc"
    command = [sys.executable, "-m", "scrapy", "crawl", "islamtimes", "-a", f"base_url={mirror.base_url}",
               "-s", f"NEWSCRAWL_WARC_DIR={warc_dir}", "-s", "DOWNLOAD_DELAY=0.25", "-s", "AUTOTHROTTLE_ENABLED=False",
               "-s", f"LOG_FILE={tmp_path / 'killed.log'}", "-O", str(tmp_path / "killed.jsonl")]
    crawl = subprocess.Popen(command, cwd=PROJECT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and sum(f.stat().st_size for f in warc_dir.glob("*.warc.gz")) < 30000:
        time.sleep(0.05)
    os.kill(crawl.pid, signal.SIGKILL)
    crawl.wait()
    # its writer process writes what it was sent, closes the file and leaves by itself
    wait_gone(writer_pid((tmp_path / "killed.log").read_text(encoding="utf-8")))
    [killed] = sorted(warc_dir.glob("*.warc.gz"))
    counts = ReadCounts()
    pages = list(read_responses(killed, lambda *_: True, counts))
    assert len(pages) >= 5
    # every complete record reads; at most the one being written when the kill came is cut short
    assert len(counts.damaged) <= 1 and all(d.offset > pages[-1].offset for d in counts.damaged)
    # cut inside the last record: readers keep everything before it, and name the damage
    intact = killed.read_bytes()
    cut = tmp_path / "cut" / killed.name
    cut.parent.mkdir()
    cut.write_bytes(intact[:pages[-1].offset + 40])
    done = reextract(cut, "-o", tmp_path / "cut.jsonl", "--site", "islamtimes", "--workers", "1")
    assert done.returncode == 3, done.stderr[-2000:]  # written, and the cut record named: exit 3
    assert "damaged records  : 1" in done.stderr and f"{killed.name}@{pages[-1].offset}" in done.stderr
    assert len(list(read_responses(cut, lambda *_: True, ReadCounts()))) == len(pages) - 1
    # the next run (newscrawl crawl --warc-dir) writes a new file, sorting after the killed one, and leaves it alone
    command = [sys.executable, "-m", "newscrawl", "crawl", "islamtimes", "--base-url", mirror.base_url,
               "-o", str(tmp_path / "next.jsonl"), "--warc-dir", str(warc_dir),
               "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_START_DELAY=0"]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert all(json.loads(line)["warc"] for line in (tmp_path / "next.jsonl").read_text(encoding="utf-8").splitlines())
    files = sorted(warc_dir.glob("*.warc.gz"))
    assert len(files) == 2 and files[0] == killed and killed.read_bytes() == intact
    assert warcio("check", files[1]).returncode == 0


def _seconds(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso).timestamp()
