"""The quality gates' cost per real-weight page: learning the site (furniture, names) and judging the record.

    .venv/bin/python -m benchmarks.bench_gates [--repeat 5]

The 46 mirror articles in real home-page chrome (bench_extract's real-weight pages), each
record extracted once by ``parse_article``; then, in CPU time (``time.process_time``; the
machine is shared), per page:

- **judge**: the four gates (site-name headline, boilerplate, short body, language) on the
  record, with the site's furniture learned from every page: target ≤ 1 ms;
- **learn**: the site learner on the page's tree (``SiteKnowledge.page_parsed``: names, furniture
  blocks, counts), every page learned (a site not yet stable), and with the learning schedule
  (``newscrawl.rules.learning``) once the model is stable, over the pages in crawl order;
- baseline: Scrapy's parse of the same page (``parse_response``), interleaved.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from scrapy.http import HtmlResponse

from benchmarks.bench_extract import heavy_pages, make_spider
from benchmarks.common import median, row
from newscrawl.crawler.site import SiteKnowledge
from newscrawl.extract.page import parse_response
from newscrawl.rules.gates import GATES, Context


def _cpu_us(func: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        func()
        times.append(time.process_time() - started)
    return median(times) * 1e6


def run(repeat: int = 5, quick: bool = False) -> dict[str, Any]:
    if quick:
        repeat = 1
    pages = heavy_pages()[: 8 if quick else None]
    spider = make_spider()
    responses = [HtmlResponse(url=url, body=body, headers={"Content-Type": kind}) for url, body, kind in pages]
    items = [next(iter(spider.parse_article(response))) for response in responses]
    roots = [parse_response(response) for response in responses]
    site = SiteKnowledge(spider.crawler)
    site.schedule.stable_pages = 0  # learn every page: the slow case, and the model the judge reads
    learn_all = [_cpu_us(lambda: site.page_parsed(r, root, "article"), repeat) for r, root in zip(responses, roots)]
    context = Context(site=site, languages=tuple(spider.languages))
    gates = [gate() for gate in GATES]
    judge = [_cpu_us(lambda: [gate.judge(item, context) for gate in gates], repeat) for item in items]
    parse = [_cpu_us(lambda: parse_response(r), repeat) for r in responses]
    # the schedule on a stable site: pages in crawl order, many times over (a long crawl)
    stable = SiteKnowledge(spider.crawler)
    rounds = 3 if quick else 20
    started = time.process_time()
    for _ in range(rounds):
        for response, root in zip(responses, roots):
            stable.page_parsed(response, root, "article")
    learn_sampled = (time.process_time() - started) / (rounds * len(roots)) * 1e6
    parse_us, judge_us, learn_us = median(parse), median(judge), median(learn_all)
    return {
        "pages": len(pages),
        "repeat": repeat,
        "parse_us": parse_us,
        "judge_us": judge_us,
        "learn_every_page_us": learn_us,
        "learn_scheduled_us": learn_sampled,
        "rows": [
            row("gates", "judge: 4 gates µs/record (real weight)", round(judge_us), "µs",
                f"Scrapy parse {parse_us:.0f} µs", round(judge_us / parse_us, 2), "<= 1 ms per page",
                judge_us <= 1000),
            row("gates", "learn: site learner µs/page, every page", round(learn_us), "µs",
                f"Scrapy parse {parse_us:.0f} µs", round(learn_us / parse_us, 2), "none (reported)", None),
            row("gates", f"learn: site learner µs/page, scheduled ({rounds} passes)", round(learn_sampled), "µs",
                f"Scrapy parse {parse_us:.0f} µs", round(learn_sampled / parse_us, 2), "none (reported)", None),
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.repeat, args.quick), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
