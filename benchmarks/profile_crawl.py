"""Where the real-weight crawl process spends its CPU: one cProfile table adding up to 100%.

    .venv/bin/python -m benchmarks.profile_crawl [--pages 400] [--articles 20000]
    .venv/bin/python -m benchmarks.run --only profile_crawl

``scrapy crawl islamtimes`` (the project's settings, ``bench_crawl``'s: no delays, 16 concurrent
requests) against the real-weight synthetic mirror (``devtools.mirror.synthetic --chrome``, its
own process) to a fixed number of responses (``CLOSESPIDER_PAGECOUNT``), in one child process
profiled from its first import to its exit by cProfile timed in CPU time (``time.process_time``),
in three phases: start-up (to ``engine_started``), the crawl, shutdown (from ``spider_closed``).
The crawl's own time (each function's ``tottime``) goes to one part by the function's module; a
function of no part (the standard library, w3lib, the gates' rules) goes to its callers' parts in
proportion to the time each caller spent in it (``profile_extract.shares``), so the parts and the
two phases add up to the profiled process. cProfile inflates many small Python calls against a
few long C calls: the shares say where the time goes, the CPU per page (un-profiled, ``cpu_per_page``
below) how much there is.

Beside it, un-profiled, the marginal CPU per page of our crawl and of ``benchmarks/bare_spider.py``:
the child's CPU (``getrusage``) for *pages* responses minus that for a quarter of them, over the
difference, so start-up cancels out. CPU time, not wall time, so the ratio holds on a loaded machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.bench_crawl import CRAWL_SETTINGS, bare_env, synthetic_mirror
from benchmarks.common import PROJECT, row
from benchmarks.profile_extract import shares

START, SHUTDOWN = "start-up (imports, settings, crawler, engine)", "shutdown (stats, report, verdict)"
#: (part, pattern on ``file:line(function)``), first match wins; the crawl phase only.
PARTS = (
    (
        "Scrapy's parse of article pages (parsel's create_root_node)",
        r"parsel/selector.py:\d+\(create_root_node|extract/page.py:\d+\(parse_",
    ),
    ("the extraction walk (walk_page)", r"extract/walk.py:\d+\(walk_page"),
    ("site learner (page_parsed: names, furniture blocks)", r"newscrawl/crawler/site.py"),
    ("quality gates (GatesPipeline)", r"newscrawl/pipelines/gates.py"),
    ("JSONL export (pipeline, Scrapy's exporter)", r"newscrawl/pipelines/jsonl.py|scrapy/exporters"),
    ("other pipelines (validate, since, dedup, seen, limit, provenance)", r"newscrawl/pipelines/|scrapy/pipelines"),
    (
        "listing pages (parse_listing, link extraction)",
        r"spiders/\w+.py:\d+\(parse_listing|linkextractors|crawler/links.py",
    ),
    (
        "the rest of extraction (strategies, ItemLoader, processors, requests)",
        r"newscrawl/(extract|spiders)/|itemloaders|scrapy/loader|dateparser|cssselect|parsel/|newscrawl/crawler/items.py",
    ),
    ("signals (send_catch_log, pydispatch)", r"pydispatch|scrapy/utils/signal.py|scrapy/signalmanager.py"),
    (
        "request fingerprints, dupefilter, scheduler",
        r"scrapy/utils/request.py|dupefilter|scrapy/core/scheduler|squeues|queuelib|pqueues",
    ),
    ("our middlewares and extensions", r"newscrawl/(crawler|warc|state|distributed)/"),
    ("stats (StatsCollector calls)", r"scrapy/statscollectors"),
    ("logging", r"/logging/|scrapy/logformatter|scrapy/utils/log"),
    (
        "spider middlewares, engine, downloader, HTTP, asyncio (Scrapy's, as the bare spider's)",
        r"scrapy/|twisted/|asyncio/|selectors.py|socket.py|zope/",
    ),
)
CHILD = """
import cProfile, gc, json, sys, time
profilers = [cProfile.Profile(time.process_time, builtins=False)]
profilers[0].enable()
from pydispatch import dispatcher
from scrapy import signals
from scrapy.cmdline import execute
def phase(**_):
    profilers[-1].disable(); profilers.append(cProfile.Profile(time.process_time, builtins=False)); profilers[-1].enable()
dispatcher.connect(phase, signal=signals.engine_started, weak=False)
dispatcher.connect(phase, signal=signals.spider_closed, weak=False)
collecting, collected = [], [0.0]
def on_collection(stage, info):
    if stage == "start": collecting.append(time.process_time())
    elif collecting: collected[0] += time.process_time() - collecting.pop()
gc.callbacks.append(on_collection)
try:
    execute(["scrapy", "crawl", *sys.argv[2:]])
except SystemExit:
    pass
profilers[-1].disable()
from benchmarks.profile_crawl import summarize
json.dump({**summarize(profilers), "collector": collected[0]}, open(sys.argv[1], "w"))
"""


def summarize(profilers: list[Any]) -> dict[str, Any]:
    """Seconds per part of the profiled process: the crawl phase split by PARTS, start-up and shutdown whole."""
    import pstats

    totals = [sum(r[2] for r in pstats.Stats(p).stats.values()) for p in profilers]  # type: ignore[attr-defined]
    if len(profilers) != 3:  # the crawl never started: all of it was start-up
        return {"parts": {START: sum(totals)}, "total": sum(totals)}
    crawl = shares(pstats.Stats(profilers[1]).stats, PARTS, "glue of no part")  # type: ignore[attr-defined]
    parts = {START: totals[0], **{name: share * totals[1] for name, share in crawl.items()}, SHUTDOWN: totals[2]}
    return {"parts": parts, "total": sum(totals)}


def crawl_args(base_url: str, out: Path, pages: int, extra: tuple[str, ...] = ()) -> list[str]:
    return ["islamtimes", "-a", f"base_url={base_url}"] + setting_args(
        f"NEWSCRAWL_JSONL_PATH={out / 'out.jsonl'}",
        f"NEWSCRAWL_REPORT_PATH={out / 'report.json'}",
        f"CLOSESPIDER_PAGECOUNT={pages}",
        *CRAWL_SETTINGS,
        *extra,
    )


def setting_args(*settings: str) -> list[str]:
    """``-s NAME=VALUE`` for each of *settings*, as ``scrapy crawl`` and ``runspider`` take them."""
    return [arg for setting in settings for arg in ("-s", setting)]


def profile(base_url: str, pages: int, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """The crawl to *pages* responses in a profiled child; seconds per part, responses and items."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(out / "profile.json"), *crawl_args(base_url, out, pages, extra)],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if not (out / "profile.json").exists():
            raise RuntimeError(f"profiled crawl failed: {done.stderr[-2000:]}")
        result = json.loads((out / "profile.json").read_text(encoding="utf-8"))
        stats = json.loads((out / "report.json").read_text(encoding="utf-8"))["stats"]
    result["responses"] = stats.get("response_received_count", 0)
    result["items"] = stats.get("item_scraped_count", 0)
    return result


def child_cpu(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system, getrusage) of one child process run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=3600, env=env
    )  # exit code: a health verdict
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def crawl_cpu(base_url: str, pages: int, bare: bool = False, extra: tuple[str, ...] = ()) -> float:
    """CPU seconds of our crawl (or the bare spider) to *pages* responses, the whole process."""
    with tempfile.TemporaryDirectory() as tmp:
        if bare:
            spider = str(PROJECT / "benchmarks" / "bare_spider.py")
            command = [sys.executable, "-m", "scrapy", "runspider", spider, "-a", f"base_url={base_url}"]
            command += setting_args(f"CLOSESPIDER_PAGECOUNT={pages}", f"LOG_FILE={tmp}/log", *CRAWL_SETTINGS, *extra)
            return child_cpu(command, Path(tmp), bare_env())
        return child_cpu(
            [sys.executable, "-m", "scrapy", "crawl", *crawl_args(base_url, Path(tmp), pages, extra)], PROJECT
        )


def cpu_per_page(base_url: str, pages: int, bare: bool = False) -> float:
    """Marginal CPU ms per page: (CPU to *pages* − CPU to pages/4) / (3/4 pages)."""
    small = max(1, pages // 4)
    return 1000 * (crawl_cpu(base_url, pages, bare) - crawl_cpu(base_url, small, bare)) / (pages - small)


def table(result: dict[str, Any]) -> str:
    total = result["total"]
    lines = ["| part of the crawl process | share |", "|---|---|"]
    lines += [f"| {name} | {100 * seconds / total:.1f}% |" for name, seconds in result["parts"].items()]
    lines.append(f"| **the crawl process**, {result['responses']} responses, {result['items']} records | 100% |")
    lines.append(
        f"\nOf the profiled time, the garbage collector (inside the parts above): "
        f"{100 * result['collector'] / total:.1f}%."
    )
    return "\n".join(lines)


def run(pages: int = 400, articles: int = 20_000, quick: bool = False) -> dict[str, Any]:
    """The profile table and the un-profiled CPU per page of ours and the bare spider's, as rows."""
    if quick:
        pages = min(pages, 12)
    with synthetic_mirror(articles, chrome=True) as (base_url, _):
        result = profile(base_url, pages)
        ours, bare = cpu_per_page(base_url, pages), cpu_per_page(base_url, pages, bare=True)
    total = result["total"]
    rows = [
        row(
            "profile_crawl",
            f"share: {name}",
            round(100 * seconds / total, 1),
            "%",
            "the profiled crawl process",
            None,
            "reported",
            None,
        )
        for name, seconds in result["parts"].items()
    ]
    rows.append(
        row(
            "profile_crawl",
            "CPU ms per real-weight page (marginal, un-profiled)",
            round(ours, 2),
            "ms",
            f"bare Scrapy spider {bare:.2f} ms",
            round(bare / ours, 2) if ours > 0 else None,
            ">= 0.6 of the bare spider (in CPU)",
            bare / ours >= 0.6 if ours > 0 else None,
        )
    )
    return {
        **result,
        "pages": pages,
        "cpu_ms_per_page": ours,
        "bare_cpu_ms_per_page": bare,
        "table": table(result),
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    result = run(args.pages, args.articles, args.quick)
    print(result["table"])
    print(
        f"\nCPU per page, marginal: ours {result['cpu_ms_per_page']:.2f} ms, "
        f"bare spider {result['bare_cpu_ms_per_page']:.2f} ms"
    )


if __name__ == "__main__":
    main()
