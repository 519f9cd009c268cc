"""Scrapy's own floor on the synthetic mirror: follow the listings, parse each article page once.

    cd EMPTY_DIR && scrapy runspider /path/to/benchmarks/bare_spider.py -a base_url=http://127.0.0.1:PORT

(run from an empty directory, as ``scrapy bench`` is, so no project settings apply)

The baseline of the real-weight crawl benchmark (``bench_crawl --heavy``): the same
pages, fetched the same way, with nothing done to an article page but Scrapy's parse
(``response.selector``, which decodes the body and builds parsel's tree) and one
small item, so the ratio is what extraction, loaders and pipelines cost on top.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.http import Response

ARTICLE = re.compile(r"/ur/news/(\d+)/")


class BareSpider(scrapy.Spider):
    name = "bare"
    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(self.base_url + "/ur/", callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Any:
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if ARTICLE.search(url):
                yield scrapy.Request(url, callback=self.parse_article)
        for href in response.css("link[rel=next]::attr(href)").getall():
            yield scrapy.Request(response.urljoin(href), callback=self.parse_listing)

    def parse_article(self, response: Response) -> Any:
        root = response.selector.root  # the one parse
        yield {"url": response.url, "tag": root.tag}
