"""PlainStatsCollector keeps what Scrapy's MemoryStatsCollector keeps, call for call."""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newscrawl.config import project_settings
from newscrawl.crawler.stats import PlainStatsCollector
from newscrawl.spiders.islamtimes import IslamTimesSpider


def test_the_same_stats_as_scrapys_collector_and_kept_after_close():
    kept = []
    for collector_class in (MemoryStatsCollector, PlainStatsCollector):
        crawler = get_crawler(IslamTimesSpider)
        crawler.spider = IslamTimesSpider.from_crawler(crawler)
        stats = collector_class(crawler)
        stats.open_spider()
        stats.set_value("start_time", 1)
        for _ in range(3):
            stats.inc_value("downloader/request_count")
        stats.inc_value("newscrawl/exported", 2, start=10)
        stats.max_value("request_depth_max", 4)
        stats.max_value("request_depth_max", 2)
        stats.min_value("smallest", 5)
        stats.min_value("smallest", 7)
        assert stats.get_value("missing", "default") == "default"
        stats.close_spider(reason="finished")
        kept.append((stats.get_stats(), stats.spider_stats))
    assert kept[0] == kept[1] and kept[1][0]["newscrawl/exported"] == 12
    assert kept[1][1] == {"islamtimes": kept[1][0]}


def test_the_project_crawls_with_it():
    assert project_settings()["STATS_CLASS"] == "newscrawl.crawler.stats.PlainStatsCollector"
