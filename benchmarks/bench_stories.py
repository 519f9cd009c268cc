"""Stories across outlets: accuracy on the labelled set, and clustering cost as the records grow.

    .venv/bin/python -m benchmarks.bench_stories [--records 200000]

Accuracy: pairwise precision and recall at both levels (same story, copy) on
devtools/stories_set.py (46 corpus stories, a copy and a rewrite of each by other outlets,
all on one day, with same-topic stories as hard negatives).

Scale: clustering only (document frequencies, then the leader clustering), over N and N/10
generated records at the same density (records per day, so the records per time window are
the same), each size in a fresh interpreter: CPU seconds, peak memory, and the clustering's CPU
per record once the window is full (before that there are fewer stories to compare with). Time
linear in the records means that per-record cost stays flat from N/10 to N. The records come
from bench_export's generator (Urdu bodies of 2-4 KB, a tenth of them near copies); the
export adds the read-backs of the records it stores on disk.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import timedelta
from typing import Any

from benchmarks.common import PROJECT, row

PER_DAY = 1000  # records per day: nine Urdu outlets of 100-150 articles a day; a 72 h window holds 3,000
WINDOW_RECORDS = 3 * PER_DAY


def accuracy() -> dict[str, dict[str, float]]:
    from devtools.stories_set import cluster_records, score, versions

    records = versions()
    return score(records, cluster_records([v.record for v in records]))


def texts(records: int):  # type: ignore[no-untyped-def]
    """(text, published microseconds) in publish order, PER_DAY a day, a tenth of them rewritten copies."""
    from benchmarks.bench_export import EPOCH, base_article

    for number in range(records):
        article = base_article(number // 10 * 10 if number % 10 == 9 else number)  # every tenth: a copy
        if number % 10 == 9:
            article["sentences"] = article["sentences"][: len(article["sentences"]) * 2 // 3]
        moment = EPOCH + timedelta(seconds=number * 86400 / PER_DAY)
        yield article["headline"] + "\n" + " ".join(article["sentences"]), int(moment.timestamp() * 1_000_000)


def child(records: int) -> dict[str, Any]:
    from newscrawl.dataset.stories import DocumentFrequencies, StoryClusterer

    started = time.process_time()
    frequencies = DocumentFrequencies()
    for text, _ in texts(records):
        frequencies.add(text)
    clusterer = StoryClusterer(frequencies)
    warm = min(WINDOW_RECORDS, records // 2)  # until the window is full, fewer stories are there to compare
    joined = 0
    for number, (text, published) in enumerate(texts(records)):
        if number == warm:
            steady_from = time.process_time()
        joined += clusterer.add(text, published).similarity < 1.0
    ended = time.process_time()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"records": records, "cpu_seconds": ended - started, "peak_mb": peak_mb, "joined": joined,
            "steady_ms_per_record": 1000 * (ended - steady_from) / (records - warm)}


def measure(records: int) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_stories", "--child", str(records)],
                          cwd=PROJECT, capture_output=True, text=True, check=True, timeout=7200)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(records: int, quick: bool = False) -> dict[str, Any]:
    scores = accuracy()
    rows = [
        row("stories", f"{level}: {name} on the labelled set", round(figures[name], 3), "", f"{figures['pairs']} pairs",
            round(figures[name], 3), ">= 0.9", figures[name] >= 0.9)
        for level, figures in scores.items()
        for name in ("precision", "recall")
    ]
    large = 2000 if quick else records
    small = max(large // 10, 1)
    runs = {size: measure(size) for size in (small, large)}
    steady = {size: runs[size]["steady_ms_per_record"] for size in runs}
    growth = steady[large] / steady[small]
    rows.append(row("stories", f"clustering CPU per record once the window is full, {large} vs {small}",
                    round(steady[large], 3), "ms", f"{steady[small]:.3f} ms at {small}",
                    round(growth, 2), "<= 1.5 (linear)", growth <= 1.5))
    rows.append(row("stories", f"CPU seconds for {large} records (frequencies + clustering)",
                    round(runs[large]["cpu_seconds"], 1), "s", f"{runs[small]['cpu_seconds']:.1f} s at {small}",
                    round(runs[large]["cpu_seconds"] / runs[small]["cpu_seconds"], 2), "report (no target)", None))
    memory = runs[large]["peak_mb"] / runs[small]["peak_mb"]
    rows.append(row("stories", f"peak MB clustering {large}", round(runs[large]["peak_mb"], 1), "MB",
                    f"{runs[small]['peak_mb']:.0f} MB at {small}", round(memory, 2), "report (no target)", None))
    return {"accuracy": scores, "runs": runs, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    result = run(args.records, args.quick)
    for entry in result["rows"]:
        print(f"{entry['measure']:55} {entry['value']!s:>10} {entry['unit']:3} ratio {entry['ratio']}  {entry['target']}")


if __name__ == "__main__":
    main()
