"""Extraction: microseconds per article page for the spider's full article path.

    .venv/bin/python -m benchmarks.bench_extract [--repeat 15]

Subject: ``IslamTimesSpider.parse_article`` on a fresh ``HtmlResponse`` (parsel parse,
ArticlePage, ArticleLoader with every field and processor, load_article), for every
article page of the bundled mirror, with the URL and date caches emptied before each
page. Baselines on the same bytes, interleaved page by
page in the same loop: (a) ``lxml.html.fromstring`` (the bare parse), (b)
``trafilatura.extract`` (a general-purpose extractor). Per page the median of the
repetitions is taken, then the mean over pages.
Targets: full path at most 3x the bare parse; at least 10x faster than trafilatura.

Two more rows, without targets, split the full path so that a reader sees what a target
can still reach: Scrapy's parse alone (``response.text`` and parsel's tree), and the
*floor*: that parse plus an ``ArticleLoader`` filled with the page's finished record
(every input and output processor, no extraction). Whatever extraction does, the full
path costs at least the floor.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from typing import Any

import lxml.html
from scrapy.http import HtmlResponse
from scrapy.selector import Selector
from scrapy.utils.response import get_base_url
from scrapy.utils.test import get_crawler

from benchmarks.common import PROJECT, median, row
from newscrawl.dates import parse_date
from newscrawl.extract.loader import ArticleLoader
from newscrawl.extract.page import parse_html
from newscrawl.spiders.islamtimes import IslamTimesSpider
from newscrawl.urls import clear_canonical_cache

SITE = PROJECT / "fixtures" / "site"
MIRROR = "http://127.0.0.1:8000"


def article_pages() -> list[tuple[str, bytes, str]]:
    """(url, body, content type) of every article page the expected records name."""
    routes = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))["routes"]
    expected = json.loads((PROJECT / "fixtures" / "expected" / "articles.json").read_text(encoding="utf-8"))
    pages = []
    for record in expected["articles"]:
        route = routes[record["path"]]
        pages.append((MIRROR + record["path"], (SITE / route["file"]).read_bytes(), route["content_type"]))
    return pages


def make_spider() -> IslamTimesSpider:
    crawler = get_crawler(IslamTimesSpider)
    spider = IslamTimesSpider.from_crawler(crawler)
    crawler.spider = spider
    return spider


def run(repeat: int = 15, quick: bool = False) -> dict[str, Any]:
    import trafilatura  # noqa: PLC0415 - only the benchmark needs it

    if quick:
        repeat = min(repeat, 3)
    logging.getLogger("newscrawl").setLevel(logging.ERROR)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    spider = make_spider()
    pages = article_pages()
    texts = []
    for url, body, content_type in pages:
        texts.append(HtmlResponse(url=url, body=body, headers={"Content-Type": content_type}).text)

    def cold_response(url: str, body: bytes, content_type: str) -> HtmlResponse:
        # Cold caches: every page is timed as if first seen, as in a crawl (the loop
        # below repeats the same pages, which would otherwise hit every cache).
        clear_canonical_cache()
        parse_date.cache_clear()
        return HtmlResponse(url=url, body=body, headers={"Content-Type": content_type})

    def full(url: str, body: bytes, content_type: str) -> list[Any]:
        return list(spider.parse_article(cold_response(url, body, content_type)))

    def scrapy_parse(url: str, body: bytes, content_type: str) -> None:
        response = cold_response(url, body, content_type)
        parse_html(response.text, get_base_url(response))

    def floor(url: str, body: bytes, content_type: str, values: dict[str, Any]) -> None:
        response = cold_response(url, body, content_type)
        root = parse_html(response.text, get_base_url(response))
        loader = ArticleLoader(selector=Selector(root=root, type="html"), response=response)
        for field_name, value in values.items():
            loader.add_value(field_name, value)
        loader.load_item()

    # warm-up: imports, regex caches, dateparser for the pages that need it; and each
    # page's record, as the values the floor loads (the body as its paragraphs)
    records = []
    for (url, body, content_type), text in zip(pages, texts, strict=True):
        item = full(url, body, content_type)[0]
        records.append({key: item["body"].split("\n\n") if key == "body" else value
                        for key, value in item.items()
                        if value is not None and key not in ("crawled_at", "content_hash")})
        lxml.html.fromstring(body)
        trafilatura.extract(text)
    subjects = ("lxml", "scrapy_parse", "floor", "full", "trafilatura")
    samples: dict[str, list[list[float]]] = {k: [[] for _ in pages] for k in subjects}
    clock = time.perf_counter
    for _ in range(repeat):
        for index, ((url, body, content_type), text) in enumerate(zip(pages, texts, strict=True)):
            t0 = clock()
            lxml.html.fromstring(body)
            t1 = clock()
            scrapy_parse(url, body, content_type)
            t2 = clock()
            floor(url, body, content_type, records[index])
            t3 = clock()
            full(url, body, content_type)
            t4 = clock()
            trafilatura.extract(text)
            t5 = clock()
            for name, seconds in zip(subjects, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
                samples[name][index].append(seconds)
    us = {k: 1e6 * sum(median(per_page) for per_page in v) / len(pages) for k, v in samples.items()}
    over_lxml = us["full"] / us["lxml"]
    trafilatura_over = us["trafilatura"] / us["full"]
    lxml_baseline = f"lxml.html.fromstring {us['lxml']:.1f} µs"
    return {
        "pages": len(pages), "repeat": repeat, "us_per_page": us,
        "rows": [
            row("extract", "full loader µs/page", round(us["full"], 1), "µs", lxml_baseline,
                round(over_lxml, 2), "<= 3x lxml", over_lxml <= 3),
            row("extract", "trafilatura / full loader", round(us["full"], 1), "µs",
                f"trafilatura.extract {us['trafilatura']:.1f} µs", round(trafilatura_over, 2),
                ">= 10x faster", trafilatura_over >= 10),
            row("extract", "of which: Scrapy parse µs/page", round(us["scrapy_parse"], 1), "µs", lxml_baseline,
                round(us["scrapy_parse"] / us["lxml"], 2), "none (reported)", None),
            row("extract", "floor: parse + ArticleLoader µs/page", round(us["floor"], 1), "µs", lxml_baseline,
                round(us["floor"] / us["lxml"], 2), "none (reported)", None),
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.repeat, args.quick), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
