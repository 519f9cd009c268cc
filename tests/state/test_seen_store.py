"""The seen-store and the incremental components, built from a crawler, state in tmp_path."""

from __future__ import annotations

import logging
import sqlite3

import pytest
import scrapy
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newscrawl.crawler.dupefilter import META_KEY
from newscrawl.crawler.incremental import STALE_KEY, IncrementalMiddleware
from newscrawl.crawler.drops import SeenDuplicate
from newscrawl.pipelines.seen import SeenHashPipeline
from newscrawl.state import close_seen_store, seen_store
from newscrawl.state.mark import MarkSeen
from newscrawl.state.sqlite import SqliteSeenStore


class Spider(scrapy.Spider):
    name = "islamtimes"


def crawler_for(tmp_path, **settings):
    base = {"NEWSCRAWL_INCREMENTAL_ENABLED": True, "NEWSCRAWL_SEEN_STORE_PATH": str(tmp_path / "seen.sqlite3"),
            "NEWSCRAWL_INCREMENTAL_STALE_PAGES": 2}
    crawler = get_crawler(Spider, {**base, **settings})
    crawler.spider = Spider()
    crawler.stats.open_spider()
    return crawler


def article(url: str, key: str) -> Request:
    return Request(url, meta={META_KEY: key, "is_article": True})


def listing_response(url: str = "http://site/ur/", **meta) -> HtmlResponse:
    return HtmlResponse(url, body=b"<html></html>", request=Request(url, meta=meta))


# -- the store ------------------------------------------------------------------------------

def test_store_remembers_urls_keys_and_hashes_across_reopen(tmp_path):
    path = tmp_path / "seen.sqlite3"
    store = SqliteSeenStore.open(path)
    store.add("http://site/ur/news/1/a", "islamtimes:1", "h1")
    assert store.contains_url("http://site/ur/news/1/a")  # visible at once on the same connection
    store.close()
    store = SqliteSeenStore.open(path)
    assert store.contains_url("http://site/ur/news/1/a") and store.contains_key("islamtimes:1")
    assert store.contains_hash("h1")
    assert not store.contains_url("http://site/ur/news/2/b") and not store.contains_key("islamtimes:2")
    assert not store.contains_hash("h2") and len(store) == 1
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_uncommitted_marks_are_lost_by_a_crash_committed_ones_are_not(tmp_path):
    path = tmp_path / "seen.sqlite3"
    store = SqliteSeenStore.open(path)
    store.add("http://site/a", "s:1", "h1")
    store.commit()
    store.add("http://site/b", "s:2", "h2")  # open transaction: a kill now loses it (the record is rewritten)
    other = sqlite3.connect(path)  # what a fresh process would see
    assert [row[0] for row in other.execute("SELECT url FROM seen")] == ["http://site/a"]
    other.close()
    store.close()


def test_a_corrupt_store_is_moved_aside_and_recreated_with_a_warning(tmp_path, monkeypatch):
    # Our own handler on the module's logger: other tests' Scrapy logging setup must not hide the warning.
    logger = logging.getLogger("newscrawl.state.sqlite")
    warnings: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warnings.append(record.getMessage())
    monkeypatch.setattr(logger, "disabled", False)
    monkeypatch.setattr(logger, "level", logging.WARNING)
    monkeypatch.setattr(logging.root.manager, "disable", logging.NOTSET)
    logger.addHandler(handler)
    path = tmp_path / "seen.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    crawler = crawler_for(tmp_path)
    try:
        store = seen_store(crawler)
    finally:
        logger.removeHandler(handler)
    assert not store.contains_url("http://site/a")
    store.add("http://site/a", None, None)
    close_seen_store(crawler)
    assert crawler.stats.get_value("newscrawl/seen/store_recreated") == 1
    assert any("unreadable" in warning for warning in warnings)
    assert len(list(tmp_path.glob("seen.sqlite3.corrupt-*"))) == 1
    assert SqliteSeenStore.open(path).contains_url("http://site/a")


def test_incremental_on_without_a_store_path_fails_loudly(tmp_path):
    with pytest.raises(ValueError, match="NEWSCRAWL_SEEN_STORE_PATH"):
        IncrementalMiddleware.from_crawler(crawler_for(tmp_path, NEWSCRAWL_SEEN_STORE_PATH=None))


# -- the components ---------------------------------------------------------------------------

@pytest.mark.parametrize("component", [IncrementalMiddleware, SeenHashPipeline, MarkSeen])
def test_components_are_off_unless_incremental(tmp_path, component):
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        component.from_crawler(get_crawler(Spider, {}))


def test_known_articles_are_skipped_by_url_or_key(tmp_path):
    crawler = crawler_for(tmp_path)
    store = seen_store(crawler)
    store.add("http://site/ur/news/1/a", "islamtimes:1", "h1")
    mw = IncrementalMiddleware.from_crawler(crawler)
    out = list(mw.process_spider_output(listing_response(), [
        article("http://site/ur/news/1/a", "islamtimes:1"),
        article("http://site/ur/doc/news/1/", "islamtimes:1"),  # another URL of a known article
        article("http://site/ur/news/2/b", "islamtimes:2"),
        Request("http://site/ur/news/1/a", meta={META_KEY: "islamtimes:1", "is_article": True,
                                                  "newscrawl_refetch": True}),
    ]))
    assert [r.url for r in out] == ["http://site/ur/news/2/b", "http://site/ur/news/1/a"]
    assert crawler.stats.get_value("newscrawl/seen/skipped") == 2


def test_pagination_stops_after_the_configured_number_of_stale_listing_pages(tmp_path):
    crawler = crawler_for(tmp_path)
    seen_store(crawler).add("http://site/ur/news/1/a", "islamtimes:1", "h1")
    mw = IncrementalMiddleware.from_crawler(crawler)
    next_page = Request("http://site/ur/archive?page=2")
    stale = [next_page, article("http://site/ur/news/1/a", "islamtimes:1")]  # next page yielded first: held back

    first = list(mw.process_spider_output(listing_response(), stale))
    assert [r.url for r in first] == [next_page.url] and first[0].meta[STALE_KEY] == 1
    second = list(mw.process_spider_output(listing_response(**{STALE_KEY: 1}), stale))
    assert second == []  # two stale pages in a row: stop
    assert crawler.stats.get_value("newscrawl/crawler/incremental/pagination_stopped") == 1
    fresh = list(mw.process_spider_output(
        listing_response(**{STALE_KEY: 1}), [Request("http://site/p3"), article("http://site/ur/news/9/z", "s:9")]))
    assert [r.meta.get(STALE_KEY) for r in fresh if not r.meta.get("is_article")] == [0]  # something new: reset


def test_full_walk_never_stops_pagination(tmp_path):
    crawler = crawler_for(tmp_path, NEWSCRAWL_INCREMENTAL_STALE_PAGES=0)
    mw = IncrementalMiddleware.from_crawler(crawler)
    out = list(mw.process_spider_output(listing_response(**{STALE_KEY: 10}), [Request("http://site/p2")]))
    assert len(out) == 1


def test_known_text_is_dropped_and_not_marked(tmp_path):
    """A copy of known text is fetched again next run: the site may have served it in place of the article."""
    crawler = crawler_for(tmp_path)
    store = seen_store(crawler)
    store.add("http://site/ur/news/1/a", "islamtimes:1", "same-text")
    pipeline = SeenHashPipeline.from_crawler(crawler)
    marker = MarkSeen.from_crawler(crawler)
    copy = {"url": "http://site/ur/news/7/copy", "site": "islamtimes", "article_id": "7", "content_hash": "same-text"}
    with pytest.raises(SeenDuplicate) as dropped:
        pipeline.process_item(copy)
    assert crawler.stats.get_value("newscrawl/dedup/seen_hash") == 1
    response = HtmlResponse(copy["url"], body=b"", request=article(copy["url"], "islamtimes:7"))
    marker.item_dropped(copy, response, dropped.value)
    assert not store.contains_key("islamtimes:7") and not store.contains_url(copy["url"])
    assert pipeline.process_item({**copy, "content_hash": "new-text"})["content_hash"] == "new-text"


def test_an_item_is_marked_only_when_scraped_and_committed_after_the_jsonl_fsync(tmp_path):
    part = tmp_path / "run.jsonl.part"
    part.write_text('{"url": "x"}\n', encoding="utf-8")
    crawler = crawler_for(tmp_path, NEWSCRAWL_SEEN_COMMIT_ITEMS=2, NEWSCRAWL_JSONL_PATH=str(tmp_path / "run.jsonl"))
    marker = MarkSeen.from_crawler(crawler)
    items = [{"url": f"http://site/ur/news/{n}/a", "site": "islamtimes", "article_id": str(n),
              "content_hash": f"h{n}"} for n in (1, 2, 3)]
    for item in items:
        marker.item_scraped(item, HtmlResponse(item["url"], body=b"",
                                               request=article(item["url"], f"islamtimes:{item['article_id']}")))
    fresh = sqlite3.connect(tmp_path / "seen.sqlite3")
    assert fresh.execute("SELECT count(*) FROM seen").fetchone()[0] == 2  # one batch of two committed
    marker.spider_closed("finished")
    assert fresh.execute("SELECT count(*) FROM seen").fetchone()[0] == 3
    fresh.close()
    assert crawler.stats.get_value("newscrawl/seen/marked") == 3


def test_a_full_disk_is_not_corruption_the_store_stays_in_place(tmp_path, monkeypatch):
    from newscrawl.state import sqlite as sqlite_store

    path = tmp_path / "seen.sqlite3"
    SqliteSeenStore.open(path).close()
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # SQLITE_FULL

    def refuse(_path):
        raise full

    monkeypatch.setattr(sqlite_store, "_connect", refuse)
    with pytest.raises(sqlite3.OperationalError):
        SqliteSeenStore.open(path)
    assert path.exists() and not list(tmp_path.glob("seen.sqlite3.corrupt-*"))
