"""Reading run files: every way a line can be bad is counted and named, never fatal."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from export_helpers import CHINA, article, write_run

from newscrawl.dataset.reader import BadLine, Line, LineStore, RunFile, find_run_files, read_lines

GOOD = article(1, CHINA)


def lines_of(path: Path, spool=None) -> list[Line | BadLine]:
    return list(read_lines(RunFile(path, path.name), 0, spool))


def test_each_kind_of_bad_line_is_named(tmp_path: Path) -> None:
    no_headline = {**GOOD, "headline": "  "}
    wrong_type = {**GOOD, "keywords": "چین، پاکستان"}
    bad_time = {**GOOD, "published_at": "25th, March 2025 GMT"}
    path = write_run(tmp_path / "run.jsonl", [GOOD, "", "[1, 2]", "{oops", no_headline, wrong_type, bad_time])
    with open(path, "ab") as stream:
        stream.write(b'{"headline": "\xd8"}\n')  # a cut multi-byte character
        stream.write(json.dumps(GOOD).encode()[:50])  # crash mid-write
    got = lines_of(path)
    assert isinstance(got[0], Line) and got[0].record == GOOD
    assert [(b.line, b.reason) for b in got[1:]] == [
        (3, "not a JSON object"),
        (4, "not JSON"),
        (5, "missing required field"),
        (6, "wrong type"),
        (7, "bad timestamp"),
        (8, "not UTF-8"),
        (9, "truncated last line"),
    ]  # line 2 is blank: skipped, not bad
    assert got[3].detail == "headline" and "keywords" in got[4].detail and "published_at" in got[5].detail


def test_last_line_without_newline_is_kept_when_complete(tmp_path: Path) -> None:
    path = write_run(tmp_path / "run.jsonl", [], truncated=json.dumps(GOOD, ensure_ascii=False))
    assert [type(item) for item in lines_of(path)] == [Line]


def test_truncated_gzip_is_a_bad_line_not_a_crash(tmp_path: Path) -> None:
    whole = gzip.compress("".join(json.dumps(article(n, CHINA)) + "\n" for n in range(200)).encode())
    path = tmp_path / "run.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    got = lines_of(path, spool=open(tmp_path / "spool", "wb"))
    assert isinstance(got[-1], BadLine) and got[-1].reason == "truncated gzip stream"
    assert all(isinstance(item, Line) for item in got[:-1])


def test_offsets_read_the_line_back(tmp_path: Path) -> None:
    plain = write_run(tmp_path / "a.jsonl", [article(1, CHINA), article(2, CHINA)])
    packed = write_run(tmp_path / "b.jsonl.gz", [article(3, CHINA), article(4, CHINA)])
    with open(tmp_path / "spool", "wb") as spool:
        from_gz = list(read_lines(RunFile(packed, packed.name), 1, spool))
    from_plain = lines_of(plain)
    with LineStore([plain, tmp_path / "spool"]) as store:
        for line in from_plain + from_gz:
            assert json.loads(store.read(line.file_index, line.offset, line.length)) == line.record


def test_find_run_files_skips_what_is_not_a_run(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for name in ("islamtimes/20250301T000000Z.jsonl", "islamtimes/20250302T000000Z.jsonl.gz", "demo.jsonl",
                 ".hidden/x.jsonl", "old-export/articles.jsonl.gz", "out/articles.jsonl.gz"):
        write_run(data / name, [GOOD])
    (data / "islamtimes" / "20250301T000000Z.report.json").write_text("{}")
    (data / "islamtimes" / "20250301T000000Z.log").write_text("log")
    (data / "old-export" / "SHA256SUMS").write_text("")
    (data / "old-export" / "stats.json").write_text("{}")
    found = [run.name for run in find_run_files(data, exclude=(data / "out",))]
    assert found == ["demo.jsonl", "islamtimes/20250301T000000Z.jsonl", "islamtimes/20250302T000000Z.jsonl.gz"]
