"""``python -m newscrawl export``: exactly-once, documented, reproducible datasets.

One corpus of three run files (two islamtimes cron runs and a compressed dawn
run) holds every case the issue names: the same URL twice (a correction and a
crash replay), the same text under two URLs, a near duplicate with one
sentence changed, an undated article, a line that is not JSON, a truncated
last line and a record without a body. Expected values are derived from that
input, below.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from export_helpers import CABINET, CHANGED_SENTENCE, CHINA, CRICKET, HEALTH, RAIN, RAIN_UPDATE, article, read_jsonl, run_export, write_run

from newscrawl.dataset import writer

A = article(101, CABINET, headline="وفاقی کابینہ کا اجلاس، معاشی صورتحال پر غور",
            published="2025-03-01T09:00:00+00:00", crawled="2025-03-01T10:00:00+00:00")
B_OLD = article(102, RAIN, headline="کراچی میں بارش سے نظام زندگی متاثر",
                published="2025-03-02T06:00:00+00:00", crawled="2025-03-02T07:00:00+00:00")
B_NEW = article(102, [*RAIN, RAIN_UPDATE], headline="کراچی میں بارش سے نظام زندگی متاثر",
                published="2025-03-02T06:00:00+00:00", crawled="2025-03-03T07:00:00+00:00")
C = article(103, CHINA, headline="پاکستان اور چین کے درمیان نئے معاہدے", keywords=["چین", "سی پیک"],
            published="2025-03-03T12:00:00+05:00", crawled="2025-03-03T08:00:00+00:00")
C_REPLAY = {**C, "crawled_at": "2025-03-04T01:00:00+00:00"}  # the cron run after a crash fetched it again
D_UNDATED = article(104, HEALTH, headline="صحت کارڈ کا دائرہ کار وسیع", published=None,
                    crawled="2025-03-03T09:00:00+00:00")
E_SAME_TEXT = article(105, CHINA, headline="پاکستان اور چین کے درمیان نئے معاہدے",
                      published="2025-03-04T10:00:00+00:00", crawled="2025-03-04T11:00:00+00:00")
F_NEAR = article(106, [*CABINET[:6], CHANGED_SENTENCE, *CABINET[7:]], headline=A["headline"],
                 published="2025-03-05T09:00:00+00:00", crawled="2025-03-05T10:00:00+00:00")
G_DAWN = article(7, CRICKET, headline="قومی ٹیم نے سیریز جیت لی", site="dawn", host="www.dawnnews.tv",
                 keywords=["کرکٹ"], published="2025-04-10T15:00:00+00:00", crawled="2025-04-10T16:00:00+00:00")
H_NO_BODY = {key: value for key, value in article(8, CRICKET, site="dawn", host="www.dawnnews.tv").items() if key != "body"}

RUN_1 = "islamtimes/20250303T000000Z.jsonl"
RUN_2 = "islamtimes/20250305T000000Z.jsonl"
RUN_DAWN = "dawn/20250410T000000Z.jsonl.gz"
URL = {name: record["canonical_url"] for name, record in
       {"A": A, "B": B_NEW, "C": C, "D": D_UNDATED, "E": E_SAME_TEXT, "F": F_NEAR, "G": G_DAWN}.items()}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    write_run(root / RUN_1, [A, B_OLD, C, '{"url": "https://www.islamtimes.com/ur/news/1', D_UNDATED])
    write_run(root / RUN_2, [B_NEW, C_REPLAY, E_SAME_TEXT, F_NEAR], truncated=json.dumps(A, ensure_ascii=False)[:200])
    write_run(root / RUN_DAWN, [G_DAWN, H_NO_BODY])
    (root / "islamtimes" / "20250305T000000Z.report.json").write_text("{}")  # beside run files; not one
    (root / "islamtimes" / "20250305T000000Z.log").write_text("INFO done\n")
    return root


# 12 lines: RUN_1 has 5 (one not JSON), RUN_2 has 5 (one truncated), RUN_DAWN has 2 (one without body).
# 9 valid; B and C each seen twice -> 2 URL duplicates, 7 distinct URLs;
# D is undated -> filtered out by default; E has C's text -> content duplicate; F is A with one sentence changed.


def test_counts_and_representatives_with_near_duplicates(data: Path, tmp_path: Path) -> None:
    status, stats = run_export(data, tmp_path / "ds", "--near-duplicates")
    assert status == 0
    assert stats["counts"] == {"lines_read": 12, "bad_lines": 3, "valid_records": 9, "distinct_urls": 7,
                               "after_filters": 6, "exported": 4}
    assert stats["duplicates_removed"] == {"url": 2, "content_hash": 1, "near_duplicate": 1, "total": 4}
    assert stats["filtered_out"]["undated"] == 1 and stats["filtered_out"]["total"] == 1

    rows = read_jsonl(tmp_path / "ds")
    assert [row["canonical_url"] for row in rows] == [URL["A"], URL["B"], URL["C"], URL["G"]]  # by publish date
    by_url = {row["canonical_url"]: row for row in rows}
    assert by_url[URL["A"]]["duplicates"] == [URL["F"]]  # earlier published wins
    assert by_url[URL["C"]]["duplicates"] == [URL["E"]]
    assert by_url[URL["B"]]["body"] == B_NEW["body"] and by_url[URL["B"]]["crawled_at"] == B_NEW["crawled_at"]
    assert by_url[URL["G"]]["duplicates"] == []
    assert stats["records_with_duplicates"] == 2


def test_without_near_duplicates_the_near_copy_stays(data: Path, tmp_path: Path) -> None:
    status, stats = run_export(data, tmp_path / "ds")
    assert status == 0
    assert stats["duplicates_removed"] == {"url": 2, "content_hash": 1, "near_duplicate": 0, "total": 3}
    rows = read_jsonl(tmp_path / "ds")
    assert [row["canonical_url"] for row in rows] == [URL["A"], URL["B"], URL["C"], URL["F"], URL["G"]]
    assert rows[0]["duplicates"] == []


def test_bad_lines_are_named_with_file_and_line(data: Path, tmp_path: Path) -> None:
    status, stats = run_export(data, tmp_path / "ds")
    assert status == 0
    named = {(bad["file"], bad["line"], bad["reason"]) for bad in stats["bad_lines"]["lines"]}
    assert named == {
        (RUN_1, 4, "not JSON"),
        (RUN_2, 5, "truncated last line"),
        (RUN_DAWN, 2, "missing required field"),
    }
    card = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    for file, line, _ in named:
        assert f"`{file}:{line}`" in card
    assert stats["input"]["files"] == [
        {"file": RUN_DAWN, "lines": 2, "bad": 1, "filtered": 0},
        {"file": RUN_1, "lines": 5, "bad": 1, "filtered": 1},  # D_UNDATED: undated articles are left out
        {"file": RUN_2, "lines": 5, "bad": 1, "filtered": 0},
    ]


def test_second_export_is_byte_identical(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    assert run_export(data, out, "--near-duplicates", "--include-undated")[0] == 0
    first = {path.name: path.read_bytes() for path in out.iterdir()}
    assert run_export(data, out, "--near-duplicates", "--include-undated")[0] == 0  # replaces the first
    second = {path.name: path.read_bytes() for path in out.iterdir()}
    assert set(first) == {"articles.jsonl.gz", "articles.parquet", "README.md", "stats.json",
                          "articles_per_day.png", "SHA256SUMS"}
    assert first == second


def test_output_does_not_depend_on_run_file_names(data: Path, tmp_path: Path) -> None:
    """Reversing which file comes first changes no chosen representative: priority, not order, decides."""
    other = tmp_path / "other"
    write_run(other / "a.jsonl", [F_NEAR, E_SAME_TEXT, C_REPLAY, B_NEW])
    write_run(other / "b.jsonl", [D_UNDATED, G_DAWN, C, B_OLD, A])
    assert run_export(data, tmp_path / "one", "--near-duplicates")[0] == 0
    assert run_export(other, tmp_path / "two", "--near-duplicates")[0] == 0
    assert (tmp_path / "one" / "articles.jsonl.gz").read_bytes() == (tmp_path / "two" / "articles.jsonl.gz").read_bytes()


def test_parquet_schema_is_declared(data: Path, tmp_path: Path) -> None:
    assert run_export(data, tmp_path / "ds", "--include-undated")[0] == 0
    schema = pq.read_schema(tmp_path / "ds" / "articles.parquet")
    assert schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("published_at").nullable
    assert schema.field("crawled_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("keywords").type == pa.list_(pa.string())
    assert schema.field("duplicates").type == pa.list_(pa.string())
    assert schema.field("read_also").type == pa.list_(pa.struct([("url", pa.string()), ("title", pa.string())]))
    for name in ("url", "canonical_url", "site", "headline", "body", "content_hash", "source"):
        assert schema.field(name).type == pa.string()
    assert schema.field("body").metadata[b"description"] == b"article paragraphs joined by a blank line"
    assert schema.remove_metadata() == writer.arrow_schema().remove_metadata()

    table = pq.read_table(tmp_path / "ds" / "articles.parquet")
    rows = {row["canonical_url"]: row for row in table.to_pylist()}
    # C was published at 12:00 in Pakistan (+05:00), 07:00 UTC.
    assert rows[URL["C"]]["published_at"] == datetime(2025, 3, 3, 7, 0, tzinfo=UTC)
    assert rows[URL["D"]]["published_at"] is None
    assert rows[URL["C"]]["keywords"] == ["چین", "سی پیک"]
    assert rows[URL["C"]]["read_also"] == C["read_also"]
    assert [row["canonical_url"] for row in table.to_pylist()] == [row["canonical_url"] for row in read_jsonl(tmp_path / "ds")]


def test_jsonl_is_readable_utf8_with_every_field(data: Path, tmp_path: Path) -> None:
    assert run_export(data, tmp_path / "ds")[0] == 0
    raw = (tmp_path / "ds" / "articles.jsonl.gz").read_bytes()
    assert raw[4:8] == b"\0\0\0\0" and not raw[3] & 0x08  # gzip: mtime 0, no file name
    rows = read_jsonl(tmp_path / "ds")
    assert all(list(row) == [*writer.OUTPUT_FIELDS] for row in rows)
    import gzip

    text = gzip.decompress(raw).decode("utf-8")
    assert "کابینہ" in text and "\\u06" not in text  # Urdu not escaped


def test_card_numbers_equal_stats(data: Path, tmp_path: Path) -> None:
    assert run_export(data, tmp_path / "ds", "--near-duplicates", "--include-undated")[0] == 0
    stats = json.loads((tmp_path / "ds" / "stats.json").read_text(encoding="utf-8"))
    card = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")

    def rows_under(heading: str) -> dict[str, list[str]]:
        section = card.split(heading + "\n", 1)[1].split("\n#", 1)[0]
        table = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("|---")]
        return {cells[0]: cells[1:] for cells in ([c.strip() for c in line.strip("|").split(" | ")] for line in table[1:])}

    steps = rows_under("## How it was made")
    assert int(steps["lines read"][0]) == stats["counts"]["lines_read"]
    assert int(steps["bad lines (skipped)"][0]) == stats["counts"]["bad_lines"]
    assert int(steps["exported"][0]) == stats["counts"]["exported"]
    assert {site: int(n[0]) for site, n in rows_under("### Articles per site").items()} == stats["per_site"]
    assert {h: int(n[0]) for h, n in rows_under("### Articles per host").items()} == stats["per_host"]
    assert {m: int(n[0]) for m, n in rows_under("### Articles per month (publish date, the site's calendar day)").items()} == stats["per_month"]
    coverage = {name.strip("`"): float(cells[2]) for name, cells in rows_under("## Schema and field coverage").items()}
    assert coverage == stats["field_coverage_percent"]
    removed = {method: int(cells[0]) for method, cells in rows_under("## Duplicates removed").items()}
    assert removed == stats["duplicates_removed"]
    assert {reason: int(n[0]) for reason, n in rows_under("## Bad input").items()} == stats["bad_lines"]["by_reason"]
    times = rows_under("## When")
    assert times["published_at"] == [stats["published_at"]["min"], stats["published_at"]["max"]]
    assert times["crawled_at"] == [stats["crawled_at"]["min"], stats["crawled_at"]["max"]]
    assert stats["command"] in card

    # and the numbers themselves follow from the input
    assert stats["per_site"] == {"dawn": 1, "islamtimes": 4}  # A, B, C, D; F and E merged away
    assert stats["per_host"] == {"www.dawnnews.tv": 1, "www.islamtimes.com": 4}
    assert stats["per_month"] == {"2025-03": 3, "2025-04": 1, "undated": 1}
    assert stats["field_coverage_percent"]["summary"] == 0.0
    assert stats["field_coverage_percent"]["published_at"] == 80.0
    assert stats["field_coverage_percent"]["duplicates"] == 40.0
    assert stats["published_at"] == {"min": "2025-03-01T09:00:00Z", "max": "2025-04-10T15:00:00Z", "undated": 1}
    assert stats["crawled_at"] == {"min": "2025-03-01T10:00:00Z", "max": "2025-04-10T16:00:00Z"}
    # as it was called: in-process through the `newscrawl` entry point (a fresh `python -m newscrawl`: test_export_cli)
    assert stats["command"] == (f"newscrawl export {data} --out {tmp_path / 'ds'} --include-undated "
                                "--near-duplicates --near-duplicate-threshold 0.8 --shingle-size 5")


def test_sha256sums_cover_every_other_file(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    assert run_export(data, out)[0] == 0
    listed = dict(reversed(line.split("  ", 1)) for line in (out / "SHA256SUMS").read_text().splitlines())
    assert set(listed) == {p.name for p in out.iterdir()} - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert (out / "articles_per_day.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- filters -----------------------------------------------------------------------------------


def test_since_until_boundaries(tmp_path: Path) -> None:
    times = {
        1: "2025-03-01T23:59:59+00:00",  # before
        2: "2025-03-02T00:00:00+00:00",  # first instant of --since day: in
        3: "2025-03-03T23:59:59+00:00",  # last second of --until day: in
        4: "2025-03-04T04:59:59+05:00",  # 2025-03-03T23:59:59Z written in Pakistan time: in
        5: "2025-03-04T00:00:00+00:00",  # after
    }
    from export_helpers import SHORT_NEWS

    write_run(tmp_path / "data" / "run.jsonl", [article(n, SHORT_NEWS[n], published=t) for n, t in times.items()])
    status, stats = run_export(tmp_path / "data", tmp_path / "ds", "--since", "2025-03-02", "--until", "2025-03-03")
    assert status == 0
    assert sorted(row["article_id"] for row in read_jsonl(tmp_path / "ds")) == ["2", "3", "4"]
    assert stats["filtered_out"]["date_range"] == 2

    # a date-time bound is inclusive on the instant itself
    status, _ = run_export(tmp_path / "data", tmp_path / "ds2", "--until", "2025-03-02T00:00:00Z")
    assert [row["article_id"] for row in read_jsonl(tmp_path / "ds2")] == ["1", "2"]


def test_undated_kept_only_when_asked(data: Path, tmp_path: Path) -> None:
    run_export(data, tmp_path / "without")
    run_export(data, tmp_path / "with", "--include-undated")
    assert URL["D"] not in {row["canonical_url"] for row in read_jsonl(tmp_path / "without")}
    rows = read_jsonl(tmp_path / "with")
    assert rows[-1]["canonical_url"] == URL["D"]  # undated sort last
    # a date range still applies to dated articles; undated ones pass with the flag
    status, stats = run_export(data, tmp_path / "range", "--include-undated", "--since", "2025-04-01")
    assert [row["canonical_url"] for row in read_jsonl(tmp_path / "range")] == [URL["G"], URL["D"]]


def test_site_filter(data: Path, tmp_path: Path) -> None:
    status, stats = run_export(data, tmp_path / "ds", "--site", "dawn")
    assert status == 0
    assert [row["canonical_url"] for row in read_jsonl(tmp_path / "ds")] == [URL["G"]]
    assert stats["filtered_out"]["site"] == 6  # A, B, C, D, E, F; undated D counts under the first filter, site
    assert stats["filtered_out"]["total"] == 6


def test_keyword_filter_matches_tags_and_whole_words(data: Path, tmp_path: Path) -> None:
    run_export(data, tmp_path / "tag", "--keyword", "کرکٹ")
    assert [row["canonical_url"] for row in read_jsonl(tmp_path / "tag")] == [URL["G"]]
    run_export(data, tmp_path / "word", "--keyword", "زرمبادلہ", "--keyword", "بارش")  # in A's / F's and B's bodies
    assert [row["canonical_url"] for row in read_jsonl(tmp_path / "word")] == [URL["A"], URL["B"], URL["F"]]
    status, stats = run_export(data, tmp_path / "part", "--keyword", "زرمباد")  # not a whole word
    assert status == 2 and not (tmp_path / "part").exists()  # every article filtered out: no empty dataset
    run_export(data, tmp_path / "phrase", "--keyword", "اقتصادی راہداری")
    assert [row["canonical_url"] for row in read_jsonl(tmp_path / "phrase")] == [URL["C"]]


def test_everything_filtered_out_is_one_line_naming_the_filter_and_keeps_the_earlier_export(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run_export(data, tmp_path / "ds")
    assert status == 0
    before = read_jsonl(tmp_path / "ds")
    status, _ = run_export(data, tmp_path / "ds", "--since", "2030-01-01")
    assert status == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("export: every article was filtered out, nothing written: undated 1 (--include-undated")
    assert "date_range 6 (widen --since/--until" in err
    assert read_jsonl(tmp_path / "ds") == before


def test_filters_apply_to_the_newest_crawl(tmp_path: Path) -> None:
    """An article whose newest crawl is outside the range is out, even if an older crawl was inside."""
    from export_helpers import SHORT_NEWS

    old = article(1, SHORT_NEWS[0], published="2025-03-01T00:00:00Z", crawled="2025-03-01T01:00:00Z")
    corrected = {**old, "published_at": "2025-02-28T00:00:00Z", "crawled_at": "2025-03-02T01:00:00Z"}
    write_run(tmp_path / "data" / "run.jsonl", [old, corrected])
    status, _ = run_export(tmp_path / "data", tmp_path / "ds", "--since", "2025-03-01")
    assert status == 2 and not (tmp_path / "ds").exists()  # the newest crawl (Feb 28) is out: nothing to export


# --- URL identity --------------------------------------------------------------------------------


def test_canonical_url_is_the_identity_and_ties_go_to_the_later_line(tmp_path: Path) -> None:
    from export_helpers import SHORT_NEWS

    first = article(1, SHORT_NEWS[0], url="https://www.islamtimes.com/ur/news/1/khabar?page=1",
                    canonical="https://www.islamtimes.com/ur/news/1/khabar")
    second = {**article(1, SHORT_NEWS[1], url="https://m.islamtimes.com/ur/news/1/khabar",
                        canonical="https://www.islamtimes.com/ur/news/1/khabar"), "crawled_at": first["crawled_at"]}
    no_canonical = {**article(2, SHORT_NEWS[2]), "canonical_url": None}
    write_run(tmp_path / "data" / "run.jsonl", [first, second, no_canonical])
    status, stats = run_export(tmp_path / "data", tmp_path / "ds")
    rows = read_jsonl(tmp_path / "ds")
    assert [row["body"] for row in rows] == [SHORT_NEWS[1], SHORT_NEWS[2]]
    assert stats["duplicates_removed"]["url"] == 1


def test_out_dir_inside_data_dir_is_not_read_back(data: Path) -> None:
    status, first = run_export(data, data / "dataset")
    status, second = run_export(data, data / "dataset")
    assert status == 0 and first["counts"] == second["counts"]
    assert not [p for p in data.parent.rglob(".*") if p.name.startswith(".dataset")]  # no staging left


# --- the command's own errors ----------------------------------------------------------------------


def test_missing_data_dir_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run_export(tmp_path / "nope", tmp_path / "ds")
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and "nope" in err and "not a directory" in err
    assert not (tmp_path / "ds").exists()


def test_no_run_files_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "notes.txt").write_text("not a run file")
    assert run_export(tmp_path / "data", tmp_path / "ds")[0] == 2
    assert "no run files" in capsys.readouterr().err


def test_refuses_to_replace_a_directory_that_is_not_a_dataset(data: Path, tmp_path: Path) -> None:
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.tex").write_text("...")
    assert run_export(data, precious)[0] == 2
    assert [p.name for p in precious.iterdir()] == ["chapter1.tex"]


def test_unwritable_out_is_a_clear_error(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a directory")
    assert run_export(data, blocker / "ds")[0] == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("export: ")


def test_a_failed_export_keeps_the_earlier_dataset(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "ds"
    assert run_export(data, out)[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device", str(out / "articles_per_day.png"))

    monkeypatch.setattr(writer, "write_chart", disk_full)
    status = run_export(data, out, "--include-undated")[0]
    assert status == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "ds"]  # no staging dir left


def test_bad_option_values_exit_2(data: Path, tmp_path: Path) -> None:
    for options in (["--since", "yesterday"], ["--near-duplicate-threshold", "1.5"], ["--shingle-size", "0"]):
        with pytest.raises(SystemExit) as exit_info:
            run_export(data, tmp_path / "ds", *options)
        assert exit_info.value.code == 2


def test_card_lists_loading_snippets(data: Path, tmp_path: Path) -> None:
    run_export(data, tmp_path / "ds")
    card = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    for snippet in ('pd.read_parquet("articles.parquet")', 'pq.read_table("articles.parquet")',
                    'load_dataset("parquet", data_files="articles.parquet"', 'load_dataset("json", data_files="articles.jsonl.gz"'):
        assert snippet in card
    assert re.search(r"^\| `body` \| str \| `string` \| 100\.0 \| article paragraphs", card, re.MULTILINE)


def test_unreadable_directory_in_data_dir_is_a_clear_error(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    (data / "locked").mkdir()
    real_iterdir = Path.iterdir

    def iterdir(path: Path):  # what a chmod 000 directory does to a non-root user
        if path.name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_iterdir(path)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    assert run_export(data, tmp_path / "ds")[0] == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "locked" in err and "Permission denied" in err


def test_a_local_date_keeps_its_day_and_older_utc_run_files_still_export(tmp_path: Path) -> None:
    """Parquet: published_at as the UTC instant, published_date as the day the site's readers saw.
    A run file written before published_at kept its offset (UTC, no published_precision) still
    loads and exports, on its own (UTC) day."""
    from export_helpers import SHORT_NEWS

    new = {**article(1, SHORT_NEWS[1], published="2021-07-15T00:00:00+05:00"), "published_precision": "day"}
    old = article(2, SHORT_NEWS[2], published="2021-07-14T19:00:00+00:00")
    old.pop("published_precision", None)
    write_run(tmp_path / "data" / "islamtimes" / "20210716T000000Z.jsonl", [new])
    write_run(tmp_path / "data" / "islamtimes" / "20210715T000000Z.jsonl", [old])
    status, stats = run_export(tmp_path / "data", tmp_path / "ds")
    assert status == 0
    rows = {row["article_id"]: row for row in read_jsonl(tmp_path / "ds")}
    assert rows["1"]["published_at"] == "2021-07-15T00:00:00+05:00" and rows["1"]["published_date"] == "2021-07-15"
    assert rows["1"]["published_precision"] == "day"
    assert rows["2"]["published_date"] == "2021-07-14" and rows["2"]["published_precision"] is None
    table = pq.read_table(tmp_path / "ds" / "articles.parquet").to_pylist()
    by_id = {row["article_id"]: row for row in table}
    assert by_id["1"]["published_at"] == datetime(2021, 7, 14, 19, tzinfo=UTC)  # the UTC instant
    assert by_id["1"]["published_date"] == datetime(2021, 7, 15).date()  # the local calendar day
    assert by_id["2"]["published_date"] == datetime(2021, 7, 14).date()
    assert stats["per_day"] == {"2021-07-14": 1, "2021-07-15": 1}
