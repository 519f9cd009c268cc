"""The export benchmark still runs (at a tiny size; it is never a timed test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_bench_export_smoke(tmp_path: Path) -> None:
    results = tmp_path / "export.json"
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_export.py"), "--records", "2000",
                           "--json", str(results)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(results.read_text(encoding="utf-8"))
    assert {(run["config"], run["records"]) for run in report["runs"]} == {
        ("baseline", 2000), ("export", 2000), ("export-nd", 2000), ("export-st", 2000),
        ("export", 200), ("export-nd", 200), ("export-st", 200)}
    generated = report["generated"]
    for run in report["runs"]:
        assert run["lines"] == run["records"] and run["records_per_s"] > 0 and run["peak_mb"] > 0
        if run["config"] == "export-nd" and run["records"] == 2000:
            # every generated duplicate of an exact kind is found; near duplicates mostly
            assert run["removed"]["url"] == generated["url_recrawl"]
            assert run["removed"]["content_hash"] >= generated["same_text_new_url"]
            assert 0 < run["removed"]["near_duplicate"] <= generated["near_duplicate"]
        if run["config"] == "export-st" and run["records"] == 2000:
            # the generated near duplicates (one sentence changed, same site) are stories of several records
            assert run["stories_of_several_records"] > 0
    assert set(report["ratios"]["peak_memory_full_over_tenth"]) == {"export", "export-nd", "export-st"}
    assert "records/s" in done.stdout
