"""Retention never removes a run file whose records are not all in a dataset on disk (issue 24, case 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from newscrawl.cron.retention import LEDGER, prune
from tests.export_helpers import CHINA, CRICKET, RAIN, article, run_export, write_run

OLD, CURRENT = "20250301T000000Z", "20250310T000000Z"


def data_with_one_old_run(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    run = write_run(data / "islamtimes" / f"{OLD}.jsonl",
                    [article(1, CHINA), article(2, CRICKET), article(3, RAIN, published=None)])
    (data / "islamtimes" / f"{OLD}.report.json").write_text("{}", encoding="utf-8")
    return data, run


def pruned(data: Path) -> list[Path]:
    removed, _ = prune(data / "islamtimes", keep_runs=1, keep_days=None, current=CURRENT)
    return removed


def test_a_filtered_export_vouches_for_nothing(tmp_path: Path) -> None:
    data, run = data_with_one_old_run(tmp_path)
    status, stats = run_export(data, tmp_path / "ds", "--keyword", "چین", "--include-undated")
    assert status == 0 and stats is not None and stats["records"] == 1  # 1 of 3 exported
    assert pruned(data) == [] and run.exists()
    assert run_export(data, tmp_path / "none", "--keyword", "زلزلہ")[0] == 2  # everything filtered: nothing written
    assert pruned(data) == [] and run.exists()
    # left out by the default: the undated article is not in this dataset either
    status, _ = run_export(data, tmp_path / "ds")
    assert status == 0
    assert pruned(data) == [] and run.exists()


def test_a_run_file_goes_only_while_a_dataset_on_disk_holds_all_of_it(tmp_path: Path) -> None:
    data, run = data_with_one_old_run(tmp_path)
    assert run_export(data, tmp_path / "ds", "--include-undated")[0] == 0
    ledger = json.loads((run.parent / LEDGER).read_text(encoding="utf-8"))
    assert ledger[run.name]["dataset"] == str((tmp_path / "ds").resolve())
    shutil.rmtree(tmp_path / "ds")  # the dataset was deleted since
    assert pruned(data) == [] and run.exists()
    assert run_export(data, tmp_path / "ds", "--include-undated")[0] == 0
    assert run_export(data, tmp_path / "ds", "--keyword", "چین")[0] == 0  # replaced by a filtered one
    assert pruned(data) == [] and run.exists()
    assert run_export(data, tmp_path / "ds", "--include-undated")[0] == 0
    assert sorted(path.name for path in pruned(data)) == [f"{OLD}.jsonl", f"{OLD}.report.json"]


def test_a_damaged_ledger_entry_keeps_the_file(tmp_path: Path) -> None:
    data, run = data_with_one_old_run(tmp_path)
    (run.parent / LEDGER).write_text(json.dumps({run.name: 5}), encoding="utf-8")
    assert pruned(data) == [] and run.exists()
