"""Run every benchmark, print one table of ratios against their targets, write results/latest.json.

    .venv/bin/python -m benchmarks.run            # the full suite, a few minutes on 2 cores
    .venv/bin/python -m benchmarks.run --quick    # scaled down, seconds: a smoke run
    .venv/bin/python -m benchmarks.run --only extract,dates --extract-repeat 30
    .venv/bin/python -m benchmarks.run --only accuracy   # real pages with answer keys (../shared/realpages-dev)
    .venv/bin/python -m benchmarks.run --only memory --memory-small 2000 --memory-large 20000
    .venv/bin/python -m benchmarks.run --only profile_crawl   # where the real-weight crawl's CPU goes, 100%

Every number that has a target is a ratio to a baseline measured in the same run
(interleaved where both run in one process), so results compare across machines;
the machine, its load average and the date are recorded beside them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # python benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import PROJECT, RESULTS, machine, row  # noqa: E402

BENCHMARKS = ("extract", "accuracy", "dates", "gates", "crawl", "crawl_heavy", "profile_crawl", "memory", "seen_store", "export",
              "stories", "warc", "redis", "status")


def run_export(records: int) -> dict[str, Any]:
    """benchmarks/bench_export.py (the export engineer's), in its own process; its JSON mapped to rows."""
    script = PROJECT / "benchmarks" / "bench_export.py"
    if not script.exists():
        return {"rows": [row("export", "records/s at 100k", 0, "", "missing", None, "benchmarks/bench_export.py", None)]}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export.json"
        done = subprocess.run([sys.executable, str(script), "--records", str(records), "--json", str(out)],
                              cwd=PROJECT, capture_output=True, text=True, timeout=1800)
        if done.returncode or not out.exists():
            return {"error": done.stderr[-2000:],
                    "rows": [row("export", "records/s", 0, "", "failed", None, "see error", False)]}
        report = json.loads(out.read_text(encoding="utf-8"))
    runs = {(r["config"], r["records"]): r for r in report["runs"]}
    baseline = runs[("baseline", records)]
    rows = []
    for kind, label in (("export", "near-dups off"), ("export-nd", "near-dups on"), ("export-st", "stories on")):
        entry = runs[(kind, records)]
        rows.append(row("export", f"records/s at {records}, {label}", round(entry["records_per_s"]), "records/s",
                        f"json.loads only {baseline['records_per_s']:.0f}/s",
                        round(entry["speed_vs_baseline"], 3), "report (no target)", None))
        mem = report["ratios"]["peak_memory_full_over_tenth"][kind]
        rows.append(row("export", f"peak MB at {records}, {label}", round(entry["peak_mb"], 1), "MB",
                        f"at {report['small']}: {runs[(kind, report['small'])]['peak_mb']:.0f} MB",
                        round(mem, 2), "report (no target)", None))
    return {"report": report, "rows": rows}


def run_one(name: str, args: argparse.Namespace) -> dict[str, Any]:
    quick = args.quick
    if name == "extract":
        from benchmarks import bench_extract
        return bench_extract.run(args.extract_repeat, quick, args.extract_heavy_repeat)
    if name == "gates":
        from benchmarks import bench_gates
        return bench_gates.run(quick=quick)
    if name == "accuracy":
        from benchmarks import bench_accuracy

        result = bench_accuracy.run(quick=quick)
        # every page's extracted text stays out of results/*.json: fetched pages live in ../shared,
        # never in the repository (`bench_accuracy --json FILE` writes them where you choose)
        result.pop("results", None)
        return result
    if name == "dates":
        from benchmarks import bench_dates
        return bench_dates.run(args.dates_repeat, quick)
    if name == "crawl":
        from benchmarks import bench_crawl
        return bench_crawl.run(args.crawl_seconds, args.crawl_articles, quick, args.crawl_rounds)
    if name == "crawl_heavy":
        from benchmarks import bench_crawl
        return bench_crawl.run_heavy(args.crawl_seconds, args.crawl_articles, quick, args.crawl_rounds)
    if name == "profile_crawl":
        from benchmarks import profile_crawl
        return profile_crawl.run(args.profile_pages, args.crawl_articles, quick)
    if name == "memory":
        from benchmarks import bench_memory
        return bench_memory.run(args.memory_small, args.memory_large, quick)
    if name == "seen_store":
        from benchmarks import bench_seen_store
        return bench_seen_store.run(args.seen_entries, quick)
    if name == "export":
        return run_export(2000 if quick else args.export_records)
    if name == "stories":
        from benchmarks import bench_stories
        return bench_stories.run(args.stories_records, quick)
    if name == "warc":
        from benchmarks import bench_warc
        return bench_warc.run(args.warc_pages, args.crawl_seconds, args.crawl_rounds, quick)
    if name == "redis":
        from benchmarks import bench_redis
        return bench_redis.run(args.redis_seconds, args.redis_delay, 1, args.redis_memory_entries, quick)
    if name == "status":
        from benchmarks import bench_status
        return bench_status.run(args.status_days, quick, history=args.status_history)
    raise ValueError(name)


def fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(rows: list[dict[str, Any]]) -> str:
    """A Markdown table: benchmark, measure, value, baseline, ratio, target, pass/fail."""
    lines = ["| benchmark | measure | value | baseline | ratio | target | result |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        verdict = {True: "pass", False: "FAIL", None: "-"}[r["passed"]]
        lines.append(f"| {r['benchmark']} | {r['measure']} | {fmt(r['value'])} {r['unit']} | {r['baseline']} | "
                     f"{fmt(r['ratio'])} | {r['target']} | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="scaled-down run (seconds)")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help=f"comma-separated subset of {','.join(BENCHMARKS)}")
    parser.add_argument("--json", type=Path, help="results file (default: results/latest.json; with --quick "
                        "results/quick.json, untracked, so a smoke run never overwrites the tracked numbers)")
    parser.add_argument("--extract-repeat", type=int, default=15)
    parser.add_argument("--dates-repeat", type=int, default=20)
    parser.add_argument("--extract-heavy-repeat", type=int, default=3)
    parser.add_argument("--crawl-seconds", type=float, default=15)
    parser.add_argument("--crawl-rounds", type=int, default=2)
    parser.add_argument("--crawl-articles", type=int, default=20_000)
    parser.add_argument("--profile-pages", type=int, default=1000, help="responses of the profiled real-weight crawl")
    parser.add_argument("--memory-small", type=int, default=5000)
    parser.add_argument("--memory-large", type=int, default=50_000)
    parser.add_argument("--seen-entries", type=int, default=1_000_000)
    parser.add_argument("--export-records", type=int, default=100_000)
    parser.add_argument("--stories-records", type=int, default=100_000, help="records clustered (and a tenth)")
    parser.add_argument("--warc-pages", type=int, default=300, help="real-weight pages in the re-extraction WARC")
    parser.add_argument("--redis-seconds", type=float, default=40)
    parser.add_argument("--redis-delay", type=float, default=1.0)
    parser.add_argument("--redis-memory-entries", type=int, default=100_000)
    parser.add_argument("--status-days", type=int, default=365, help="days of hourly runs of nine sites for the page")
    parser.add_argument("--status-history", type=Path, help="keep (or reuse) the status benchmark's generated history")
    args = parser.parse_args(argv)
    if args.json is None:
        args.json = RESULTS / ("quick.json" if args.quick else "latest.json")
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    results: dict[str, Any] = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                               "machine": machine(), "quick": args.quick, "benchmarks": {}}
    rows: list[dict[str, Any]] = []
    for name in names:
        started = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        result = run_one(name, args)
        result["seconds"] = round(time.perf_counter() - started, 1)
        results["benchmarks"][name] = result
        rows += result["rows"]
        print(f"  {name}: {result['seconds']} s", file=sys.stderr, flush=True)
    results["machine"]["load_avg_after"] = machine()["load_avg"]
    results["rows"] = rows
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    m = results["machine"]
    print(f"\n{results['date']} · {m['nproc']} cores · {m['cpu']} · {m['ram_gb']} GB RAM · "
          f"load {m['load_avg']} -> {m['load_avg_after']}{' · QUICK' if args.quick else ''}")
    print(table(rows))
    for name, result in results["benchmarks"].items():
        if "table" in result:  # a benchmark's own table (profile_crawl: the crawl process by part, 100%)
            print(f"\n{name}:\n{result['table']}")
    print(f"\nresults: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
