"""Pages parsed on another core (newscrawl/crawler/parseahead.py): the records of a crawl are the
ones of a parse in place, and no more than NEWSCRAWL_PARSE_AHEAD pages are parsed at once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from collections.abc import Callable
from typing import Any

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler
from twisted.internet.defer import Deferred

from devtools.mirror.server import serving
from devtools.mirror.sites import write_site
from newscrawl.crawler import parseahead
from newscrawl.crawler.parseahead import PARSE_AHEAD_KEY, ParseAheadMiddleware, page_tree
from tests.conftest import run_crawl

#: set by the crawl itself, not read off the page
CRAWL_TIME = ("crawled_at",)


def comparable(records: list[dict]) -> list[dict]:
    return sorted(({k: v for k, v in r.items() if k not in CRAWL_TIME} for r in records), key=lambda r: r["url"])


@pytest.mark.parametrize("spider", ["express", "urdu"])
def test_pages_parsed_in_threads_give_the_records_of_pages_parsed_in_place(spider: str, tmp_path: Path) -> None:
    write_site("express", tmp_path / "mirror")  # a site mirror: no copy of one story whose first fetch decides
    with serving(tmp_path / "mirror") as server:
        runs = {}
        for name, settings in (
            ("in_place", ("NEWSCRAWL_PARSE_AHEAD=0",)),
            # the mirror's pages are small: every one is sent to a thread here
            ("threads", ("NEWSCRAWL_PARSE_AHEAD=2", "NEWSCRAWL_PARSE_AHEAD_MIN_BYTES=0")),
        ):
            out = tmp_path / f"{name}.jsonl"
            args = [arg for setting in settings for arg in ("-s", setting)]
            runs[name] = run_crawl(server.base_url, out, "-s", f"NEWSCRAWL_JSONL_PATH={out}", *args, spider=spider)
    in_place, threads = runs["in_place"], runs["threads"]
    assert in_place.returncode == threads.returncode == 0, threads.log[-3000:]
    assert len(in_place.records) >= 20
    assert comparable(threads.records) == comparable(in_place.records)
    assert threads.report["summary"]["dropped"] == in_place.report["summary"]["dropped"]
    # every article page was parsed off the crawl's thread in one run, none in the other
    assert threads.report["stats"]["newscrawl/parse_ahead/pages"] >= len(threads.records)
    assert "newscrawl/parse_ahead/pages" not in in_place.report["stats"]


PAGE = b"<html><body><p>" + "خبر ".encode() * 20_000 + b"</p></body></html>"  # 160 KB, as real-weight pages


def setup(monkeypatch: pytest.MonkeyPatch, ahead: int = 2) -> tuple[ParseAheadMiddleware, list[Deferred]]:
    """The middleware of a crawl, its thread pool stood in for by Deferreds the test fires (a parse done)."""
    crawler = get_crawler(settings_dict={"NEWSCRAWL_PARSE_AHEAD": ahead, "NEWSCRAWL_PARSE_AHEAD_MIN_BYTES": 32 * 1024})
    crawler.stats.open_spider()
    parses: list[Deferred] = []

    def in_thread(parse: Callable[..., Any], **kwargs: Any) -> Deferred:
        parsed = Deferred()
        parsed.addCallback(lambda _: parse(**kwargs))
        parses.append(parsed)
        return parsed

    monkeypatch.setattr(parseahead, "deferToThread", in_thread)
    return ParseAheadMiddleware.from_crawler(crawler), parses


def article(index: int, body: bytes = PAGE, **kwargs: Any) -> tuple[Request, HtmlResponse]:
    request = Request(f"http://x/ur/news/{index}/", meta={PARSE_AHEAD_KEY: True})
    return request, HtmlResponse(request.url, body=body, request=request, **kwargs)


def test_at_most_ahead_pages_are_parsed_at_once_and_the_callback_takes_their_trees(monkeypatch) -> None:
    middleware, parses = setup(monkeypatch, ahead=2)
    pages = [article(index) for index in range(4)]

    async def crawl() -> list[int]:
        responses = [asyncio.ensure_future(middleware.process_response(*page)) for page in pages]
        started = []
        for done in range(4):
            await asyncio.sleep(0.01)
            started.append(len(parses))
            parses[done].callback(None)  # that page's parse ends: the next one may start
        await asyncio.gather(*responses)
        return started

    assert asyncio.run(asyncio.wait_for(crawl(), 30)) == [2, 3, 4, 4]  # two at once; each ended parse lets one more in
    for _, response in pages:
        tree = page_tree(response)
        assert tree.findtext(".//p").startswith("خبر") and page_tree(response) is not tree  # taken once
    assert middleware.crawler.stats.get_value("newscrawl/parse_ahead/pages") == 4


def test_only_big_html_pages_that_ask_are_parsed_ahead(monkeypatch) -> None:
    middleware, parses = setup(monkeypatch)
    listing = Request("http://x/ur/", meta={})  # parse_listing reads Scrapy's own selector: not asked
    feed = TextResponse("http://x/ur/rss", body=PAGE, headers={"Content-Type": "application/rss+xml"})
    pages = [
        (listing, HtmlResponse(listing.url, body=PAGE, request=listing)),
        article(1, PAGE[:4000] + b"</p></body></html>"),  # 4 KB: a thread costs more than its parse
        article(2, status=404),
        (article(3)[0], feed),
    ]

    async def crawl() -> None:
        for request, response in pages:
            assert await middleware.process_response(request, response) is response

    asyncio.run(asyncio.wait_for(crawl(), 30))  # a page sent to the (stood-in) thread would never return
    assert parses == [] and not middleware.crawler.stats.get_value("newscrawl/parse_ahead/pages")


def test_parse_ahead_off_is_no_middleware() -> None:
    with pytest.raises(NotConfigured):
        ParseAheadMiddleware.from_crawler(get_crawler(settings_dict={"NEWSCRAWL_PARSE_AHEAD": 0}))


def test_a_page_the_thread_cannot_parse_is_left_to_the_callback(monkeypatch) -> None:
    middleware, parses = setup(monkeypatch)
    request, response = article(1)

    async def crawl() -> None:
        answer = asyncio.ensure_future(middleware.process_response(request, response))
        await asyncio.sleep(0.01)
        parses[0].errback(ValueError("lxml refused it"))
        assert await answer is response

    asyncio.run(asyncio.wait_for(crawl(), 30))
    assert not middleware.crawler.stats.get_value("newscrawl/parse_ahead/pages")
    assert page_tree(response).findtext(".//p").startswith("خبر")  # parsed in place, as without the middleware
