"""Every use of Scrapy's private API, in one place, each with the test that fails if Scrapy changes it.

Scrapy is pinned (requirements.txt); on an upgrade, read this module first and run the tests it names.
"""

from __future__ import annotations

from typing import Any

import lxml.etree
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import TextResponse
from scrapy.selector import Selector
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.sitemap import Sitemap

#: Raised by ``scrapy.utils.gz.gunzip(max_size=...)`` past the cap; no public name in Scrapy 2.19.
#: Guarded by tests/crawler/test_faults.py::test_size_limits_hold_and_memory_stays_low (the gzip bomb).
DecompressionMaxSizeExceeded = _DecompressionMaxSizeExceeded


def running_engine(crawler: Crawler) -> Any:
    """The crawler's engine, or None before the crawl starts (Scrapy 2.19 raises on ``crawler.engine`` then)."""
    try:
        return crawler.engine
    except RuntimeError:
        return None


def in_progress(crawler: Crawler) -> set[Request]:
    """Requests Scrapy has not finished with (the engine slot's ``inprogress``).

    The engine keeps a request there from the start of its download until its callback's
    output has passed every pipeline and its requests are scheduled; no public API says when
    a request is done. Guarded by tests/distributed/test_redis_recovery.py::test_killed_worker_loses_nothing.
    """
    slot = getattr(running_engine(crawler), "_slot", None)
    return slot.inprogress if slot is not None else set()


def wake_engine(crawler: Crawler) -> None:
    """Have the engine look for requests again now (no public "look again" in Scrapy 2.19).

    Guarded by tests/distributed/test_redis_crawl.py::test_three_workers_fetch_every_article_once
    (idle workers take up the shared queue's new requests).
    """
    slot = getattr(running_engine(crawler), "_slot", None)
    if slot is not None:
        slot.nextcall.schedule()


def reuse_selector(response: TextResponse, selector: Selector) -> None:
    """Make *selector* the one ``response.selector``, ``response.xpath()`` and LinkExtractor read, so
    a page the generic spider parsed is not parsed again. TextResponse has no public setter; its
    cache slot is ``_cached_selector``. Guarded by
    tests/spiders/test_generic_spider.py::test_a_page_is_parsed_once_for_every_reader.
    """
    response._cached_selector = selector


def download_slot(crawler: Crawler, key: str) -> Any | None:
    """The downloader's slot for *key* (to lengthen its delay), or None when it has none yet.

    Guarded by tests/crawler/test_faults.py::test_retry_after_is_honoured.
    """
    engine = crawler.engine
    return engine.downloader.slots.get(key) if engine is not None else None


class NewsSitemap(Sitemap):
    """Scrapy's Sitemap, also keeping a Google News entry's date and title.

    Scrapy's reader keeps only the direct children of ``<url>``; the news fields are
    grandchildren (``<news:news><news:publication_date>``), so they are read here, in the
    private per-element hook, before Scrapy's element handling clears them.
    Guarded by tests/spiders/test_discovery.py::test_news_sitemap_keeps_publication_date_and_title.
    """

    __slots__ = ()

    def _process_sitemap_element(self, elem: lxml.etree._Element) -> dict[str, Any] | None:
        news = {}
        for child in elem:
            if self._get_tag_name(child) == "news":
                for field in child.iter():
                    name = self._get_tag_name(field)
                    if name in ("publication_date", "title") and field.text:
                        news[f"news_{name}"] = field.text.strip()
        entry = super()._process_sitemap_element(elem)
        if entry is not None:
            entry.pop("news", None)
            entry.update(news)
        return entry
