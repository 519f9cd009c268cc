"""Extraction: microseconds per article page for the crawl's article path, light and real weight.

    .venv/bin/python -m benchmarks.bench_extract [--repeat 15] [--heavy-repeat 3]

Subject: ``IslamTimesSpider.parse_article`` as the crawl runs it (the spider built with
the mirror's ``base_url``, so read-also links are accepted and followed) on a fresh
``HtmlResponse`` (Scrapy's encoding detection, parse, ArticlePage, ArticleLoader with
every field and processor), with the URL and date caches emptied before each page.

Two page weights, measured separately:

- *light*: every article page of the bundled mirror (about 5 KB);
- *real weight*: each mirror article inside the chrome of a real home page
  (``devtools.mirror.heavy``; five sites' chrome in turn, 100-280 KB), as live pages are.

Baselines on the same bytes, interleaved page by page in the same loop: ``lxml.html.fromstring``
(the bare parse), selectolax's lexbor parser (the practical lower bound of parsing HTML in
Python), ``trafilatura.extract`` and ``trafilatura.extract(fast=True)`` (general-purpose
extractors). Per page the median of the repetitions is taken, then the mean over pages;
times are the process's CPU time (``time.process_time``), which other processes on
shared cores do not inflate.
Targets: the full path at most 3x the bare parse; at least 10x faster than trafilatura
(and, at real weight, 3.5x faster than its fast mode).

Rows without targets split the full path: Scrapy's parse alone, and the *floor*: that parse
plus an ``ArticleLoader`` filled with the page's finished record (every processor, no extraction).
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import lxml.html
from scrapy.http import HtmlResponse
from scrapy.selector import Selector
from scrapy.utils.test import get_crawler

from benchmarks.common import PROJECT, median, quiet_loggers, row
from newscrawl.core.dates import read_date
from newscrawl.extract.loader import ArticleLoader
from newscrawl.extract.page import parse_response
from devtools.mirror.heavy import CHROME_SITES, load_chrome
from newscrawl.spiders.islamtimes import IslamTimesSpider
from newscrawl.core.urls import clear_canonical_cache

SITE = PROJECT / "fixtures" / "site"
MIRROR = "http://127.0.0.1:8000"
Page = tuple[str, bytes, str]  # (url, body, content type)


def article_pages() -> list[Page]:
    """(url, body, content type) of every article page the expected records name."""
    routes = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))["routes"]
    expected = json.loads((PROJECT / "fixtures" / "expected" / "articles.json").read_text(encoding="utf-8"))
    pages = []
    for record in expected["articles"]:
        route = routes[record["path"]]
        pages.append((MIRROR + record["path"], (SITE / route["file"]).read_bytes(), route["content_type"]))
    return pages


def heavy_pages() -> list[Page]:
    """Every mirror article inside a real home page's chrome, the five sites in turn."""
    pages = []
    for index, (url, body, content_type) in enumerate(article_pages()):
        text = HtmlResponse(url=url, body=body, headers={"Content-Type": content_type}).text
        chrome = load_chrome(CHROME_SITES[index % len(CHROME_SITES)])
        pages.append((url, chrome.wrap(text), "text/html; charset=utf-8"))
    return pages


def make_spider(base_url: str | None = MIRROR) -> IslamTimesSpider:
    """The spider as a crawl of the mirror builds it: read-also links on the mirror's host are its own."""
    crawler = get_crawler(IslamTimesSpider)
    spider = IslamTimesSpider.from_crawler(crawler, **({"base_url": base_url} if base_url else {}))
    crawler.spider = spider
    return spider


SUBJECTS = ("lxml", "selectolax", "scrapy_parse", "floor", "full", "trafilatura", "trafilatura_fast")


def measure(pages: list[Page], repeat: int, spider: IslamTimesSpider) -> dict[str, float]:
    """Mean over *pages* of the median µs of each subject, the subjects interleaved page by page."""
    import trafilatura  # noqa: PLC0415 - only the benchmark needs these
    from selectolax.lexbor import LexborHTMLParser  # noqa: PLC0415

    def cold_response(url: str, body: bytes, content_type: str) -> HtmlResponse:
        # Cold caches: every page is timed as if first seen, as in a crawl (the loop
        # below repeats the same pages, which would otherwise hit every cache).
        clear_canonical_cache()
        read_date.cache_clear()
        return HtmlResponse(url=url, body=body, headers={"Content-Type": content_type})

    def full(page: Page) -> list[Any]:
        return list(spider.parse_article(cold_response(*page)))

    records = []
    texts = []
    for page in pages:  # warm-up, and each page's record as the values the floor loads
        item = full(page)[0]
        records.append({key: item["body"].split("\n\n") if key == "body" else value
                        for key, value in item.items()
                        if value is not None and key not in ("crawled_at", "content_hash")})
        texts.append(cold_response(*page).text)

    def floor(index: int) -> None:
        response = cold_response(*pages[index])
        root = parse_response(response)
        loader = ArticleLoader(selector=Selector(root=root, type="html"), response=response)
        for field_name, value in records[index].items():
            loader.add_value(field_name, value)
        loader.load_item()

    calls: dict[str, Callable[[int], Any]] = {
        "lxml": lambda i: lxml.html.fromstring(pages[i][1]),
        "selectolax": lambda i: LexborHTMLParser(pages[i][1]).body,
        "scrapy_parse": lambda i: parse_response(cold_response(*pages[i])),
        "floor": floor,
        "full": lambda i: full(pages[i]),
        "trafilatura": lambda i: trafilatura.extract(texts[i]),
        "trafilatura_fast": lambda i: trafilatura.extract(texts[i], fast=True),
    }
    samples: dict[str, list[list[float]]] = {name: [[] for _ in pages] for name in SUBJECTS}
    # CPU time of this process: on shared cores, wall time charges other processes' slices to
    # whichever call they interrupt, and a 50 ms call is interrupted far more often than a 0.1 ms one.
    clock = time.process_time
    for _ in range(repeat):
        for index in range(len(pages)):
            for name in SUBJECTS:
                started = clock()
                calls[name](index)
                samples[name][index].append(clock() - started)
    return {name: 1e6 * sum(median(per_page) for per_page in values) / len(pages)
            for name, values in samples.items()}


def rows_for(weight: str, us: dict[str, float]) -> list[dict[str, Any]]:
    name = "extract" if weight == "light" else "extract-heavy"
    over_lxml = us["full"] / us["lxml"]
    trafilatura_over, fast_over = us["trafilatura"] / us["full"], us["trafilatura_fast"] / us["full"]
    lxml_baseline = f"lxml.html.fromstring {us['lxml']:,.0f} µs"
    rows = [
        row(name, f"{weight}: full parse_article µs/page", round(us["full"], 1), "µs", lxml_baseline,
            round(over_lxml, 2), "<= 3x lxml", over_lxml <= 3),
        row(name, f"{weight}: trafilatura / full", round(us["full"], 1), "µs",
            f"trafilatura.extract {us['trafilatura']:,.0f} µs", round(trafilatura_over, 2),
            ">= 10x faster", trafilatura_over >= 10),
        row(name, f"{weight}: trafilatura fast=True / full", round(us["full"], 1), "µs",
            f"trafilatura.extract(fast=True) {us['trafilatura_fast']:,.0f} µs", round(fast_over, 2),
            ">= 3.5x faster" if weight != "light" else "none (reported)",
            fast_over >= 3.5 if weight != "light" else None),
    ]
    for subject, label in (("selectolax", "selectolax (lexbor) parse"), ("scrapy_parse", "Scrapy parse"),
                           ("floor", "floor: parse + ArticleLoader")):
        rows.append(row(name, f"{weight}: {label} µs/page", round(us[subject], 1), "µs", lxml_baseline,
                        round(us[subject] / us["lxml"], 2), "none (reported)", None))
    return rows


def run(repeat: int = 15, quick: bool = False, heavy_repeat: int = 3) -> dict[str, Any]:
    with quiet_loggers("newscrawl", "trafilatura", level=logging.ERROR):
        return _run(repeat, quick, heavy_repeat)


def _run(repeat: int, quick: bool, heavy_repeat: int) -> dict[str, Any]:
    spider = make_spider()
    light, heavy = article_pages(), heavy_pages()
    if quick:
        repeat, heavy_repeat, light, heavy = min(repeat, 3), 1, light[:10], heavy[:5]
    us = {"light": measure(light, repeat, spider), "real_weight": measure(heavy, heavy_repeat, spider)}
    sizes = [len(body) for _, body, _ in heavy]
    return {
        "pages": {"light": len(light), "real_weight": len(heavy)}, "repeat": repeat, "heavy_repeat": heavy_repeat,
        "real_weight_kb": [round(min(sizes) / 1024), round(max(sizes) / 1024)], "us_per_page": us,
        "rows": rows_for("light", us["light"]) + rows_for("real weight", us["real_weight"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--heavy-repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.repeat, args.quick, args.heavy_repeat), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
