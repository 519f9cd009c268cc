"""``cron urdu``: the generic spider's pages go through the incremental rules as pages that may be
articles, so the stale-pagination rule does not end its walk after two hops (issue 24, case 7)."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.crawler.incremental import IncrementalMiddleware
from newscrawl.spiders.urdu import UrduSpider
from newscrawl.state import seen_store

BASE = "http://127.0.0.1:8000"


def test_the_generic_walk_goes_past_two_hops_and_skips_known_pages(tmp_path: Path) -> None:
    crawler = get_crawler(UrduSpider, {"NEWSCRAWL_INCREMENTAL_ENABLED": True, "NEWSCRAWL_INCREMENTAL_STALE_PAGES": 2,
                                       "NEWSCRAWL_SEEN_STORE_PATH": str(tmp_path / "seen.sqlite3")})
    spider = UrduSpider.from_crawler(crawler, base_url=BASE)
    crawler.spider = spider
    crawler.stats.open_spider()
    seen_store(crawler).add(f"{BASE}/old", "urdu:old", "h")  # exported by an earlier run
    middleware = IncrementalMiddleware.from_crawler(crawler)
    request = spider.page_request(f"{BASE}/")
    for hop in range(6):  # home -> page 1 -> page 2 ...: each page links the next and an old article
        response = HtmlResponse(request.url, body=b"<html></html>", request=request)
        out = list(middleware.process_spider_output(
            response, [spider.page_request(f"{BASE}/p{hop + 1}"), spider.page_request(f"{BASE}/old")]))
        assert [r.url for r in out] == [f"{BASE}/p{hop + 1}"], hop
        request = out[0]
    assert crawler.stats.get_value("newscrawl/seen/skipped") == 6
    assert not crawler.stats.get_value("newscrawl/crawler/incremental/pagination_stopped")
