"""Export (and cron) against a hostile file system: missing, unwritable and full.

Tests run as root in CI, so "unwritable" cannot be a chmod: a file where a
directory should be stands in for it, and a full disk is RLIMIT_FSIZE in the
child process (a write beyond it fails with EFBIG, as ENOSPC would fail it).
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from export_helpers import CABINET, CHINA, RAIN, article, write_run

from devtools.mirror.server import DEFAULT_ROOT, serving

REPO = Path(__file__).resolve().parents[2]


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


# -- cron -------------------------------------------------------------------------------------

FAST_SET = ("--set", "AUTOTHROTTLE_START_DELAY=0", "--set", "DOWNLOAD_DELAY=0")


@pytest.fixture(scope="module")
def mirror_url():
    with serving(DEFAULT_ROOT) as server:
        yield server.base_url


def cron(data: Path, base_url: str, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    return run("cron", "islamtimes", "--base-url", base_url, "--data-dir", str(data), *FAST_SET,
               cwd=REPO, fsize=fsize)


def test_cron_creates_a_missing_data_dir(tmp_path, mirror_url):
    data = tmp_path / "not" / "yet" / "data"
    done = cron(data, mirror_url)
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(list((data / "islamtimes").glob("*.jsonl"))) == 1


def test_cron_data_dir_under_a_file(tmp_path, mirror_url):
    (tmp_path / "blocker").write_text("not a directory")
    done = cron(tmp_path / "blocker" / "data", mirror_url)
    assert done.returncode != 0
    assert "blocker" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "blocker").read_text() == "not a directory"


@pytest.fixture
def earlier_run(tmp_path, mirror_url) -> Path:
    data = tmp_path / "data"
    done = cron(data, mirror_url)
    assert done.returncode == 0, done.stderr[-2000:]
    return data


def test_cron_corrupt_seen_store_is_moved_aside_not_destroyed(earlier_run, mirror_url):
    root = earlier_run / "islamtimes"
    runs_before = snapshot(root)
    store = root / "seen.sqlite3"
    for side in root.glob("seen.sqlite3-*"):
        side.unlink()
    store.write_bytes(b"\x00garbage, not SQLite" * 64)
    done = cron(earlier_run, mirror_url)
    # A clear one-line reason and a non-zero exit; the corrupt bytes are kept beside the new store,
    # the run itself went through on an empty store, and the next run is healthy again.
    assert done.returncode == 6, done.stderr[-2000:]
    assert "seen-store was corrupt" in done.stderr
    aside = list(root.glob("seen.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == b"\x00garbage, not SQLite" * 64
    after = snapshot(root)
    assert all(after.get(name) == digest for name, digest in runs_before.items() if name.endswith(".jsonl"))
    report = json.loads(sorted(root.glob("*.report.json"))[-1].read_text(encoding="utf-8"))
    assert report["stats"]["newscrawl/seen/store_recreated"] == 1
    assert cron(earlier_run, mirror_url).returncode == 0  # the recreated store is sound: back to healthy


def test_cron_full_disk_fails_cleanly_and_keeps_earlier_runs(earlier_run, mirror_url):
    root = earlier_run / "islamtimes"
    before = {name: digest for name, digest in snapshot(root).items() if name.endswith(".jsonl")}
    done = cron(earlier_run, mirror_url, fsize=4096)
    assert done.returncode != 0
    assert "failed" in done.stderr
    after = snapshot(root)
    assert all(after.get(name) == digest for name, digest in before.items())


def test_cron_full_disk_keeps_the_seen_store_in_place(earlier_run, mirror_url):
    root = earlier_run / "islamtimes"
    cron(earlier_run, mirror_url, fsize=4096)
    assert not list(root.glob("seen.sqlite3.corrupt-*"))


def test_cron_on_the_fault_mirror_is_healthy(tmp_path):
    """Every fault of the mirror at once is still a healthy run by the cron health rules (exit 0)."""
    with serving(DEFAULT_ROOT, faults=True) as server:
        done = run("cron", "islamtimes", "--base-url", server.base_url, "--data-dir", str(tmp_path / "data"),
                   *FAST_SET, "--set", "DOWNLOAD_TIMEOUT=2", cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(next((tmp_path / "data" / "islamtimes").glob("*.report.json")).read_text(encoding="utf-8"))
    assert report["run"]["status"] == "ok"
    assert report["run"]["errors"].get("timeout") and report["run"]["dropped"].get("out_of_scope")
