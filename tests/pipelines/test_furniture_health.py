"""Health counts articles dropped as furniture that an earlier run exported (issue 24, case 5)."""

from __future__ import annotations

from pathlib import Path

from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl.crawler.drops import BoilerplateBody
from newscrawl.crawler.dropped import DroppedPages
from newscrawl.rules.health import judge
from newscrawl.spiders.islamtimes import IslamTimesSpider
from newscrawl.state import close_seen_store, seen_store

URL = "https://www.islamtimes.com/ur/news/7/x"


def test_an_exported_article_dropped_as_furniture_makes_the_run_unhealthy(tmp_path: Path) -> None:
    crawler = get_crawler(IslamTimesSpider, {"NEWSCRAWL_HEALTH_DROPPED_PATH": str(tmp_path / "dropped.json"),
                                             "NEWSCRAWL_INCREMENTAL_ENABLED": True,
                                             "NEWSCRAWL_SEEN_STORE_PATH": str(tmp_path / "seen.sqlite3")})
    crawler.stats.open_spider()
    seen_store(crawler).add(URL, "islamtimes:7", "h")  # exported by an earlier run
    extension = DroppedPages.from_crawler(crawler)
    extension.spider_opened()
    extension.item_dropped({"url": URL}, BoilerplateBody("mostly furniture"))
    extension.item_dropped({"url": URL.replace("/7/", "/8/")}, BoilerplateBody("mostly furniture"))
    close_seen_store(crawler)
    stats = {**crawler.stats.get_stats(), "finish_reason": "finished", "response_received_count": 9,
             "downloader/response_status_count/200": 9, "newscrawl/validated": 9}
    assert stats["newscrawl/health/furniture_ate_exported"] == 1
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    status, reason, code = judge(stats, 0, settings)
    assert code == 4 and "furniture.json" in reason
