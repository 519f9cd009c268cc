"""SeenHashPipeline: text an earlier run already exported is not exported again.

Only in incremental runs (NEWSCRAWL_INCREMENTAL_ENABLED): the rule is newscrawl.rules.dedup's
:class:`SeenRule` over the cron seen-store. The same text syndicated under a new id or URL is
dropped as SeenDuplicate (``newscrawl/dedup/seen_hash``); a known text this run already found
on ``NEWSCRAWL_DEDUP_SHARED_TEXT_URLS`` URLs (counting the earlier run's as one) is page
furniture (``SharedText``). Within one run DedupPipeline does this job; this stage sits after
it (priority 250). Neither drop is marked seen: the page is fetched again next run, and if the
site served a soft 404 for it, the real article comes then.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.crawler.drops import enforce
from newscrawl.crawler.items import ArticleItem
from newscrawl.pipelines.dedup import shared_texts
from newscrawl.rules.dedup import SeenRule
from newscrawl.state import SeenStore, seen_store


class SeenHashPipeline:
    def __init__(self, crawler: Crawler, store: SeenStore) -> None:
        self.stats = crawler.stats
        self.store = store
        self.shared = shared_texts(crawler)
        self.rule = SeenRule(self.shared, store.contains_hash)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SeenHashPipeline":
        if not crawler.settings.getbool("NEWSCRAWL_INCREMENTAL_ENABLED"):
            raise NotConfigured
        return cls(crawler, seen_store(crawler))

    def process_item(self, item: ArticleItem) -> ArticleItem:
        enforce(self.rule.judge(item), item, self.stats)
        return item
