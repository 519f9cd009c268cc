"""GatesPipeline: the quality gates of newscrawl.rules.gates, in Scrapy.

Between validation (100) and deduplication (200), so a dropped page is never taken for the
original of later copies. Each drop raises the catalogue's DropItem subclass (counted by
Scrapy under ``item_dropped_reasons_count/<Class>``), is counted ``newscrawl/dropped/<reason>``
and logged once in one line (newscrawl.crawler.logformatter). What the gates know about the
site comes from the pipeline's own SiteKnowledge (names, furniture), learned from the run's pages.
"""

from __future__ import annotations

from scrapy.crawler import Crawler

from newscrawl.crawler.drops import drop
from newscrawl.crawler.items import ArticleItem
from newscrawl.crawler.site import SiteKnowledge
from newscrawl.rules.gates import GATES, Context, Gate


class GatesPipeline:
    def __init__(self, crawler: Crawler, gates: tuple[type[Gate], ...] = GATES) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.site = SiteKnowledge(crawler)
        self.min_words = crawler.settings.getint("NEWSCRAWL_MIN_BODY_WORDS")
        self.gates = [gate() for gate in gates]
        self._context: Context | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GatesPipeline:
        return cls(crawler)

    @property
    def context(self) -> Context:
        if self._context is None:  # the spider (its languages) exists only once the crawl runs
            languages = tuple(getattr(self.crawler.spider, "languages", ("ur",)))
            self._context = Context(self.site, self.min_words, languages)
        return self._context

    def process_item(self, item: ArticleItem) -> ArticleItem:
        for gate in self.gates:
            verdict = gate.judge(item, self.context)
            if verdict.reason is not None:
                self.stats.inc_value(f"newscrawl/dropped/{verdict.reason}")
                raise drop(verdict.reason, item, verdict.why)
            item.update(verdict.fields)
        return item
