"""GarbageCollection: Python's cycle collector tuned for a crawl while the engine runs.

Two costs of the collector, measured in a 300-page real-weight crawl (0.27-0.36 s of CPU in
all, 5-6% of the crawl by the collector's own clock, ``gc.callbacks``; docs/performance.md, "Around
extraction", third round):

- By the time the engine starts, the process holds ~100,000 objects that live as long as it
  does (modules, classes, Scrapy's components, the spider, the language model's wrapper).
  Every full collection (generation 2) walked them all: four times, ~47 ms each.
  ``gc.freeze()`` moves them to a permanent generation that collections skip.
- A page allocates and frees thousands of objects (the walk's pieces, the loader's values);
  reference counting frees them, but a young collection every 700 net allocations (Python's
  default) ran ~500 times, ~50 more of the middle generation. With NEWSCRAWL_GC_YOUNG_THRESHOLD
  (5,000) it runs about a seventh as often; cycles are still found, a little later. 20,000 was the first
  choice and cost memory that grew with the crawl: peak RSS of a 10,000-article crawl 173 MB
  against 151 MB with Python's 700 and 155 MB with 5,000 (two runs each), and the 50,000-article
  crawl of the memory benchmark went from 1.38x to 1.62x the 5,000-article one; the CPU per
  real-weight page was the same within the noise (medians of three ABBA rounds: 11.3, 10.7 and
  11.2 ms for 20,000, 5,000 and 700).

With both (and 20,000) the collector took 0.07 s of that crawl (0.23-0.25 s without, three runs each, load 5-6).
When the engine stops both are undone (``gc.unfreeze()``, the thresholds as they were), so a
process that runs crawls one after another (the tests, a Redis worker) is left as it was.
Nothing is kept alive that would have been freed: reference counting releases a frozen object
as usual; only a cycle among start-up objects waits for the unfreeze.

Settings: NEWSCRAWL_GC_FREEZE_ENABLED (default True), NEWSCRAWL_GC_YOUNG_THRESHOLD (default
5000; 0 keeps Python's).
"""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class GarbageCollection:
    def __init__(self, freeze: bool, young_threshold: int) -> None:
        self.freeze = freeze
        self.young_threshold = young_threshold
        self.saved_thresholds = gc.get_threshold()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GarbageCollection:
        freeze = crawler.settings.getbool("NEWSCRAWL_GC_FREEZE_ENABLED")
        young_threshold = crawler.settings.getint("NEWSCRAWL_GC_YOUNG_THRESHOLD")
        if not freeze and young_threshold <= 0:
            raise NotConfigured
        extension = cls(freeze, young_threshold)
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_started(self) -> None:
        if self.freeze:
            # no gc.collect() first: it would cost a full collection (~45 ms) at every start, and
            # what start-up leaves as cyclic garbage is little; it is collected after the unfreeze
            gc.freeze()
        if self.young_threshold > 0:
            self.saved_thresholds = gc.get_threshold()
            gc.set_threshold(self.young_threshold, *self.saved_thresholds[1:])

    def engine_stopped(self) -> None:
        if self.young_threshold > 0:
            gc.set_threshold(*self.saved_thresholds)
        if self.freeze:
            gc.unfreeze()
