"""PlainStatsCollector: Scrapy's MemoryStatsCollector without its per-access deprecation shim.

Scrapy 2.19's StatsCollector overrides ``__getattribute__`` for every attribute read (its own
``self._stats`` included) to wrap its methods in a check that warns when a caller still passes
the deprecated ``spider`` argument. A crawl reads the stats ~70 times a page (the downloader's
and scheduler's counts, the field strategies, coverage): 1.40 µs an ``inc_value`` through the
shim, 0.09 µs without (docs/performance.md, "Around extraction", third round). The methods and
the stats they keep are Scrapy's own; only that warning is gone (nothing here passes ``spider``).
Setting: STATS_CLASS (settings.py).
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    """MemoryStatsCollector, attributes read as on any object.

    >>> from scrapy.utils.test import get_crawler
    >>> stats = PlainStatsCollector(get_crawler())
    >>> stats.inc_value("pages"); stats.inc_value("pages", 2); stats.max_value("depth", 3)
    >>> stats.get_stats()
    {'pages': 3, 'depth': 3}
    """

    __getattribute__ = object.__getattribute__
