"""Parse tests: the seed page exactly, and every mirror article against its expected record.

Expected values come from the corpus the mirror was rendered from (what a
reader sees), never from the crawler's output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from shared_pages import shared_file

from newscrawl.crawler.items import ArticleItem
from newscrawl.spiders.islamtimes import IslamTimesSpider

PROJECT = Path(__file__).resolve().parents[2]
SITE = PROJECT / "fixtures" / "site"
MIRROR = "http://127.0.0.1:8000"
ROUTES = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))["routes"]
EXPECTED = json.loads((PROJECT / "fixtures" / "expected" / "articles.json").read_text(encoding="utf-8"))


def make_spider(base_url: str | None = None) -> IslamTimesSpider:
    crawler = get_crawler(IslamTimesSpider)
    kwargs = {"base_url": base_url} if base_url else {}
    spider = IslamTimesSpider.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    return spider


def parse(spider: IslamTimesSpider, response: Response) -> tuple[list[ArticleItem], list[Any]]:
    output = list(spider.parse_article(response))
    return [o for o in output if isinstance(o, ArticleItem)], [o for o in output if not isinstance(o, ArticleItem)]


def mirror_response(path: str) -> Response:
    route = ROUTES[path]
    return HtmlResponse(url=MIRROR + path, body=(SITE / route["file"]).read_bytes(),
                        headers={"Content-Type": route["content_type"]}, status=route["status"])


# -- the seed page ----------------------------------------------------------------------------

SEED_URL = "https://www.islamtimes.com/ur/news/1211873/%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86-%DA%A9%D8%A7-%DA%A9%D9%84%D8%A7%D8%A4%DA%88-%DA%A9%D9%85%D9%BE%DB%8C%D9%88%D9%B9%D9%86%DA%AF"


@pytest.fixture(scope="module")
def seed() -> ArticleItem:
    body = shared_file("reference", "islamtimes-article.html").read_bytes()
    response = HtmlResponse(url=SEED_URL, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    items, _ = parse(make_spider(), response)
    assert len(items) == 1
    return items[0]


def seed_text_lines() -> list[str]:
    return shared_file("seed", "islamtimes-page.txt").read_text(encoding="utf-8").splitlines()


def test_seed_headline(seed):
    assert seed["headline"] == seed_text_lines()[0]
    assert seed["headline"] == "پاکستان کا کلاؤڈ کمپیوٹنگ اور مصنوعی ذہانت میں چین کیساتھ تعاون کا فیصلہ"


def test_seed_dates(seed):
    assert seed["published_text"] == "25th, March 2025 GMT"
    assert seed["published_at"].startswith("2025-03-25")
    assert seed["published_at"] == "2025-03-25T07:42:10+00:00"  # dcterms.created carries the time


def test_seed_keywords_in_page_order(seed):
    assert seed["keywords"] == ["دونوں ممالک", "ملاقات میں", "کے درمیان", "اور چین", "چین کے", "پر بھی"]


def test_seed_source_and_read_also(seed):
    assert seed["source"] == "Islam Times"
    assert seed["read_also"] == [{
        "url": "https://www.islamtimes.com/ur/news/1211802/%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86-%D8%A7%D9%88%D8%B1-%DB%8C%D9%88-%D8%A7%DB%92-%D8%A7%DB%8C",
        "title": "پاکستان اور یو اے ای کے درمیان مفاہمت کی مختلف یادداشتوں پر دستخط",
    }]


def test_seed_lead_and_body_as_a_reader_sees_them(seed):
    lines = seed_text_lines()
    # the seed text runs the lead and the first paragraph together on one line
    lead_and_first = lines[2]
    assert lead_and_first.startswith(seed["summary"])
    paragraphs = seed["body"].split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("اسلام ٹائمز۔")
    assert lead_and_first == seed["summary"] + " " + paragraphs[0]
    assert paragraphs[1:] == lines[3:5]
    assert "ads.push" not in seed["body"] and "کلیدی لفظ" not in seed["body"]


def test_seed_identity_fields(seed):
    assert seed["article_id"] == "1211873"
    assert seed["site"] == "islamtimes" and seed["language"] == "ur"
    assert seed["canonical_url"] == SEED_URL
    assert seed["url"] == SEED_URL
    assert len(seed["content_hash"]) == 64


def test_seed_follows_its_read_also_link():
    body = shared_file("reference", "islamtimes-article.html").read_bytes()
    response = HtmlResponse(url=SEED_URL, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    _, requests = parse(make_spider(), response)
    assert [unquote(urlsplit(r.url).path) for r in requests] == [
        "/ur/news/1211802/پاکستان-اور-یو-اے-ای"]


# -- every mirror article, one parametrized contract ----------------------------------------

FIELDS = ("headline", "published_at", "published_precision", "published_text", "summary", "body", "source", "keywords", "canonical_url")


@pytest.mark.parametrize("expected", EXPECTED["articles"], ids=lambda e: f"{e['article_id']}-{e['template']}")
def test_mirror_article(expected):
    items, _ = parse(make_spider(MIRROR), mirror_response(expected["path"]))
    assert len(items) == 1
    item = items[0]
    for field in FIELDS:
        assert item[field] == expected[field], field
    assert item["article_id"] == expected["article_id"]
    assert [{"path": unquote(urlsplit(link["url"]).path), "title": link["title"]} for link in item["read_also"]] \
        == [{"path": unquote(link["path"]), "title": link["title"]} for link in expected["read_also"]]


def test_every_template_is_covered():
    assert {e["template"] for e in EXPECTED["articles"]} == {"modern", "jsonld", "legacy", "no_h1", "entities"}


def test_lead_only_in_metadata_is_taken_from_there():
    path = EXPECTED["cases"]["no_visible_lead"]
    html = (SITE / ROUTES[path]["file"]).read_text(encoding="utf-8")
    assert "news-lead" not in html
    spider = make_spider(MIRROR)
    items, _ = parse(spider, mirror_response(path))
    expected = next(e for e in EXPECTED["articles"] if e["path"] == path)
    assert items[0]["summary"] == expected["summary"]
    assert spider.crawler.stats.get_value("newscrawl/field/summary/meta") == 1


def test_windows_1256_page_decodes():
    path = EXPECTED["cases"]["windows_1256"]
    assert "windows-1256" in ROUTES[path]["content_type"]
    raw = (SITE / ROUTES[path]["file"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    items, _ = parse(make_spider(MIRROR), mirror_response(path))
    expected = next(e for e in EXPECTED["articles"] if e["path"] == path)
    assert items[0]["headline"] == expected["headline"]
    assert items[0]["body"] == expected["body"]


HOSTILE_BODIES = {
    "invalid utf-8": "<html><body><p>سرخی</p><p>متن</p></body></html>".encode().replace("متن".encode(), b"\xff\xfe\xc3\x28"),
    "nul bytes": b"<html><body>\x00<p>a\x00b</p></body></html>\x00",
    "garbage": bytes(range(256)) * 8,
    "truncated": "<html><body><div class='news-body'><p>متن".encode(),
    "text only": "پاکستان".encode(),
    "deep nesting": b"<div>" * 3000 + b"<p>x</p>" + b"</div>" * 3000,
}


@pytest.mark.parametrize("source", [*sorted(p for p, r in ROUTES.items() if "html" in r["content_type"]),
                                    *HOSTILE_BODIES])
def test_article_tree_is_the_one_scrapys_selector_builds(source):
    """parse_html skips lxml.html's element classes for speed and keeps no comments (their tails
    join the text before them, as a reader sees it); the tree must not change otherwise."""
    from lxml import etree  # noqa: PLC0415

    from newscrawl.extract.page import parse_response  # noqa: PLC0415

    response = mirror_response(source) if source in ROUTES else HtmlResponse(
        url=MIRROR + "/ur/news/1/x", body=HOSTILE_BODIES[source], headers={"Content-Type": "text/html; charset=utf-8"})
    ours = parse_response(response)
    scrapys = response.selector.root
    assert type(ours) is etree._Element and type(scrapys) is not etree._Element
    etree.strip_tags(scrapys, etree.Comment, etree.ProcessingInstruction)
    assert etree.tostring(ours, encoding="unicode") == etree.tostring(scrapys, encoding="unicode")


# -- bad input: dropped with a counted reason, never a crash ---------------------------------

def test_non_html_response_is_dropped_and_counted():
    spider = make_spider(MIRROR)
    response = Response(url=MIRROR + "/ur/news/1/x", body=b"%PDF-1.4 binary", headers={"Content-Type": "application/pdf"})
    items, requests = parse(spider, response)
    assert items == [] and requests == []
    assert spider.crawler.stats.get_value("newscrawl/dropped/not_html") == 1


def test_empty_page_is_dropped_and_counted():
    spider = make_spider(MIRROR)
    response = HtmlResponse(url=MIRROR + "/ur/news/1/x", body=b"   ", headers={"Content-Type": "text/html"})
    assert parse(spider, response) == ([], [])
    assert spider.crawler.stats.get_value("newscrawl/dropped/empty_page") == 1


def test_page_without_article_yields_an_item_the_validator_will_drop():
    spider = make_spider(MIRROR)
    response = HtmlResponse(url=MIRROR + "/ur/news/1/x", body=b"<html><body><p></p></body></html>",
                            headers={"Content-Type": "text/html; charset=utf-8"})
    items, _ = parse(spider, response)
    assert items[0].get("headline") is None and items[0].get("body") is None
    assert spider.crawler.stats.get_value("newscrawl/field/headline/missing") == 1


def test_invalid_json_ld_falls_back_and_is_counted():
    spider = make_spider(MIRROR)
    html = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
            '<meta property="og:title" content="سرخی"></head><body><h1>سرخی</h1>'
            '<div><p>پہلا پیراگراف کافی لمبا ہے تاکہ یہ متن مانا جائے۔</p></div></body></html>')
    response = HtmlResponse(url=MIRROR + "/ur/news/1/x", body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    items, _ = parse(spider, response)
    assert items[0]["headline"] == "سرخی"
    assert items[0]["body"] == "پہلا پیراگراف کافی لمبا ہے تاکہ یہ متن مانا جائے۔"
    assert spider.crawler.stats.get_value("newscrawl/warnings/jsonld_invalid") == 1


def test_unparseable_date_is_null():
    spider = make_spider(MIRROR)
    html = ('<html><body><h1>سرخی</h1><div>اشاعت کی تاریخ: کسی دن</div>'
            '<div><p>متن کا ایک پیراگراف یہاں ہے۔</p></div></body></html>')
    response = HtmlResponse(url=MIRROR + "/ur/news/1/x", body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    items, _ = parse(spider, response)
    assert items[0]["published_at"] is None
    assert items[0]["published_text"] == "کسی دن"


def test_loader_processor_cache_keeps_each_loader_class_its_own_processors():
    from itemloaders.processors import MapCompose  # noqa: PLC0415

    from newscrawl.extract.loader import ArticleLoader  # noqa: PLC0415

    class ShoutingLoader(ArticleLoader):
        headline_in = MapCompose(str.upper)

    plain, shouting = ArticleLoader(), ShoutingLoader()
    for loader in (plain, shouting, ArticleLoader()):  # the second ArticleLoader hits the cache
        loader.add_value("headline", " news  today ")
    assert plain.load_item()["headline"] == "news today"
    assert shouting.load_item()["headline"] == " NEWS  TODAY "


def test_load_article_forgets_what_it_read_and_leaves_the_collector_on():
    import gc  # noqa: PLC0415

    from newscrawl.extract.loader import ArticleLoader, load_article  # noqa: PLC0415
    from newscrawl.extract.page import ArticlePage, parse_response  # noqa: PLC0415

    response = mirror_response(EXPECTED["articles"][0]["path"])
    page = ArticlePage(parse_response(response), response.url)
    walk_before = page.walk
    item = load_article(page, ArticleLoader(response=response))
    assert gc.isenabled()
    assert "walk" not in vars(page) and "sections" not in vars(page)  # dropped, not traversed by the collector
    assert page.url == response.url and page.problems == []  # what the page was built with stays
    assert [piece[:3] for piece in page.walk.pieces] == [piece[:3] for piece in walk_before.pieces]  # read again on demand
    assert item["headline"] and item["body"]
