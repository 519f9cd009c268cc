"""The generic spider ``urdu``: the Islam Times mirror without its site file, and a site it has never seen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from parsel import Selector

from devtools.mirror.server import MirrorServer, serving
from devtools.mirror.sites import NAMES, write_site
from newscrawl.extract.articleness import article_signal
from newscrawl.spiders.urdu import stable_id
from tests.conftest import CrawlResult, run_crawl
from tests.unseen_site import visible_date
from tests.unseen_site import build_unseen_site


def crawl(server: MirrorServer, tmp_path: Path, spider: str, *args: str) -> CrawlResult:
    out = tmp_path / spider / f"{spider}.jsonl"
    result = run_crawl(server.base_url, out, "-s", f"NEWSCRAWL_JSONL_PATH={out}", *args, spider=spider)
    assert result.returncode == 0, result.log[-3000:]
    result.requests = [unquote(request) for request in server.requests]
    return result


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return unquote(parts.path + ("?" + parts.query if parts.query else ""))


@pytest.fixture(scope="module")
def generic(tmp_path_factory) -> Iterator[CrawlResult]:
    """The generic spider's crawl of the mirror, made once for the module: the tests only read it."""
    root = tmp_path_factory.mktemp("generic")
    with serving(access_log=root / "access.log") as server:
        yield crawl(server, root, "urdu")


def test_generic_finds_every_mirror_article_with_the_right_fields(generic, expected):
    by_hash_free_key = {record["headline"]: record for record in generic.records}
    syndicated = set(expected["cases"]["syndicated"]["article_ids"])
    for article in expected["articles"]:
        record = by_hash_free_key.get(article["headline"])
        assert record is not None, article["path"]
        if article["article_id"] in syndicated:
            continue  # one of the pair is kept, under either URL
        for field in ("published_at", "summary", "body", "source", "keywords"):
            assert record[field] == article[field], (article["path"], field)
        assert [path_of(link["url"]) for link in record["read_also"]] == [unquote(link["path"]) for link in article["read_also"]]
        assert record["site"] == "urdu"
        assert record["article_id"] == stable_id(record["canonical_url"] or record["url"])
    assert len(generic.records) == len(expected["articles"])  # 45 + one of the syndicated pair


def test_generic_exports_no_listing_page(generic):
    exported = {path_of(record["url"]) for record in generic.records}
    listings = {path for path in generic.requests if path == "/ur/" or path.startswith(("/ur/archive", "/ur/section/"))}
    assert listings and not exported & listings
    assert "/ur/doc/video/1299004/" not in exported
    stats = generic.report["stats"]
    assert stats["newscrawl/generic/not_articles"] >= len(listings)
    signals = {key.rsplit("/", 1)[1]: n for key, n in stats.items() if key.startswith("newscrawl/generic/articles/")}
    # each of the mirror's templates; the og:type one keeps its headline and text in an <article>
    assert set(signals) == {"jsonld", "article", "published_time", "text"}


def test_generic_fetches_every_page_the_named_spider_fetches(generic, mirror, tmp_path):
    named = crawl(mirror, tmp_path, "islamtimes")  # its own server: its requests are the named spider's alone
    named_pages = set(named.requests)
    # everything the site file reached, the page-reading spider reached too
    assert named_pages <= set(generic.requests)
    # and more: it cannot know that tag, edition and bare-relative links lead nowhere on this mirror
    assert len(set(generic.requests)) > len(named_pages)


def test_article_signal_reads_the_page_not_the_url():
    paragraphs = "".join(f"<p>{'یہ ایک طویل اردو پیراگراف ہے جس میں خبر کی تفصیل بیان کی گئی ہے۔ ' * 3}</p>" for _ in range(3))
    article = f"<html><body><h1>لاہور میں بارش کا نیا ریکارڈ قائم</h1><span>14 مارچ 2025</span>{paragraphs}</body></html>"
    assert article_signal(Selector(text=article)) == "text"
    no_date = article.replace("14 مارچ 2025", "")
    assert article_signal(Selector(text=no_date)) is None  # an about page: long text, no date
    teasers = "".join(f'<h2><a href="/x/{i}">لاہور میں بارش کا نیا ریکارڈ قائم {i}</a></h2>' for i in range(8))
    listing = f'<html><head><meta property="og:type" content="article"></head><body>{teasers}{paragraphs}</body></html>'
    assert article_signal(Selector(text=listing)) is None  # marked article, but teasers outnumber the text
    collection = '<script type="application/ld+json">{"@type": "CollectionPage"}</script>'
    assert article_signal(Selector(text=article.replace("<body>", f"<body>{collection}"))) is None


@pytest.fixture
def unseen(tmp_path: Path) -> Iterator[tuple[MirrorServer, dict[str, Any]]]:
    site = build_unseen_site(tmp_path / "unseen")
    with serving(tmp_path / "unseen") as server:
        yield server, site


def test_generic_on_a_site_it_has_never_seen(unseen, tmp_path):
    server, site = unseen
    result = crawl(server, tmp_path, "urdu")
    by_path = {path_of(record["url"]): record for record in result.records}
    assert set(by_path) == {article["path"] for article in site["articles"]}  # every article, nothing else
    for article in site["articles"]:
        record = by_path[article["path"]]
        assert record["headline"] == article["headline"]
        assert record["body"] == "\n\n".join(article["paragraphs"])
        assert record["summary"] == article["lead"]
        if article["style"] != "plain":  # a date the page gives in metadata
            assert record["published_at"] == article["moment"].isoformat()
        else:  # only a visible date line under the headline, no label, no <time>: its day
            assert record["published_at"][:10] == article["moment"].date().isoformat()
            assert record["published_text"] == visible_date(article["moment"])
    assert {unquote(p) for p in site["listings"]} <= set(result.requests)  # home, pages, categories, tags, authors, about
    stats = result.report["stats"]
    assert stats["newscrawl/generic/not_articles"] == len(site["listings"])
    assert stats["newscrawl/discovery/feeds"] == 1  # found through <link rel="alternate">
    assert stats["newscrawl/discovery/sitemap_indexes"] == 1


def test_generic_page_budget(unseen, tmp_path):
    server, _ = unseen
    result = crawl(server, tmp_path, "urdu", "-s", "NEWSCRAWL_GENERIC_MAX_PAGES=6", "-s", "NEWSCRAWL_DISCOVERY_ENABLED=False")
    pages = [path for path in result.requests if path != "/robots.txt"]
    assert len(pages) == 6
    assert result.report["stats"]["newscrawl/generic/over_budget"] > 0


def test_generic_needs_a_base_url(tmp_path):
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "urdu"], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "urdu needs a base URL" in done.stderr  # a configuration error, one line


# What a site file adds on each named site's mirror (docs/discovery.md): these sites print their
# date as a bare line by the headline, which the generic spider reads too (its calendar day; only a
# site file knows the site's zone and Express's machine time in span.timestamp[title]). Dawn News's
# headline is an <h2> link, so its line is not read there: null, or the day htmldate reads in its
# ISO title attribute (precision day). Hum Sub labels Pakistan time "+00:00" (the site file knows;
# a generic reader takes the label at its word).
DATE_LINE_DAY_ONLY = {"express", "nawaiwaqt", "jang"}
DATE_ONLY_WITH_A_SITE_FILE = {"dawnnews"}
ZONE_MISLABELLED = {"humsub"}
KNOWN_WRONG_BODY = {("bbcurdu", "c61znxen060o")}  # as for the named spider (tests/e2e/test_sites_e2e.py)


@pytest.mark.parametrize("site", NAMES)
def test_generic_on_each_named_site_mirror(site, tmp_path):
    built = write_site(site, tmp_path / "mirror")
    with serving(tmp_path / "mirror") as server:
        result = crawl(server, tmp_path, "urdu")
    truth = {record["article_id"]: record for record in built.expected()}
    local_day = {article.article_id: article.local.date().isoformat() for article in built.articles}
    article_of = {path: article.article_id for article in built.articles for path in article.paths}
    found = Counter(article_of.get(path_of(record["url"]).split("?")[0]) for record in result.records)
    assert found == Counter(list(truth))  # every article exactly once; no listing or other page exported
    for record in result.records:
        article_id = article_of[path_of(record["url"]).split("?")[0]]
        expected = truth[article_id]
        assert record["headline"] == expected["headline"]
        if (site, article_id) not in KNOWN_WRONG_BODY:
            assert record["body"] == expected["body"]
        if site in DATE_LINE_DAY_ONLY:
            assert record["published_at"][:10] == local_day[article_id]  # the day the page shows
        elif site in DATE_ONLY_WITH_A_SITE_FILE:  # null, or the day htmldate reads off a machine date of the page
            moment = datetime.fromisoformat(expected["published_at"])
            # the day in the zone that date was written in: the site's, or UTC
            days = {moment.date().isoformat(), moment.astimezone(timezone.utc).date().isoformat()}
            assert record["published_at"] is None or (
                record["published_precision"] == "day" and record["published_at"][:10] in days
            ), (record["published_at"], expected["published_at"])
        elif site not in ZONE_MISLABELLED:
            # the same moment; without a site file's zone the page's own UTC label is kept
            assert datetime.fromisoformat(record["published_at"]) == datetime.fromisoformat(expected["published_at"])
    assert result.report["stats"]["newscrawl/generic/not_articles"] > 0


def generic_record(html: str) -> dict[str, Any]:
    """The record the generic spider writes for one page (parse_article, as in a crawl)."""
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from newscrawl.crawler.items import ArticleItem
    from newscrawl.spiders.urdu import UrduSpider

    spider = UrduSpider.from_crawler(get_crawler(UrduSpider), base_url="https://news.example")
    response = HtmlResponse("https://news.example/2021/story", body=html.encode(), encoding="utf-8")
    items = [item for item in spider.parse_article(response) if isinstance(item, ArticleItem)]
    assert len(items) == 1
    return dict(items[0])


def test_generic_reads_an_unlabelled_date_line_under_the_headline():
    text = "".join(f"<p>{'یہ ایک طویل اردو پیراگراف ہے جس میں خبر کی تفصیل بیان کی گئی ہے۔ ' * 3}</p>" for _ in range(3))
    page = (
        "<html><body><header><a href='/'>نمونہ نیوز</a></header><div class='news'>"
        "<h1>لاہور میں بارش کا نیا ریکارڈ قائم ہو گیا</h1><div>جمعرات 15 جولائی 2021</div>"
        f"<div class='text'>{text}</div></div>"
        "<aside><h3>مزید خبریں</h3><div>بدھ 14 جولائی 2021</div></aside></body></html>"
    )
    record = generic_record(page)
    assert record["published_at"][:10] == "2021-07-15"
    assert record["published_text"] == "جمعرات 15 جولائی 2021"
    # a year in a sentence by the headline is not a date line: null, never a guess
    no_line = generic_record(page.replace("<div>جمعرات 15 جولائی 2021</div>", "<div>2021 کا ریکارڈ</div>"))
    assert no_line["published_at"] is None


def test_sitemap_and_feed_entries_go_before_the_walk():
    """Articles first for the generic spider too: what a sitemap or feed names outranks a page the walk found."""
    from newscrawl.spiders.discovery import ARTICLE_PRIORITY, LISTING_PRIORITY
    from newscrawl.spiders.urdu import UrduSpider

    spider = UrduSpider(base_url="http://127.0.0.1:8000")
    entry = spider.discovered("http://127.0.0.1:8000/2025/03/some-story")
    walked = spider.page_request("http://127.0.0.1:8000/category/news")
    assert entry is not None and walked is not None
    assert entry.priority == ARTICLE_PRIORITY > walked.priority == LISTING_PRIORITY
    assert spider.discovered("http://elsewhere.example/x") is None


def test_a_page_is_parsed_once_for_every_reader():
    """The article judge, the extraction and the link extractor read one tree: parsed_once's, kept
    as ``response.selector`` (the private cache newscrawl/crawler/scrapy_private.py names)."""
    from scrapy.http import HtmlResponse

    from newscrawl.spiders.urdu import parsed_once

    response = HtmlResponse("https://news.example/a", body="<html><body><!-- x --><p>خبر</p></body></html>".encode())
    selector = parsed_once(response)
    assert response.selector is selector and response.xpath("//p/text()").get() == "خبر"
    assert selector.root.xpath("//comment()") == []  # the project's parser, not Scrapy's (which keeps comments)
