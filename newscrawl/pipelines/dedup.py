"""DedupPipeline: within one run, an article is exported once, and furniture never.

The rules (canonical plausibility, content hash, shared text) are newscrawl.rules.dedup's
:class:`RunDedup`; this adapter counts and raises what it decides (``newscrawl/dedup/*``,
``newscrawl/dropped/shared_text``, ``newscrawl/warnings/canonical_*``). No dropped page is
ever marked seen, so each is fetched again next run, when the site may have recovered.
Across runs the seen-store does this job (``newscrawl.pipelines.seen``), with the same
shared-text tally.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler

from newscrawl.crawler.drops import enforce
from newscrawl.crawler.items import ArticleItem
from newscrawl.rules.dedup import RunDedup, SharedTexts

# DedupPipeline, SeenHashPipeline and the MarkSeen extension count one tally: Scrapy builds each
# from the crawler with no way to hand one component to another, so the crawler keys it.
_SHARED: WeakKeyDictionary[Crawler, SharedTexts] = WeakKeyDictionary()


def shared_texts(crawler: Crawler) -> SharedTexts:
    """The crawler's one tally, shared by the dedup and seen-hash pipelines and MarkSeen."""
    tally = _SHARED.get(crawler)
    if tally is None:
        tally = _SHARED[crawler] = SharedTexts(crawler.settings.getint("NEWSCRAWL_DEDUP_SHARED_TEXT_URLS", 3))
    return tally


class DedupPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.shared = shared_texts(crawler)
        self._rule: RunDedup | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler)

    @property
    def rule(self) -> RunDedup:
        if self._rule is None:  # the spider (its URL shapes judge canonicals) exists only once the crawl runs
            self._rule = RunDedup(self.shared, self.crawler.spider)
        return self._rule

    def process_item(self, item: ArticleItem) -> ArticleItem:
        enforce(self.rule.judge(item), item, self.stats)
        return item
