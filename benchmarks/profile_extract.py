"""Where ``parse_article`` spends its time on real-weight pages: a cProfile table adding up to 100%.

    .venv/bin/python -m benchmarks.profile_extract [--rounds 2] [--pages 46]

The subject is ``bench_extract``'s: ``IslamTimesSpider.parse_article`` on a fresh ``HtmlResponse``
of every mirror article inside a real home page's chrome (``devtools.mirror.heavy``), the URL
and date caches emptied before each page. Every function's own time (cProfile's ``tottime``)
goes to one part of the extraction, by its module; a function of no part (a builtin, glue)
goes to its callers' parts in proportion to the time each call took, so the parts add up to
the whole. cProfile inflates many small Python calls more than a few long C calls: the shares
say where the time goes, ``bench_extract`` says how long it takes.

The garbage collector's time lands on whichever call allocated when a collection ran; it is
measured apart (``gc.callbacks``) and printed under the table.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import logging
import pstats
import re
import time
from collections import defaultdict
from typing import Any

from scrapy.http import HtmlResponse

from benchmarks.bench_extract import heavy_pages, make_spider
from benchmarks.common import quiet_loggers
from newscrawl.core.dates import read_date
from newscrawl.core.urls import clear_canonical_cache

OTHER = "the rest: the spider's callback, stats, requests, glue"
#: (part, pattern on ``file:line(function)``), first match wins.
PARTS = (
    ("Scrapy's parse (parsel's create_root_node)", r"parsel/selector.py|extract/page.py:\d+\(parse_"),
    ("encoding detection (response.encoding, w3lib)", r"w3lib/encoding|scrapy/http/response/text.py|encodings/"),
    ("the walk (walk_page)", r"extract/walk.py:\d+\(walk_page"),
    ("body container, region, paragraphs", r"extract/(body|region).py|heapq|bisect"),
    ("labels (sections, read-also)", r"extract/labels.py"),
    ("metadata, JSON-LD, <link>", r"extract/metadata.py|json/"),
    ("dates (declarations, date lines, parsing)", r"extract/published.py|core/date|dateparser|htmldate|dateutil"),
    ("site selectors (cssselect, date line by the headline)", r"extract/selectors.py|cssselect"),
    ("URLs (canonicalize, urljoin)", r"core/urls.py|w3lib/_?url|urllib/parse|scrapy/utils/(url|response)"),
    (
        "ItemLoader, its processors, normalize_urdu",
        r"itemloaders|scrapy/loader|extract/loader.py|itemadapter|scrapy/item|core/text.py",
    ),
    ("text of elements (element_text, is_noise)", r"extract/walk.py"),
)


def part_of(function: tuple[str, int, str], parts: tuple[tuple[str, str], ...] = PARTS) -> str | None:
    name = f"{function[0]}:{function[1]}({function[2]})"
    return next((label for label, pattern in parts if re.search(pattern, name)), None)


def _enclosing(stats: dict[Any, Any], function: tuple[str, int, str]) -> tuple[str, int, str] | None:
    """The named function of the same file that starts last before *function* (a comprehension's line)."""
    named = [f for f in stats if f[0] == function[0] and f[1] <= function[1] and not f[2].startswith("<")]
    return max(named, key=lambda f: f[1], default=None)


def shares(stats: dict[Any, Any], parts: tuple[tuple[str, str], ...] = PARTS, other: str = OTHER) -> dict[str, float]:
    """Each part's share of all own time; a function of no part is split over its callers
    (``benchmarks.profile_crawl`` passes the crawl's *parts*)."""
    memo: dict[Any, dict[str, float]] = {}

    def owners(function: Any, seen: frozenset[Any]) -> dict[str, float]:
        if function in memo:
            return memo[function]
        label = part_of(function, parts)
        seen = seen | {function}
        # a caller already on this path (recursion, a generator resumed by its consumer) adds nothing
        callers = {
            caller: edge
            for caller, edge in (stats[function][4] if function in stats else {}).items()
            if caller not in seen
        }
        if label is None and not callers and function[2].startswith("<"):
            # a generator expression consumed in C (set.update, "".join) has no caller in the profile:
            # it belongs to the function that encloses it
            enclosing = _enclosing(stats, function)
            if enclosing is not None and enclosing not in seen:
                callers = {enclosing: (0, 0, 1.0, 0.0)}
        if label is not None or not callers:
            found = {label or other: 1.0}
        else:
            found = defaultdict(float)
            total = sum(edge[2] for edge in callers.values()) or 1.0
            for caller, edge in callers.items():
                for name, weight in owners(caller, seen).items():
                    found[name] += weight * edge[2] / total
        memo[function] = dict(found)
        return memo[function]

    found_parts: dict[str, float] = defaultdict(float)
    for function, row in stats.items():
        for name, weight in owners(function, frozenset()).items():
            found_parts[name] += row[2] * weight
    total = sum(found_parts.values())
    return {name: value / total for name, value in sorted(found_parts.items(), key=lambda item: -item[1])}


def profile(rounds: int = 2, limit: int | None = None) -> dict[str, Any]:
    with quiet_loggers("newscrawl", level=logging.ERROR):
        spider, pages = make_spider(), heavy_pages()[:limit]

        def run(times: int) -> None:
            for _ in range(times):
                for url, body, content_type in pages:
                    clear_canonical_cache()
                    read_date.cache_clear()
                    list(spider.parse_article(HtmlResponse(url=url, body=body, headers={"Content-Type": content_type})))

        run(1)  # warm-up: imports, compiled selectors, caches of the process
        collecting: list[float] = []
        collected = [0.0]

        def on_collection(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                collecting.append(time.process_time())
            elif collecting:
                collected[0] += time.process_time() - collecting.pop()

        gc.callbacks.append(on_collection)
        profiler = cProfile.Profile(builtins=False)  # C calls are timed in their caller: less distortion
        try:
            started = time.process_time()
            profiler.runcall(run, rounds)
            elapsed = time.process_time() - started
        finally:
            gc.callbacks.remove(on_collection)
    return {
        "pages": len(pages),
        "rounds": rounds,
        "shares": shares(pstats.Stats(profiler).stats),  # type: ignore[attr-defined]
        "collector_share": collected[0] / elapsed if elapsed else 0.0,
    }


def table(result: dict[str, Any]) -> str:
    lines = ["| part of parse_article | share of its time |", "|---|---|"]
    lines += [f"| {name} | {100 * share:.1f}% |" for name, share in result["shares"].items()]
    lines.append(f"| **parse_article**, {result['pages']} real-weight pages x {result['rounds']} | 100% |")
    lines.append(f"\nOf the profiled time, the garbage collector: {100 * result['collector_share']:.1f}%.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pages", type=int, default=None)
    args = parser.parse_args()
    print(table(profile(args.rounds, args.pages)))


if __name__ == "__main__":
    main()
