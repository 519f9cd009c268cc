"""Export (and cron) against a hostile file system: missing, unwritable and full.

Tests run as root in CI, so "unwritable" cannot be a chmod: a file where a
directory should be stands in for it, and a full disk is RLIMIT_FSIZE in the
child process (a write beyond it fails with EFBIG, as ENOSPC would fail it).
"""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from export_helpers import CABINET, CHINA, RAIN, article, write_run

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "newscrawl", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, preexec_fn=limit)


def snapshot(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def make_runs(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    write_run(data / "islamtimes" / "20250301T000000Z.jsonl",
              [article(1, CABINET[:4]), article(2, RAIN, published="2025-03-02T09:00:00+00:00"),
               article(4, CHINA, published="2025-03-04T09:00:00+00:00")])
    return data


def test_export_missing_data_dir(tmp_path):
    done = run("export", "no-such-dir", "--out", "dataset", cwd=tmp_path)
    assert done.returncode == 2
    assert "no-such-dir" in done.stderr and "not a directory" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "dataset").exists()


def test_export_out_under_a_file(tmp_path):
    make_runs(tmp_path)
    (tmp_path / "blocker").write_text("not a directory")
    done = run("export", "data", "--out", "blocker/dataset", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "blocker" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "blocker").read_text() == "not a directory"


def test_export_refuses_to_replace_a_directory_that_is_not_a_dataset(tmp_path):
    make_runs(tmp_path)
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.txt").write_text("three years of work")
    done = run("export", "data", "--out", "notes", cwd=tmp_path)
    assert done.returncode == 2 and "refusing" in done.stderr
    assert (precious / "thesis.txt").read_text() == "three years of work"


def test_export_on_a_full_disk_keeps_the_earlier_dataset(tmp_path):
    data = make_runs(tmp_path)
    first = run("export", "data", "--out", "dataset", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = snapshot(tmp_path / "dataset")
    write_run(data / "islamtimes" / "20250302T000000Z.jsonl", [article(5, CABINET[4:12])])

    done = run("export", "data", "--out", "dataset", cwd=tmp_path, fsize=2048)

    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "export failed" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(tmp_path / "dataset") == before  # nothing already written destroyed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "dataset"]  # no staging left behind
