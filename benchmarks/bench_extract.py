"""Extraction: microseconds per article page for the spider's full article path.

    .venv/bin/python -m benchmarks.bench_extract [--repeat 15]

Subject: ``IslamTimesSpider.parse_article`` on a fresh ``HtmlResponse`` (parsel parse,
ArticlePage, ArticleLoader with every field and processor, load_article), for every
article page of the bundled mirror. Baselines on the same bytes, interleaved page by
page in the same loop: (a) ``lxml.html.fromstring`` (the bare parse), (b)
``trafilatura.extract`` (a general-purpose extractor). Per page the median of the
repetitions is taken, then the mean over pages.
Targets: full path at most 3x the bare parse; at least 10x faster than trafilatura.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from typing import Any

import lxml.html
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from benchmarks.common import PROJECT, median, row
from newscrawl.spiders.islamtimes import IslamTimesSpider

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

    def full(url: str, body: bytes, content_type: str) -> None:
        response = HtmlResponse(url=url, body=body, headers={"Content-Type": content_type})
        list(spider.parse_article(response))

    # warm-up: imports, regex caches, dateparser for the pages that need it
    for (url, body, content_type), text in zip(pages, texts, strict=True):
        full(url, body, content_type)
        lxml.html.fromstring(body)
        trafilatura.extract(text)
    samples: dict[str, list[list[float]]] = {k: [[] for _ in pages] for k in ("full", "lxml", "trafilatura")}
    clock = time.perf_counter
    for _ in range(repeat):
        for index, ((url, body, content_type), text) in enumerate(zip(pages, texts, strict=True)):
            t0 = clock()
            lxml.html.fromstring(body)
            t1 = clock()
            full(url, body, content_type)
            t2 = clock()
            trafilatura.extract(text)
            t3 = clock()
            samples["lxml"][index].append(t1 - t0)
            samples["full"][index].append(t2 - t1)
            samples["trafilatura"][index].append(t3 - t2)
    us = {k: 1e6 * sum(median(per_page) for per_page in v) / len(pages) for k, v in samples.items()}
    over_lxml = us["full"] / us["lxml"]
    trafilatura_over = us["trafilatura"] / us["full"]
    return {
        "pages": len(pages), "repeat": repeat, "us_per_page": us,
        "rows": [
            row("extract", "full loader µs/page", round(us["full"], 1), "µs", f"lxml.html.fromstring {us['lxml']:.1f} µs",
                round(over_lxml, 2), "<= 3x lxml", over_lxml <= 3),
            row("extract", "trafilatura / full loader", round(us["full"], 1), "µs",
                f"trafilatura.extract {us['trafilatura']:.1f} µs", round(trafilatura_over, 2),
                ">= 10x faster", trafilatura_over >= 10),
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
