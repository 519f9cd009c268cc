"""The quality gates' cost per real-weight page: learning the site (furniture, names) and judging the record.

    .venv/bin/python -m benchmarks.bench_gates [--repeat 5]

In CPU time (``time.process_time``; the machine is shared), per page, with the project's
``NEWSCRAWL_*`` settings (the learner's thresholds: Scrapy's defaults alone leave it none):

- **judge**: the four gates (site-name headline, boilerplate, short body, language) on each
  article record of the real-weight synthetic mirror (the pages bench_crawl's ``--heavy`` crawl
  and profile_crawl fetch), in crawl order, each judged right after ``parse_article`` read its
  page (which parses it, extracts the record and feeds the site learner, as in a crawl), with
  that page's tree still alive: **cold**, as the crawl judges (every record new, a 100-280 KB
  page parsed since the last judging), target ≤ 1 ms; and **hot**, the same record judged again
  at once (median of ``--repeat``), as a loop over one record measures it. Cold costs more than
  hot by the CPU caches a parse evicts and by glibc's ``malloc_consolidate``: the first
  allocation over ~1 KB after a parse's many small frees sorts them all (~150 µs on a real-weight
  page; the gates pay it in the crawl, as the first to allocate after the tree is read);
- **learn**: the site learner on a page (``SiteKnowledge.page_parsed``: names, furniture blocks,
  counts) over the same mirror's pages in crawl order (a listing page, its articles, the next
  listing...), every page learned, and with the learning schedule (``newscrawl.rules.learning``),
  which samples once the model is stable. An article page's blocks are read off its extraction
  walk, as in a crawl (the walk is extraction's cost, made untimed before the learner runs); a
  listing page is walked by the learner;
- baseline: Scrapy's parse of the same pages (``parse_response``).
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from scrapy.http import HtmlResponse

from scrapy.utils.test import get_crawler

from benchmarks.common import median, row
from newscrawl import settings as project_settings
from newscrawl.crawler.site import SiteKnowledge
from newscrawl.extract.page import ArticlePage, parse_response
from newscrawl.rules.gates import GATES, Context
from newscrawl.rules.language import detect_language
from newscrawl.spiders.islamtimes import IslamTimesSpider
from devtools.mirror.synthetic import SyntheticSite

BASE = "http://127.0.0.1:8000"


def make_spider() -> IslamTimesSpider:
    """The spider of a crawl of the mirror, with the project's ``NEWSCRAWL_*`` settings (furniture
    thresholds, minimum body words); Scrapy's defaults alone leave them unset (0)."""
    settings = {
        name: getattr(project_settings, name) for name in dir(project_settings) if name.startswith("NEWSCRAWL_")
    }
    crawler = get_crawler(IslamTimesSpider, settings_dict=settings)
    spider = IslamTimesSpider.from_crawler(crawler, base_url=BASE)
    crawler.spider = spider
    return spider


def crawl_order(count: int) -> list[tuple[HtmlResponse, Any, str]]:
    """*count* pages of the real-weight synthetic mirror as a crawl meets them: (response, tree, kind)."""
    site = SyntheticSite(20_000, chrome=True)
    pages: list[tuple[HtmlResponse, Any, str]] = []
    number = 1
    while len(pages) < count:
        listing = HtmlResponse(
            url=f"{BASE}/ur/archive?page={number}", body=site.render_listing(number), encoding="utf-8"
        )
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


def _judge_us(pages: list[tuple[HtmlResponse, Any, str]], repeat: int) -> tuple[list[float], list[float], int]:
    """CPU µs of the four gates per article record of *pages* (crawl order): (cold, hot, dropped).

    Each article page is read by ``parse_article`` afresh (parse, extraction, the learner fed by its
    page_parsed signal, as in a crawl; untimed), listing pages go to the learner; the record is then
    judged once (cold) and again *repeat* times (hot, the kept furniture answer cleared each time)."""
    spider = make_spider()
    site = SiteKnowledge(spider.crawler)  # listens to the spider's page_parsed, as GatesPipeline's does
    site.spider_opened(spider)
    context = Context(site, spider.crawler.settings.getint("NEWSCRAWL_MIN_BODY_WORDS"), tuple(spider.languages))
    gates = [gate() for gate in GATES]
    detect_language("پہلی بار")  # the model loads once per process, not per record

    def judge(item: Any) -> tuple[float, bool]:
        """(CPU µs, dropped): the gates in order, as GatesPipeline runs them, to the first drop."""
        site.furniture._judged = None  # each record is judged once in a crawl: no answer kept from a repeat
        started = time.process_time()
        dropped = any(gate.judge(item, context).reason is not None for gate in gates)
        return (time.process_time() - started) * 1e6, dropped

    cold: list[float] = []
    hot: list[float] = []
    dropped = 0
    for response, root, kind in pages:
        if kind == "listing":
            site.page_parsed(response, root, kind)
            continue
        output = iter(spider.parse_article(HtmlResponse(url=response.url, body=response.body, encoding="utf-8")))
        item = next(output)  # the page's tree stays alive while its record is judged, as in a crawl
        spent, drop = judge(item)
        cold.append(spent)
        dropped += drop
        hot.append(median([judge(item)[0] for _ in range(repeat)]))
        del output
    return cold, hot, dropped


def run(repeat: int = 5, quick: bool = False) -> dict[str, Any]:
    if quick:
        repeat = 1
    crawl = crawl_order(40 if quick else 400)
    cold, hot, dropped = _judge_us(crawl, repeat)
    parse = []
    for response, _, _ in crawl:
        started = time.process_time()
        parse_response(response)
        parse.append(time.process_time() - started)
    learn_all, learn_sampled = _learn_us(make_spider(), crawl)
    parse_us, cold_us, hot_us = median(parse) * 1e6, median(cold), median(hot)
    records = len(cold)
    return {
        "pages": len(crawl),
        "records": records,
        "dropped": dropped,
        "repeat": repeat,
        "parse_us": parse_us,
        "judge_us": cold_us,
        "judge_cold_us": cold_us,
        "judge_hot_us": hot_us,
        "judge_cold_mean_us": sum(cold) / records,
        "learn_every_page_us": learn_all,
        "learn_scheduled_us": learn_sampled,
        "rows": _rows(records, len(crawl), parse_us, cold_us, hot_us, learn_all, learn_sampled),
    }


def _rows(
    records: int, pages: int, parse_us: float, cold_us: float, hot_us: float, learn_all: float, learn_sampled: float
) -> list[dict[str, Any]]:
    """The benchmark's lines of the table (benchmarks.run)."""
    return [
        row(
            "gates",
            f"judge: 4 gates µs/record, cold as in a crawl ({records} real-weight records)",
            round(cold_us),
            "µs",
            f"Scrapy parse {parse_us:.0f} µs",
            round(cold_us / parse_us, 2),
            "<= 1 ms per page",
            cold_us <= 1000,
        ),
        row(
            "gates",
            "judge: 4 gates µs/record, hot (the same record again)",
            round(hot_us),
            "µs",
            f"Scrapy parse {parse_us:.0f} µs",
            round(hot_us / parse_us, 2),
            "none (reported)",
            None,
        ),
        row(
            "gates",
            f"learn: site learner µs/page, every page ({pages} pages)",
            round(learn_all),
            "µs",
            f"Scrapy parse {parse_us:.0f} µs",
            round(learn_all / parse_us, 2),
            "none (reported)",
            None,
        ),
        row(
            "gates",
            f"learn: site learner µs/page, scheduled ({pages} pages)",
            round(learn_sampled),
            "µs",
            f"Scrapy parse {parse_us:.0f} µs",
            round(learn_sampled / parse_us, 2),
            "none (reported)",
            None,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.repeat, args.quick), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
