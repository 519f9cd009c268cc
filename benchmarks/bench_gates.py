"""The quality gates' cost per real-weight page: learning the site (furniture, names) and judging the record.

    .venv/bin/python -m benchmarks.bench_gates [--repeat 5]

The 46 mirror articles in real home-page chrome (bench_extract's real-weight pages), each
record extracted once by ``parse_article``; then, in CPU time (``time.process_time``; the
machine is shared), per page:

- **judge**: the four gates (site-name headline, boilerplate, short body, language) on the
  record, with the site's furniture learned from every page: target ≤ 1 ms;
- **learn**: the site learner on a page (``SiteKnowledge.page_parsed``: names, furniture blocks,
  counts) over the real-weight synthetic mirror's pages in crawl order (a listing page, its
  articles, the next listing...), every page learned, and with the learning schedule
  (``newscrawl.rules.learning``), which samples once the model is stable. An article page's
  blocks are read off its extraction walk, as in a crawl (the walk is extraction's cost, made
  untimed before the learner runs); a listing page is walked by the learner;
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
from newscrawl.extract.page import ArticlePage, parse_response
from newscrawl.rules.gates import GATES, Context
from devtools.mirror.synthetic import SyntheticSite

BASE = "http://127.0.0.1:8000"


def _cpu_us(func: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        func()
        times.append(time.process_time() - started)
    return median(times) * 1e6


def crawl_order(count: int) -> list[tuple[HtmlResponse, Any, str]]:
    """*count* pages of the real-weight synthetic mirror as a crawl meets them: (response, tree, kind)."""
    site = SyntheticSite(20_000, chrome=True)
    pages: list[tuple[HtmlResponse, Any, str]] = []
    number = 1
    while len(pages) < count:
        listing = HtmlResponse(url=f"{BASE}/ur/archive?page={number}", body=site.render_listing(number), encoding="utf-8")
        pages.append((listing, parse_response(listing), "listing"))
        for path in listing.xpath("//a/@href").re(r"^/ur/news/\d+/.*")[: count - len(pages)]:
            article_id = int(path.split("/")[3])
            response = HtmlResponse(url=BASE + path, body=site.render_article(article_id), encoding="utf-8")
            pages.append((response, parse_response(response), "article"))
        number += 1
    return pages


def _learn_us(spider: Any, pages: list[tuple[HtmlResponse, Any, str]]) -> tuple[float, float]:
    """CPU µs per page of the site learner over *pages*: learning every page, and on the schedule
    (NEWSCRAWL_FURNITURE_STABLE_PAGES = 25); interleaved page by page, who goes first alternating,
    since the second to see a page finds its block texts already normalized."""
    every, scheduled = SiteKnowledge(spider.crawler), SiteKnowledge(spider.crawler)
    every.schedule.stable_pages = 0
    scheduled.schedule.stable_pages, scheduled.schedule.sample_every = 25, 10  # the project's settings
    spent = {id(every): 0.0, id(scheduled): 0.0}
    for number, (response, root, kind) in enumerate(pages):
        walk = ArticlePage(root, response.url).walk if kind == "article" else None  # extraction's, untimed
        for site in (every, scheduled) if number % 2 else (scheduled, every):
            started = time.process_time()
            site.page_parsed(response, root, kind, walk)
            spent[id(site)] += time.process_time() - started
    return spent[id(every)] / len(pages) * 1e6, spent[id(scheduled)] / len(pages) * 1e6


def run(repeat: int = 5, quick: bool = False) -> dict[str, Any]:
    if quick:
        repeat = 1
    pages = heavy_pages()[: 8 if quick else None]
    spider = make_spider()
    responses = [HtmlResponse(url=url, body=body, headers={"Content-Type": kind}) for url, body, kind in pages]
    items = [next(iter(spider.parse_article(response))) for response in responses]
    roots = [parse_response(response) for response in responses]
    site = SiteKnowledge(spider.crawler)
    for response, root in zip(responses, roots, strict=True):  # the furniture the judge reads
        site.page_parsed(response, root, "article", ArticlePage(root, response.url).walk)
    context = Context(site=site, languages=tuple(spider.languages))
    gates = [gate() for gate in GATES]

    def judge_once(item: Any) -> None:
        site.furniture._judged = None  # each record is judged once in a crawl: no answer kept from a repeat
        for gate in gates:
            gate.judge(item, context)

    judge = [_cpu_us(lambda item=item: judge_once(item), repeat) for item in items]
    parse = [_cpu_us(lambda r=r: parse_response(r), repeat) for r in responses]
    crawl = crawl_order(40 if quick else 400)
    learn_all, learn_sampled = _learn_us(spider, crawl)
    parse_us, judge_us, learn_us = median(parse), median(judge), learn_all
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
            row("gates", f"learn: site learner µs/page, every page ({len(crawl)} pages)", round(learn_us), "µs",
                f"Scrapy parse {parse_us:.0f} µs", round(learn_us / parse_us, 2), "none (reported)", None),
            row("gates", f"learn: site learner µs/page, scheduled ({len(crawl)} pages)", round(learn_sampled), "µs",
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
