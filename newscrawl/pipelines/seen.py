"""SeenHashPipeline: text an earlier run already exported is not exported again.

Only in incremental runs (NEWSCRAWL_INCREMENTAL_ENABLED): the same text
syndicated under a new id or URL is dropped as SeenDuplicate and counted
``newscrawl/dedup/seen_hash``. Within one run DedupPipeline does this job;
this stage sits after it (priority 250) and asks the cron seen-store.

A known text that this run already found on ``NEWSCRAWL_DEDUP_SHARED_TEXT_URLS``
URLs (counting the earlier run's as one) is page furniture, dropped as
``SharedText``. Neither drop is marked seen: the page is fetched again next
run, and if the site served a soft 404 for it, the real article comes then.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.crawler.items import ArticleItem
from newscrawl.pipelines import DuplicateArticle
from newscrawl.pipelines.dedup import drop_shared_text, shared_texts
from newscrawl.state import SeenStore, seen_store


class SeenDuplicate(DuplicateArticle):
    """Its text was already exported by an earlier run (incremental runs only)."""


class SeenHashPipeline:
    def __init__(self, crawler: Crawler, store: SeenStore) -> None:
        self.stats = crawler.stats
        self.store = store
        self.shared = shared_texts(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SeenHashPipeline":
        if not crawler.settings.getbool("NEWSCRAWL_INCREMENTAL_ENABLED"):
            raise NotConfigured
        return cls(crawler, seen_store(crawler))

    def process_item(self, item: ArticleItem) -> ArticleItem:
        digest = item.get("content_hash")
        if digest and self.store.contains_hash(digest):
            urls = self.shared.urls(digest) + 1  # this run's, and at least one of an earlier run
            if self.shared.is_furniture(urls):
                raise drop_shared_text(self.stats, item, urls, "(this run and the seen-store)")
            self.stats.inc_value("newscrawl/dedup/seen_hash")
            raise SeenDuplicate(f"{item['url']}: same text as an article exported by an earlier run")
        return item
