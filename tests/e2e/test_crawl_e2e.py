"""End to end: the real `scrapy crawl islamtimes -a base_url=...` against the served mirror."""

from __future__ import annotations

from collections import Counter
from urllib.parse import unquote, urlsplit

import pytest

from devtools.mirror.server import DEFAULT_ROOT, serving
from tests.conftest import run_crawl


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """One crawl of the mirror through the JSONL pipeline, the mirror's access log alongside; made
    once for the module (about 13 s): every test here only reads it."""
    root = tmp_path_factory.mktemp("crawl")
    with serving(DEFAULT_ROOT, access_log=root / "access.log") as mirror:
        out = root / "out" / "islamtimes.jsonl"
        result = run_crawl(mirror.base_url, out, "-s", f"NEWSCRAWL_JSONL_PATH={out}")
        result.requests = list(mirror.requests)
    assert result.returncode == 0, result.log[-3000:]
    return result


def test_every_expected_article_exactly_once(crawl, expected):
    syndicated = set(expected["cases"]["syndicated"]["article_ids"])
    counts = Counter(record["article_id"] for record in crawl.records)
    for article in expected["articles"]:
        if article["article_id"] in syndicated:
            continue
        assert counts[article["article_id"]] == 1, article["article_id"]
    # the syndicated copy is the same text under another id: exactly one of the two is kept
    assert sum(counts[article_id] for article_id in syndicated) == 1
    assert sum(counts.values()) == len(expected["articles"]) - 1 + 1  # 45 originals + one of the pair


def test_records_carry_the_right_fields(crawl, expected):
    by_id = {record["article_id"]: record for record in crawl.records}
    for article in expected["articles"]:
        record = by_id.get(article["article_id"])
        if record is None:  # the syndicated original, when its copy came first
            continue
        for field in ("headline", "published_at", "summary", "body", "source", "keywords"):
            assert record[field] == article[field], (article["article_id"], field)
        twin = expected["cases"]["duplicate_url"]
        paths = twin["paths"] if article["article_id"] == twin["article_id"] else [article["path"]]
        assert unquote(urlsplit(record["url"]).path) in {unquote(path) for path in paths}
        assert [unquote(urlsplit(link["url"]).path) for link in record["read_also"]] \
            == [unquote(link["path"]) for link in article["read_also"]]
        assert record["site"] == "islamtimes" and record["language"] == "ur"


def test_jsonl_is_readable_utf8(crawl):
    assert "\\u06" not in crawl.raw and "\\u06" not in crawl.raw.replace("\\\\", "")
    assert "پاکستان" in crawl.raw
    assert crawl.raw.count("\n") == len(crawl.records)


def test_dropped_pages_and_duplicates_are_counted(crawl):
    summary = crawl.report["summary"]
    # the junk pages (devtools/mirror/junk.py) by their gate; the soft 404's reason depends on
    # which of its blocks extraction takes for the body: its apology (short) or its chrome
    dropped = dict(summary["dropped"])
    soft_404 = dropped.pop("short_body", 0) + dropped.get("boilerplate_body", 0) - 1
    dropped["boilerplate_body"] = 1
    assert soft_404 == 1
    assert dropped == {"http_404": 1, "http_500": 1, "robots_forbidden": 1, "site_name_headline": 2,
                       "boilerplate_body": 1, "language_fa": 1, "language_ar": 1, "language_en": 1}
    assert summary["duplicates"] == {"content_hash": 1}
    assert summary["errors"] == {"http_404": 1, "http_500": 1}
    stats = crawl.report["stats"]
    assert stats["retry/max_reached"] == 1  # the 500 page was retried before giving up
    assert stats["item_dropped_reasons_count/DuplicateArticle"] == 1


def test_junk_pages_never_become_records(crawl, expected):
    junk_ids = {path.split("/")[3] for path in expected["cases"]["junk"]}
    assert junk_ids and not junk_ids & {record["article_id"] for record in crawl.records}
    stats = crawl.report["stats"]
    for reason in ("SiteNameHeadline", "BoilerplateBody", "OtherLanguage"):
        assert stats[f"item_dropped_reasons_count/{reason}"] >= 1


def test_robots_txt_is_obeyed(crawl, expected):
    assert "/robots.txt" in crawl.requests
    assert not any(expected["cases"]["robots_disallowed"] in unquote(r) for r in crawl.requests)
    assert crawl.report["stats"]["robotstxt/forbidden"] == 1


def test_each_page_fetched_once_and_nothing_out_of_scope(crawl, expected):
    fetched = Counter(unquote(r) for r in crawl.requests)  # path with query: archive pages differ by ?page=
    retried = unquote(expected["cases"]["server_error"])
    # 1 try + 3 retries; robots.txt is read by RobotsTxtMiddleware and, for its Sitemap: lines,
    # by the spider (as Scrapy's SitemapSpider does: the middleware's parser is private)
    assert {path: n for path, n in fetched.items() if n > 1} == {retried: 4, "/robots.txt": 2}
    twin = expected["cases"]["duplicate_url"]
    assert sum(fetched[unquote(path)] for path in twin["paths"]) == 1  # one article, two URLs, one fetch
    assert expected["cases"]["video"] not in fetched
    assert not any(path.startswith(("/en/", "/ar/", "/fa/", "/ur/search", "/ur/tag/")) for path in fetched)
    assert not any("utm_" in r for r in crawl.requests)


def test_dash_capital_o_feed_export_works_as_usual(mirror, tmp_path, expected):
    out = tmp_path / "feed.jsonl"
    result = run_crawl(mirror.base_url, out, "-O", str(out))
    assert result.returncode == 0
    assert len(result.records) == len(expected["articles"])  # 45 + one of the syndicated pair
    assert "\\u06" not in result.raw
