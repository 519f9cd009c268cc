"""Where the real-weight crawl process spends its time: one table of sampled shares adding up to 100%.

    .venv/bin/python -m benchmarks.profile_crawl [--pages 1000] [--articles 20000]
    .venv/bin/python -m benchmarks.run --only profile_crawl

``scrapy crawl islamtimes`` (the project's settings, ``bench_crawl``'s: no delays, 16 concurrent
requests) against the real-weight synthetic mirror (``devtools.mirror.synthetic --chrome``, its
own process) to a fixed number of responses (``CLOSESPIDER_PAGECOUNT``), run under py-spy, a
sampling profiler outside the process: 250 times a second it reads the main thread's stack, and
the worker threads' that parse article pages on another core (ParseAhead, ``PARSED_AHEAD``: they
run beside the main thread, so the table's 100% is the process's CPU, more than its wall time);
an idle thread, the event loop waiting on its sockets, is not sampled. Each sample goes to one
part: the innermost frame on its stack that names a part (``PARTS``, by module), so a function of
no part (the standard library, w3lib, the gates' rules) counts for the part that called it; a
sample outside the event loop, or inside it under ``Crawler.crawl_async`` (which builds the
spider, its components and the engine), is start-up or exit; one inside the engine's
``close_spider`` is shutdown. The shares add up to the sampled process.

Sampled, not traced: the first version of this table came from cProfile, which times every
Python call and so inflated the many small calls against a few long C calls (fastText, lxml's
parse): it gave the quality gates 7% of the crawl, py-spy 13%.

Beside it, un-profiled, the marginal CPU per page of our crawl and of ``benchmarks/bare_spider.py``:
the child's CPU (``getrusage``) for *pages* responses minus that for a quarter of them, over the
difference, so start-up cancels out. CPU time, not wall time, so the ratio holds on a loaded machine.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.bench_crawl import CRAWL_SETTINGS, bare_env, synthetic_mirror
from benchmarks.common import PROJECT, row

START, SHUTDOWN = (
    "start-up and exit (imports, settings, crawler, engine; the interpreter's exit)",
    "shutdown (close_spider: pipelines' close, report, verdict)",
)
#: samples of the reactor's worker threads inside the parse: newscrawl/crawler/parseahead.py
PARSED_AHEAD = "article pages parsed in worker threads (ParseAhead: lxml without the GIL, another core)"
OTHER = "glue of no part"
#: py-spy, installed beside this Python by the "bench" extra; samples per second.
SAMPLER, RATE = Path(sys.executable).with_name("py-spy"), 250
#: a frame of the page's parse, in the main thread or in a worker thread (PARSED_AHEAD)
PARSE = r"parsel/selector.py:\d+\(create_root_node|extract/page.py:\d+\(parse_"
#: (part, pattern on a frame as ``file:line(function``), the innermost matching frame of a sample wins.
PARTS = (
    (
        "Scrapy's parse of pages in the main thread (parsel's create_root_node)",
        PARSE,
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
_PART_PATTERNS = [(name, re.compile(pattern)) for name, pattern in PARTS]
_PARSE = re.compile(PARSE)
#: A py-spy frame, ``function (file:line)``; the function may carry its class (``Spider.parse``).
_THREAD = re.compile(r"thread \((\d+)\)")
_FRAME = re.compile(r"(?P<function>.*) \((?P<file>.*):(?P<line>\d+)\)$")


def frame_key(frame: str) -> str:
    """A py-spy frame as ``file:line(function`` without the class, the form PARTS match.

    >>> frame_key("ArticlePage.walk (/src/newscrawl/extract/page.py:96)")
    '/src/newscrawl/extract/page.py:96(walk'
    """
    match = _FRAME.match(frame)
    if match is None:
        return frame
    return f"{match['file']}:{match['line']}({match['function'].rsplit('.', 1)[-1]}"


def part_of_sample(frames: list[str]) -> str:
    """The part one sample's stack (outermost frame first) belongs to."""
    keys = [frame_key(frame) for frame in frames]
    if not any("base_events.py" in key and "(_run_once" in key for key in keys):
        return START
    if any("scrapy/crawler.py" in key and "(crawl_async" in key for key in keys):
        return START  # inside the loop, the crawler builds the spider, its components and the engine
    if any("(close_spider" in key for key in keys):
        return SHUTDOWN
    for key in reversed(keys):
        for name, pattern in _PART_PATTERNS:
            if pattern.search(key):
                return name
    return OTHER


def summarize(samples: str) -> dict[str, Any]:
    """Samples per part of py-spy's raw output (``thread (id)[: name];frame;...;frame count`` a
    line): the main thread's (the one that ran ``python -m scrapy``), and the worker threads' that
    parse article pages (``PARSED_AHEAD``: on another core, beside the main thread's). The other
    threads' samples wait on queues (DNS, a WARC writer's feeder), no work of the crawl's.
    A main-thread sample with no Python frame is the interpreter starting or exiting."""
    lines = [
        (stack.split(";"), int(count))
        for stack, _, count in (line.rpartition(" ") for line in samples.splitlines())
        if count.isdigit()
    ]
    main = {_THREAD.match(frames[0])[1] for frames, _ in lines if any("_run_module_as_main" in f for f in frames)}
    parts: Counter[str] = Counter()
    for frames, count in lines:
        thread = _THREAD.match(frames[0])
        if thread is not None and thread[1] in main:
            parts[part_of_sample(frames[1:])] += count
        elif any(_PARSE.search(frame_key(frame)) for frame in frames[1:]):
            parts[PARSED_AHEAD] += count
    crawl = sorted([name for name, _ in PARTS] + [OTHER, PARSED_AHEAD], key=lambda name: -parts[name])
    ordered = {name: parts[name] for name in (START, *crawl, SHUTDOWN)}
    return {"parts": ordered, "total": sum(ordered.values())}


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
    """The crawl to *pages* responses under py-spy; samples per part, responses and items."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        samples = out / "samples.txt"
        crawl = [sys.executable, "-m", "scrapy", "crawl", *crawl_args(base_url, out, pages, extra)]
        done = subprocess.run(
            [str(SAMPLER), "record", "--rate", str(RATE), "--format", "raw", "--threads", "--output", str(samples),
             "--", *crawl],
            cwd=PROJECT, capture_output=True, text=True, timeout=3600,
        )  # fmt: skip
        if not samples.exists() or not (out / "report.json").exists():
            raise RuntimeError(f"sampled crawl failed (py-spy needs to read the child's memory): {done.stderr[-2000:]}")
        result = summarize(samples.read_text(encoding="utf-8"))
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
    total = result["total"] or 1
    lines = ["| part of the crawl process | share |", "|---|---|"]
    lines += [f"| {name} | {100 * samples / total:.1f}% |" for name, samples in result["parts"].items()]
    lines.append(
        f"| **the crawl process**, {result['responses']} responses, {result['items']} records, "
        f"{result['total']} samples | 100% |"
    )
    return "\n".join(lines)


def run(pages: int = 1000, articles: int = 20_000, quick: bool = False) -> dict[str, Any]:
    """The profile table and the un-profiled CPU per page of ours and the bare spider's, as rows."""
    if quick:
        pages = min(pages, 60)  # enough samples that every big part has some
    with synthetic_mirror(articles, chrome=True) as (base_url, _):
        result = profile(base_url, pages)
        ours, bare = cpu_per_page(base_url, pages), cpu_per_page(base_url, pages, bare=True)
    total = result["total"] or 1
    rows = [
        row(
            "profile_crawl",
            f"share: {name}",
            round(100 * samples / total, 1),
            "%",
            "the profiled crawl process",
            None,
            "reported",
            None,
        )
        for name, samples in result["parts"].items()
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
    parser.add_argument("--pages", type=int, default=1000)
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
