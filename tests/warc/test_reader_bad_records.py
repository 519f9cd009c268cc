"""Bad records in a WARC (issue 24, case 4): each is skipped, counted and named; the rest come through.

Reader-level tests (no crawl): odd WARC-Dates, a response without WARC-Target-URI, a body
beyond the size limit (never read into memory), and uncompressed ``.warc`` files whose
Content-Length lies or whose last record is cut short. One reextract run checks that a
bad date no longer loses every other record.
"""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.warc.reader import ReadCounts, crawl_time, read_responses
from tests.warc.test_reextract_mixed import BBC_ARTICLE
from tests.warc.test_warc import reextract

PAGE = b"<html><body><p>" + "خبر ".encode() * 50 + b"</p></body></html>"


def record(url: str | None, body: bytes = PAGE, date: str | None = None) -> bytes:
    """One response record as raw bytes (uncompressed), optionally with a WARC-Date or without a URI."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=False, warc_version="WARC/1.1")
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    made = writer.create_warc_record(url or "https://x.pk/", "response", payload=BytesIO(body), length=len(body),
                                     http_headers=headers)
    if date is not None:
        made.rec_headers.replace_header("WARC-Date", date)
    if url is None:
        made.rec_headers.remove_header("WARC-Target-URI")
    writer.write_record(made)
    return out.getvalue()


def read(path: Path, max_bytes: int = 0) -> tuple[list[str], ReadCounts]:
    counts = ReadCounts()
    pages = [page.uri for page in read_responses(path, lambda *_: True, counts, max_bytes=max_bytes)]
    return pages, counts


def test_warc_dates_as_other_crawlers_write_them() -> None:
    assert crawl_time("2026-11-29T22:45:36.104965Z") == "2026-11-29T22:45:36+00:00"
    assert crawl_time("20250702101500") == "2025-07-02T10:15:00+00:00"  # ARC's 14 digits
    assert crawl_time("2025-07-02") == "2025-07-02T00:00:00+00:00"
    assert [crawl_time(bad) for bad in ("yesterday", "", "2025-13-45T00:00:00Z", "99999999999999")] == [None] * 4


@pytest.mark.parametrize("gzip", [False, True])
def test_a_bad_record_is_skipped_counted_and_named_the_rest_come_through(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("bad.warc.gz" if gzip else "bad.warc")
    records = [("https://x.pk/1", PAGE, None), ("https://x.pk/2", PAGE, "yesterday"), (None, PAGE, None),
               ("https://x.pk/3", PAGE * 40, None), ("https://x.pk/4", PAGE, "20250702101500")]
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for url, body, date in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            made = writer.create_warc_record(url or "https://x.pk/", "response", payload=BytesIO(body),
                                             length=len(body), http_headers=headers)
            if date:
                made.rec_headers.replace_header("WARC-Date", date)
            if url is None:
                made.rec_headers.remove_header("WARC-Target-URI")
            writer.write_record(made)
    pages, counts = read(path, max_bytes=len(PAGE) * 10)
    assert pages == ["https://x.pk/1", "https://x.pk/4"]
    assert dict(counts.skipped) == {"bad_date": 1, "too_large": 1}
    assert [bad.why.split(":")[0] for bad in counts.bad] == ["bad_date", "too_large"]
    assert all(bad.file == path.name and bad.offset > 0 for bad in counts.bad)
    # warcio cannot parse a response without WARC-Target-URI: damage, named, and reading goes on
    assert len(counts.damaged) == 1 and "WARC-Target-URI" in counts.damaged[0].why


def test_an_uncompressed_warc_with_a_lying_length_loses_only_that_record(tmp_path: Path) -> None:
    good = [record(f"https://x.pk/{n}") for n in range(5)]
    lying = record("https://x.pk/lies").replace(b"Content-Length: ", b"Content-Length: 9", 1)  # far too long
    short = record("https://x.pk/short")
    head, _, rest = short.partition(b"Content-Length: ")
    number, _, tail = rest.partition(b"\r\n")
    short = head + b"Content-Length: " + str(int(number) - 100).encode() + b"\r\n" + tail  # too short
    path = tmp_path / "lies.warc"
    path.write_bytes(good[0] + lying + good[1] + good[2] + short + good[3] + good[4][:-300])  # the last one cut
    pages, counts = read(path)
    assert pages == [f"https://x.pk/{n}" for n in range(4)]
    assert len(counts.damaged) == 3  # the lying, the short and the cut record, each named by offset
    assert counts.damaged[0].offset == len(good[0])


def test_reextract_writes_every_good_record_around_a_bad_date(tmp_path: Path) -> None:
    path = tmp_path / "dates.warc"
    body = BBC_ARTICLE.encode()
    path.write_bytes(record("https://www.bbc.com/urdu/articles/c4qg7qq63y6o", body, "yesterday")
                     + record("https://www.bbc.com/urdu/articles/c5qg7qq63y6p", body.replace("بلند".encode(), "کم".encode()))
                     + record("https://www.bbc.com/urdu/articles/c6qg7qq63y6q", body, "20250702101500"))
    done = reextract(path, "-o", tmp_path / "out.jsonl", "--workers", "1")
    assert done.returncode == 3, done.stderr  # written, but the archive had a record no reader can date
    assert done.stderr.strip().splitlines()[-1] == (
        "reextract: 2 records written, but 1 records (bad_date 1) of the archive could not be read and were "
        "skipped (named above); exit 3")
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["url"] for r in records) == ["https://www.bbc.com/urdu/articles/c5qg7qq63y6p",
                                                 "https://www.bbc.com/urdu/articles/c6qg7qq63y6q"]
    assert "bad_date: 1" in done.stderr and "dates.warc@" in done.stderr
    assert any(r["crawled_at"] == "2025-07-02T10:15:00+00:00" for r in records)


def test_reextract_as_the_generic_spider_judges_pages_and_ids_as_crawl_urdu(tmp_path: Path) -> None:
    from newscrawl.spiders.urdu import stable_id
    from tests.shared_pages import shared_file

    path = tmp_path / "generic.warc"
    path.write_bytes(record("https://www.bbc.com/urdu/articles/c4qg7qq63y6o", BBC_ARTICLE.encode())
                     + record("https://www.express.pk/", shared_file("realpages", "express.pk.html").read_bytes()))
    done = reextract(path, "-o", tmp_path / "out.jsonl", "--workers", "1", "--site", "urdu")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["url"] for r in records] == ["https://www.bbc.com/urdu/articles/c4qg7qq63y6o"]  # no home page
    assert records[0]["article_id"] == stable_id(records[0]["canonical_url"] or records[0]["url"])


def test_reextract_site_urdu_of_a_crawl_urdu_gives_its_records_ids(tmp_path: Path, mirror) -> None:
    """The issue's case: a re-extraction of `crawl urdu`'s archive exported the home page and 39 of 46
    ids differed. Now the same articles come back under the same ids."""
    from tests.conftest import run_crawl

    out, warc_dir = tmp_path / "crawl.jsonl", tmp_path / "warc"
    crawl = run_crawl(mirror.base_url, out, "-s", f"NEWSCRAWL_JSONL_PATH={out}", "-s", f"NEWSCRAWL_WARC_DIR={warc_dir}",
                      spider="urdu")
    assert crawl.returncode == 0, crawl.log[-2000:]
    assert len(crawl.records) >= 40
    done = reextract(*sorted(warc_dir.glob("*.warc.gz")), "-o", tmp_path / "re.jsonl", "--workers", "1",
                     "--site", "urdu")
    assert done.returncode == 0, done.stderr[-2000:]
    again = [json.loads(line) for line in (tmp_path / "re.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {(r["url"], r["article_id"]) for r in again} == {(r["url"], r["article_id"]) for r in crawl.records}
