"""Progress: one live line on a terminal while a crawl runs (pages, articles, dropped, rate).

Setting: NEWSCRAWL_PROGRESS_ENABLED (default False; ``newscrawl crawl`` switches it on
when stderr is a terminal). Drawn by tqdm, refreshed once a second from the stats,
the way Scrapy's LogStats reads them.
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call


def progress_fields(stats: dict[str, Any], elapsed: float) -> dict[str, str]:
    """The numbers the progress line shows.

    >>> progress_fields({"response_received_count": 120, "newscrawl/exported": 30,
    ...                  "newscrawl/dropped/no_body": 2, "newscrawl/dropped/http_404": 1}, 60.0)
    {'pages': '120', 'articles': '30', 'dropped': '3', 'rate': '120 pages/min'}
    """
    pages = stats.get("response_received_count", 0)
    articles = stats.get("newscrawl/exported", stats.get("item_scraped_count", 0))
    dropped = sum(value for key, value in stats.items() if key.startswith("newscrawl/dropped/"))
    rate = pages / elapsed * 60 if elapsed > 0 else 0.0
    return {"pages": str(pages), "articles": str(articles), "dropped": str(dropped), "rate": f"{rate:.0f} pages/min"}


class Progress:
    def __init__(self, crawler: Crawler, interval: float = 1.0) -> None:
        self.crawler = crawler
        self.interval = interval
        self.bar: Any = None
        self.task: Any = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        if not crawler.settings.getbool("NEWSCRAWL_PROGRESS_ENABLED"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        from tqdm import tqdm

        self.started = time.monotonic()
        self.bar = tqdm(
            desc=f"crawling {self.crawler.spidercls.name}",
            bar_format="{desc}{postfix} [{elapsed}]",
            file=sys.stderr,
            ncols=shutil.get_terminal_size().columns,
        )  # 80 when unknown
        self.task = create_looping_call(self.refresh)
        self.task.start(self.interval)

    def refresh(self) -> None:
        assert self.crawler.stats is not None
        self.bar.set_postfix(progress_fields(self.crawler.stats.get_stats(), time.monotonic() - self.started))

    def spider_closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.bar is not None:
            self.refresh()
            self.bar.close()
