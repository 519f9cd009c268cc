"""Issue 11 on the crawl side: what a bad page holds never loses the article or opens the site.

Article pages go through the spider's real ``parse_article`` (cases 3 and 4);
robots.txt is served for real and crawled (case 7).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import FAST, run_crawl
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.crawler.items import ArticleItem
from devtools.mirror.server import DEFAULT_ROOT, serving
from newscrawl.spiders.islamtimes import IslamTimesSpider

MIRROR = "http://127.0.0.1:8000"
URL = MIRROR + "/ur/news/1300001/khabar"
HEADLINE = "کراچی میں بارش سے نظام زندگی متاثر"
PARAGRAPHS = [
    "کراچی میں موسلا دھار بارش کے باعث کئی نشیبی علاقے زیر آب آ گئے اور شہریوں کو شدید مشکلات کا سامنا کرنا پڑا۔",
    "شہر کے متعدد علاقوں میں بجلی کی فراہمی کئی گھنٹے معطل رہی جبکہ سڑکوں پر ٹریفک جام رہا۔",
    "محکمہ موسمیات نے آئندہ دو روز کے دوران مزید بارشوں کی پیش گوئی کی ہے اور شہریوں کو احتیاط کی ہدایت کی ہے۔",
]


def page(jsonld: str, date_line: str | None = "25th, March 2025 GMT") -> bytes:
    """An article page as the site writes it: JSON-LD (verbatim, maybe broken), og:title, h1, date line, body."""
    date = f'<div class="date">اشاعت کی تاریخ: {date_line}</div>' if date_line else ""
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="ur"><head><meta charset="utf-8">
<title>{HEADLINE} - اسلام ٹائمز</title>
<meta property="og:title" content="{HEADLINE}">
<script type="application/ld+json">{jsonld}</script>
</head><body><article><h1>{HEADLINE}</h1>{date}<div class="body">{body}</div></article></body></html>""".encode()


def parse(body: bytes) -> tuple[list[ArticleItem], dict[str, int]]:
    crawler = get_crawler(IslamTimesSpider)
    spider = IslamTimesSpider.from_crawler(crawler, base_url=MIRROR)
    crawler.spider = spider
    response = HtmlResponse(url=URL, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    items = [out for out in spider.parse_article(response) if isinstance(out, ArticleItem)]
    return items, crawler.stats.get_stats()


def news_article(**fields: object) -> str:
    return json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", **fields}, ensure_ascii=False)


# -- case 3: implausible dates are refused, not written -------------------------------------------

@pytest.mark.parametrize("machine_date", ["0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "2999-01-01T00:00:00Z",
                                          "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+05:00"])
def test_an_implausible_machine_date_is_refused_and_the_next_layer_read(machine_date: str) -> None:
    items, stats = parse(page(news_article(headline=HEADLINE, datePublished=machine_date)))
    assert len(items) == 1
    assert items[0]["published_at"] == "2025-03-25T00:00:00+00:00"  # the visible date line
    assert stats["newscrawl/field/published_at/label"] == 1


def test_an_implausible_date_alone_leaves_published_at_null() -> None:
    items, stats = parse(page(news_article(headline=HEADLINE, datePublished="0001-01-01T00:00:00Z"), date_line=None))
    assert len(items) == 1 and items[0]["published_at"] is None
    assert items[0]["headline"] == HEADLINE and items[0]["content_hash"]
    assert stats["newscrawl/field/published_at/missing"] == 1


# -- case 4: a failing strategy falls back to the next layer, counted -------------------------------

def test_json_ld_nested_100000_deep_falls_back_to_the_next_layers() -> None:
    """Nested past Python's recursion limit, the JSON-LD is unparsable: counted once, and every other
    strategy (the meta tags, which read the JSON-LD first for some fields, included) still works."""
    deep = '{"@type": "NewsArticle", "headline": "x", "about": ' + "[" * 100_000 + "]" * 100_000 + "}"
    items, stats = parse(page(deep))
    assert len(items) == 1
    assert items[0]["headline"] == HEADLINE and items[0]["published_at"].startswith("2025-03-25")
    assert stats["newscrawl/field/headline/opengraph"] == 1
    assert stats["newscrawl/warnings/jsonld_invalid"] == 1
    assert not [key for key in stats if key.startswith("newscrawl/warnings/strategy_error/")]


def test_a_lone_surrogate_in_the_json_ld_headline_falls_back_to_og_title() -> None:
    items, stats = parse(page(news_article(headline="\\ud800 سرخی", datePublished="2025-03-25T00:00:00Z")
                              .replace("\\\\ud800", "\\ud800")))
    assert len(items) == 1 and items[0]["headline"] == HEADLINE
    items[0]["headline"].encode("utf-8")  # writable
    assert stats["newscrawl/field/headline/opengraph"] == 1
    assert stats["newscrawl/warnings/strategy_error/headline"] == 1


def test_an_exception_outside_the_strategies_is_a_counted_drop() -> None:
    """Whatever still escapes the callback: the page is dropped with a reason, and Scrapy counts the exception."""
    from newscrawl.crawler.spidererrors import ArticleExceptionMiddleware

    crawler = get_crawler(IslamTimesSpider)
    middleware = ArticleExceptionMiddleware.from_crawler(crawler)
    article = HtmlResponse(url=URL, body=b"<html></html>", request=Request(URL, meta={"is_article": True}))
    listing = HtmlResponse(url=MIRROR + "/ur/", body=b"<html></html>", request=Request(MIRROR + "/ur/"))
    assert middleware.process_spider_exception(article, RecursionError("deep")) is None  # Scrapy still logs it
    assert middleware.process_spider_exception(listing, ValueError("x")) is None
    assert crawler.stats.get_value("newscrawl/dropped/spider_exception") == 1


# -- case 7: a robots.txt larger than DOWNLOAD_MAXSIZE is still obeyed ---------------------------------

def test_robots_txt_larger_than_download_maxsize_is_obeyed_from_its_first_500_kib(tmp_path: Path,
                                                                                  expected: dict) -> None:
    site = tmp_path / "site"
    shutil.copytree(DEFAULT_ROOT, site)
    robots = site / "files" / "051.txt"
    rules = robots.read_bytes()
    filler = b"# " + b"x" * 1021 + b"\n"  # 1 KiB comment lines, as a bloated CMS writes them
    robots.write_bytes(rules + filler * 2048)  # 2 MiB: twice DOWNLOAD_MAXSIZE below
    out = tmp_path / "out.jsonl"
    with serving(site) as server:
        result = run_crawl(server.base_url, out, "-s", f"NEWSCRAWL_JSONL_PATH={out}",
                           settings=(*FAST, f"DOWNLOAD_MAXSIZE={1024 * 1024}"))
        fetched = list(server.requests)
    assert result.returncode == 0, result.log[-3000:]
    stats = result.report["stats"]
    assert expected["cases"]["robots_disallowed"] not in fetched
    assert stats["robotstxt/forbidden"] >= 1
    assert stats["newscrawl/crawler/robots/truncated"] == 1
    assert "larger than NEWSCRAWL_ROBOTS_MAX_SIZE" in result.log


# -- case 2: a canonical URL is trusted only when it is plausible for the page -------------------------

def dedup_pipeline():
    from newscrawl.pipelines.dedup import DedupPipeline

    crawler = get_crawler(IslamTimesSpider)
    crawler.spider = IslamTimesSpider.from_crawler(crawler, base_url=MIRROR)
    crawler.stats.open_spider()
    return DedupPipeline.from_crawler(crawler), crawler.stats


def story(number: int, canonical: str | None) -> ArticleItem:
    from newscrawl.core.text import content_hash

    body = f"{PARAGRAPHS[number % 3]}\n\nخبر نمبر {number} کی تفصیل۔"
    return ArticleItem(url=f"{MIRROR}/ur/news/{1300000 + number}/khabar", canonical_url=canonical, site="islamtimes",
                       article_id=str(1300000 + number), headline=f"{HEADLINE} {number}", body=body,
                       content_hash=content_hash(f"{HEADLINE} {number}", body))


@pytest.mark.parametrize("canonical", [MIRROR + "/", MIRROR + "/ur/", MIRROR + "/ur/archive?page=1",
                                       "https://www.islamtimes.com/ur/"])
def test_articles_declaring_the_home_page_as_canonical_are_all_kept(canonical: str) -> None:
    pipeline, stats = dedup_pipeline()
    kept = [pipeline.process_item(story(n, canonical)) for n in range(10)]
    assert len(kept) == 10 and all(item["canonical_url"] == canonical for item in kept)  # as declared
    assert stats.get_value("newscrawl/warnings/canonical_untrusted") == 10
    assert not stats.get_value("newscrawl/dedup/canonical_url")


def test_a_canonical_naming_the_same_article_is_trusted_even_on_another_host() -> None:
    from newscrawl.crawler.drops import DuplicateArticle

    pipeline, stats = dedup_pipeline()
    live = "https://www.islamtimes.com/ur/news/1300001/khabar"
    pipeline.process_item(story(1, live))
    with pytest.raises(DuplicateArticle):  # the same article under a legacy URL, slightly edited
        pipeline.process_item({**story(2, live), "url": MIRROR + "/ur/doc/news/1300001/"})
    assert stats.get_value("newscrawl/dedup/canonical_url") == 1
    assert not stats.get_value("newscrawl/warnings/canonical_untrusted")


def test_a_canonical_that_many_different_texts_declare_is_not_believed() -> None:
    """A template that puts the newest article's URL in every page's canonical."""
    pipeline, stats = dedup_pipeline()
    newest = f"{MIRROR}/ur/news/1300000/khabar"
    kept = []
    for n in range(10):
        try:
            kept.append(pipeline.process_item(story(n, newest)))
        except Exception:  # noqa: BLE001 - the second text is taken for an edited copy
            pass
    assert len(kept) == 9 and stats.get_value("newscrawl/dedup/canonical_url") == 1
    assert stats.get_value("newscrawl/warnings/canonical_conflict") == 8
