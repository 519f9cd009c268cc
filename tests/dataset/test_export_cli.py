"""End to end, as a researcher runs it: ``python -m newscrawl export`` in a fresh process."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from export_helpers import CABINET, CHINA, RAIN, article, write_run

REPO = Path(__file__).resolve().parents[2]


def export(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "newscrawl", "export", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_export_end_to_end(tmp_path: Path) -> None:
    write_run(tmp_path / "data" / "islamtimes" / "20250301T000000Z.jsonl",
              [article(1, CABINET[:4]), article(2, RAIN, published="2025-03-02T09:00:00+00:00")],
              truncated='{"url": "https://www.islamtimes.com/ur/news/3/')
    write_run(tmp_path / "data" / "islamtimes" / "20250302T000000Z.jsonl.gz",
              [article(2, RAIN, published="2025-03-02T09:00:00+00:00", crawled="2025-03-02T10:00:00+00:00"),
               article(4, CHINA, published="2025-03-04T09:00:00+00:00")])

    done = export("--out", "dataset", "--near-duplicates", cwd=tmp_path)  # DATA_DIR defaults to data/

    assert done.returncode == 0, done.stderr
    out = tmp_path / "dataset"
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "SHA256SUMS", "articles.jsonl.gz",
                                                     "articles.parquet", "articles_per_day.png", "stats.json"]
    for line in (out / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["counts"]["exported"] == 3 and stats["duplicates_removed"]["url"] == 1
    assert stats["command"] == "python -m newscrawl export data --out dataset --near-duplicates " \
                               "--near-duplicate-threshold 0.8 --shingle-size 5"
    assert "islamtimes/20250301T000000Z.jsonl:3: truncated last line" in done.stderr
    assert "3 articles" in done.stdout
    assert "\r" not in done.stderr  # no progress bar when stderr is not a terminal


def test_missing_data_dir_exits_2_with_one_line(tmp_path: Path) -> None:
    done = export("missing", "--out", "dataset", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "missing" in done.stderr
    assert not (tmp_path / "dataset").exists()
