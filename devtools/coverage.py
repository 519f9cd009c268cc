"""Field coverage per site and field: how many article records fill each field.

    .venv/bin/python -m devtools.coverage

Every article page of each named site's mirror (``devtools.mirror.sites``: the real saved home
page, and article pages in the site's style; BBC Urdu's render the real article data) goes
through the site's spider, and again through the generic spider ``urdu`` (its article judge,
then ``parse_article``), as in a crawl. Then the real article pages in ``../shared``: Islam
Times' reference article (read by ``islamtimes`` and ``urdu``). Prints one Markdown table, the
one in docs/sites.md. A field counts when its value is non-empty (as ``FieldCoverage`` counts).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from devtools.mirror.sites import NAMES, build_site
from devtools.mirror.sites.home import SHARED
from newscrawl.crawler.items import ArticleItem

FIELDS = ("headline", "published_at", "published_text", "summary", "body", "source", "keywords", "read_also")
BASE = "http://127.0.0.1:8123"
#: the real article pages in ../shared: (label, path under shared/, site file, URL path)
REAL_PAGES = (
    ("Islam Times reference article", "reference/islamtimes-article.html", "islamtimes", "/ur/news/1211873/"),
)


def spider_for(name: str) -> Any:
    spider_class = SpiderLoader.from_settings(get_project_settings()).load(name)
    return spider_class.from_crawler(get_crawler(spider_class), base_url=BASE)


def records(spider: Any, pages: list[tuple[str, bytes]]) -> Iterator[dict[str, Any]]:
    """What *spider* yields for each (path, html) page as an article: ``parse_page`` for the
    generic spider (its judge decides), ``parse_article`` for a site file."""
    callback = spider.parse_page if spider.name == "urdu" else spider.parse_article
    for path, body in pages:
        response = HtmlResponse(BASE + path, body=body, encoding="utf-8", headers={"Content-Type": "text/html"})
        for result in callback(response):
            if isinstance(result, ArticleItem):
                yield dict(result)


def row(label: str, found: list[dict[str, Any]], pages: int) -> str:
    cells = [f"{sum(1 for record in found if record.get(field))}/{pages}" for field in FIELDS]
    return f"| {label} | {len(found)}/{pages} | " + " | ".join(cells) + " |"


def table(shared: Path = SHARED) -> list[str]:
    lines = ["| pages | articles | " + " | ".join(f"`{field}`" for field in FIELDS) + " |"]
    lines.append("|---" * (len(FIELDS) + 2) + "|")
    for name in NAMES:
        built = build_site(name, shared)
        pages = [(article.path, built.routes[article.path][2]) for article in built.articles]
        for spider_name in (name, "urdu"):
            found = list(records(spider_for(spider_name), pages))
            lines.append(row(f"{name} mirror, `{spider_name}`", found, len(pages)))
    for label, relative, site, path in REAL_PAGES:
        page = [(path, (shared / relative).read_bytes())]
        for spider_name in (site, "urdu"):
            lines.append(row(f"{label}, `{spider_name}`", list(records(spider_for(spider_name), page)), 1))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    logging.disable(logging.WARNING)  # the table is the output; per-page warnings are the tests' business
    print("\n".join(table()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
