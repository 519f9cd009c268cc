"""One record contract for every named site (as fundus checks every publisher with one test).

Each ``fixtures/sites/<site>/<id>.html`` is read by that site's spider exactly as in a crawl
(``parse_article`` on a response), and the record must equal ``<id>.json``: the page's ground
truth, written by ``python -m devtools.mirror.sites.fixtures`` from what the generator put on
the page for a reader, its diff read before it was committed.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from scrapy.http import HtmlResponse
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from newscrawl.crawler.items import ArticleItem
from devtools.mirror.sites import NAMES

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sites"
PAGES = sorted(FIXTURES.glob("*/*.html"))
COMPARED = ("site", "article_id", "language", "headline", "published_at", "published_precision", "published_text", "summary", "body")
# the record every site yields: field -> the types its value may have (DESIGN.md)
CONTRACT: dict[str, tuple[type, ...]] = {
    "url": (str,), "canonical_url": (str, type(None)), "site": (str,), "article_id": (str,),
    "language": (str,), "headline": (str,), "published_at": (str, type(None)),
    "published_text": (str, type(None)), "summary": (str, type(None)), "body": (str,),
    "source": (str, type(None)), "keywords": (list,), "read_also": (list,), "crawled_at": (str,),
    "content_hash": (str,),
}
BASE = "http://127.0.0.1:8123"


def record_of(site: str, page: Path, path: str) -> dict:
    spider_class = SpiderLoader.from_settings(get_project_settings()).load(site)
    crawler = get_crawler(spider_class)
    spider = spider_class.from_crawler(crawler, base_url=BASE)
    response = HtmlResponse(url=BASE + path, body=page.read_bytes(), encoding="utf-8",
                            headers={"Content-Type": "text/html; charset=utf-8"})
    items = [item for item in spider.parse_article(response) if isinstance(item, ArticleItem)]
    assert len(items) == 1
    return dict(items[0])


def test_every_named_site_has_fixture_pages():
    assert {page.parent.name for page in PAGES} == set(NAMES)
    assert all(page.with_suffix(".json").is_file() for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: f"{page.parent.name}/{page.stem}")
def test_site_page_yields_the_record_a_reader_sees(page):
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    record = record_of(page.parent.name, page, expected["path"])
    assert set(CONTRACT) <= set(record)
    for field, types in CONTRACT.items():
        assert isinstance(record[field], types), field
    assert {field: record[field] for field in COMPARED} == {field: expected[field] for field in COMPARED}
    assert unquote(record["url"]) == BASE + expected["path"]


def test_fixtures_are_what_the_generator_writes_today(tmp_path):
    """A changed template or site plan shows up as a fixture diff to read, not as silent drift."""
    from devtools.mirror.sites.fixtures import write

    written = write(tmp_path)
    assert sorted(p.relative_to(tmp_path) for p in written) == sorted(
        p.relative_to(FIXTURES) for p in FIXTURES.glob("*/*.*"))
    for path in written:
        assert path.read_bytes() == (FIXTURES / path.relative_to(tmp_path)).read_bytes(), path
