"""Issue 11 on the export side: one bad record, a hostile name or a second export is never fatal.

Each test feeds ``python -m newscrawl export`` what a bad day leaves in a data
directory and checks the dataset still comes out, with the bad line skipped,
counted and named (cases 3 and 8 of the issue).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from export_helpers import CABINET, CHINA, RAIN, SHORT_NEWS, article, read_jsonl, run_export, write_run

REPO = Path(__file__).resolve().parents[2]
GOOD = article(1, CHINA, headline="پاکستان اور چین کے درمیان نئے معاہدے")


def _spliced(record: dict[str, object], field: str, raw_json: str) -> str:
    """*record* as one JSON line whose *field* holds *raw_json* verbatim (what json.dumps cannot write)."""
    line = json.dumps({**record, field: None}, ensure_ascii=False)
    return line.replace(f'"{field}": null', f'"{field}": {raw_json}', 1)


# What a bad day writes into a run file, and the reason the export names it by.
BAD_RECORDS = {
    "year below 1000": ({**article(2, RAIN), "published_at": "0999-01-01T00:00:00+00:00"}, "bad timestamp"),
    "year 1 (JSON-LD 0001-01-01)": ({**article(2, RAIN), "published_at": "0001-01-01T00:00:00Z"}, "bad timestamp"),
    "UTC time past year 9999": ({**article(2, RAIN), "published_at": "9999-12-31T23:59:59-12:00"}, "bad timestamp"),
    "crawled_at before year 1000": ({**article(2, RAIN), "crawled_at": "0500-06-01T00:00:00+00:00"}, "bad timestamp"),
    "lone surrogate in the headline": (_spliced(article(2, RAIN), "headline", r'"\ud800 سرخی"'), "invalid Unicode"),
    "lone surrogate in a keyword": (_spliced(article(2, RAIN), "keywords", r'["\udfff"]'), "invalid Unicode"),
    "5,000-digit integer": (_spliced(article(2, RAIN), "extra", "9" * 5000), "not JSON"),
    "arrays nested 100,000 deep": (_spliced(article(2, RAIN), "extra", "[" * 100_000 + "]" * 100_000), "not JSON"),
}


@pytest.mark.parametrize("case", BAD_RECORDS)
def test_a_record_the_export_cannot_write_is_skipped_counted_and_named(case: str, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    bad, reason = BAD_RECORDS[case]
    write_run(tmp_path / "data" / "run.jsonl", [GOOD, bad, article(3, CABINET[:3])])

    status, stats = run_export(tmp_path / "data", tmp_path / "ds")

    assert status == 0
    assert stats is not None and stats["counts"]["exported"] == 2 and stats["counts"]["bad_lines"] == 1
    assert [(b["file"], b["line"], b["reason"]) for b in stats["bad_lines"]["lines"]] == [("run.jsonl", 2, reason)]
    assert "export: skipped run.jsonl:2: " + reason in capsys.readouterr().err
    assert [row["article_id"] for row in read_jsonl(tmp_path / "ds")] == ["1", "3"]


def test_card_escapes_names_taken_from_run_files(tmp_path: Path) -> None:
    """A site, host or file name, or a bad line's text, is shown as text: never HTML, never a new line."""
    evil_site = "<script>alert(1)</script>\n# pwned"
    data = tmp_path / "data"
    write_run(data / "weird`name|x.jsonl", [
        article(1, CHINA, site=evil_site, host="evil-<b>host</b>.example"),
        '{"url": "<img src=x onerror=alert(1)>\n',
    ])
    status, stats = run_export(data, tmp_path / "ds")
    assert status == 0 and stats is not None and stats["per_site"] == {evil_site: 1}

    card = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    assert "<script>" not in card and "<img" not in card and "<b>" not in card
    assert "\n# pwned" not in card  # the site's newline did not start a heading
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;\\\\n\\# pwned" in card
    # every table row still has as many cells as its header
    site_rows = card.split("### Articles per site\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(site_rows) == 3 and all(row.replace("\\|", "").count("|") == 3 for row in site_rows)
    assert "- ``` weird`name|x.jsonl:2 ```" not in card and "- `` weird`name|x.jsonl:2 ``: not JSON" in card


def _export_command(data: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "newscrawl", "export", str(data), "--out", str(out)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def _many_records(data: Path, count: int) -> None:
    write_run(data / "run.jsonl", [article(n, [SHORT_NEWS[n % len(SHORT_NEWS)], f"خبر {n}"]) for n in range(count)])


def _check_sums(out: Path) -> None:
    for line in (out / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name


def test_out_as_a_symlink_publishes_through_the_link_and_exits_0(tmp_path: Path) -> None:
    write_run(tmp_path / "data" / "run.jsonl", [GOOD])
    target = tmp_path / "datasets" / "v1"
    assert run_export(tmp_path / "data", target)[0] == 0
    link = tmp_path / "current"
    link.symlink_to(target, target_is_directory=True)
    write_run(tmp_path / "data" / "run2.jsonl", [article(2, RAIN)])

    status, stats = run_export(tmp_path / "data", link)

    assert status == 0 and stats is not None and stats["counts"]["exported"] == 2
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert len(read_jsonl(target)) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "data", "datasets"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["v1"]  # nothing hidden left beside it


def test_a_killed_exports_staging_dir_is_removed_by_the_next_export(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "ds"
    _many_records(data, 4000)
    process = subprocess.Popen(_export_command(data, out), env=_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    staging = out.parent / f".ds.tmp-{process.pid}"
    while not (staging / "articles.parquet").exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert staging.is_dir()  # what the kill left behind
    assert not out.exists()

    done = subprocess.run(_export_command(data, out), env=_env(), capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "ds"]
    _check_sums(out)


def test_a_dataset_renamed_aside_by_a_kill_is_put_back(tmp_path: Path) -> None:
    """Killed between publish's two renames: the earlier dataset sits in .ds.old-PID and --out is gone."""
    write_run(tmp_path / "data" / "run.jsonl", [GOOD])
    out = tmp_path / "ds"
    assert run_export(tmp_path / "data", out)[0] == 0
    out.rename(tmp_path / ".ds.old-4242")
    (tmp_path / ".ds.tmp-4242").mkdir()

    status, stats = run_export(tmp_path / "data", out)

    assert status == 0 and stats is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "ds"]


# Slows every rename by a second: both exports then find --out missing before either renames
# its staging directory into place, which on an unlocked export makes the second rename fail.
SLOW_RENAME = (
    "import pathlib, sys, time\n"
    "rename = pathlib.Path.rename\n"
    "pathlib.Path.rename = lambda self, target: (time.sleep(1.0), rename(self, target))[1]\n"
    "from newscrawl.__main__ import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def test_two_simultaneous_exports_into_one_directory_both_succeed(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "ds"
    _many_records(data, 300)
    command = [sys.executable, "-c", SLOW_RENAME, "export", str(data), "--out", str(out)]
    processes = [subprocess.Popen(command, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
    results = [process.communicate(timeout=300) + (process.returncode,) for process in processes]

    assert [code for _, _, code in results] == [0, 0], results
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "ds"]
    _check_sums(out)
    assert len(read_jsonl(out)) == 300


# --- case 2: a canonical URL is an article's identity only when it can name that page ------------------

@pytest.mark.parametrize("canonical", ["https://www.islamtimes.com/", "https://www.islamtimes.com/ur/",
                                       "https://www.islamtimes.com/ur/news/"])
def test_articles_declaring_the_home_page_or_a_listing_as_canonical_are_all_exported(canonical: str,
                                                                                    tmp_path: Path) -> None:
    records = [article(n, [SHORT_NEWS[n % len(SHORT_NEWS)], f"خبر {n}"], canonical=canonical) for n in range(10)]
    write_run(tmp_path / "data" / "run.jsonl", records)

    status, stats = run_export(tmp_path / "data", tmp_path / "ds")

    assert status == 0 and stats is not None
    assert stats["counts"]["exported"] == 10 and stats["duplicates_removed"]["url"] == 0
    assert stats["canonical_url_not_used"] == {"home_or_listing": 10, "declared_by_many_texts": 0}
    rows = read_jsonl(tmp_path / "ds")
    assert {row["canonical_url"] for row in rows} == {canonical}  # kept as the page declared it
    assert all(row["duplicates"] == [] for row in rows)


def test_a_canonical_url_many_different_texts_declare_is_not_an_identity(tmp_path: Path) -> None:
    newest = "https://www.islamtimes.com/ur/news/500/taza"
    records = [article(n, [SHORT_NEWS[n % len(SHORT_NEWS)], f"خبر {n}"], canonical=newest) for n in range(6)]
    edited = [article(600, [SHORT_NEWS[0]], url="https://www.islamtimes.com/ur/news/600/a?page=1",
                      canonical="https://www.islamtimes.com/ur/news/600/a"),
              article(600, [SHORT_NEWS[0], "تصحیح"], url="https://m.islamtimes.com/ur/news/600/a",
                      canonical="https://www.islamtimes.com/ur/news/600/a", crawled="2025-03-02T10:00:00+00:00")]
    write_run(tmp_path / "data" / "run.jsonl", records + edited)

    status, stats = run_export(tmp_path / "data", tmp_path / "ds")

    assert status == 0 and stats is not None
    assert stats["canonical_url_not_used"] == {"home_or_listing": 0, "declared_by_many_texts": 6}
    assert stats["counts"]["exported"] == 7  # six articles, and the edited one once (its newest crawl)
    assert stats["duplicates_removed"]["url"] == 1
    assert "تصحیح" in next(row["body"] for row in read_jsonl(tmp_path / "ds") if row["article_id"] == "600")
