"""DroppedPages: article pages that yielded no article in an earlier run, so health can tell news from history.

A dropped page is never marked seen (it must be retried when the site recovers), so a
site's few permanent junk pages (a soft 404 linked from the home page, a page in another
language) are fetched and dropped again on every incremental run. Counted as new, they
would soon be "most of the run's article pages" although nothing changed. This extension
keeps the paths of pages dropped for having no article (``DIR/<spider>/dropped.json`` under cron,
``NEWSCRAWL_HEALTH_DROPPED_PATH``) and counts ``newscrawl/health/dropped_again`` for those
dropped again; the layout rule judges the others. A site that breaks still fails at once:
its new article pages were never dropped before.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.crawler.drops import outcome_of
from newscrawl.core.jsonfile import write_json

logger = logging.getLogger(__name__)


class DroppedPages:
    def __init__(self, crawler: Crawler, path: Path, limit: int) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.incremental = crawler.settings.getbool("NEWSCRAWL_INCREMENTAL_ENABLED")
        self.path = path
        self.limit = limit
        self.before: set[str] = set()
        self.now: dict[str, None] = {}  # insertion-ordered: the newest last

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "DroppedPages":
        path = crawler.settings.get("NEWSCRAWL_HEALTH_DROPPED_PATH")
        if not path:
            raise NotConfigured
        extension = cls(crawler, Path(path), crawler.settings.getint("NEWSCRAWL_HEALTH_DROPPED_MAX"))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return  # none yet: every drop counts as new
        except (OSError, ValueError) as error:
            data = error
        pages = data.get("pages") if isinstance(data, dict) else None
        if not isinstance(pages, list):
            # every drop counts as new, the safe side for an alarm; but said, never a silent reset
            logger.warning(
                '%s is unreadable or not {"pages": [...]} (%s): this run\'s dropped pages all count as new, '
                "so a layout alarm (exit 4) may be false; delete it or leave it, it is rewritten at close "
                "(newscrawl/health/dropped_unreadable)",
                self.path,
                str(data)[:80],
            )
            self.stats.set_value("newscrawl/health/dropped_unreadable", 1)
            return
        self.before = {page for page in pages if isinstance(page, str)}

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        outcome = outcome_of(exception)
        if outcome is None or not outcome.no_article:  # the catalogue says which drops mean "no article"
            return
        url = item.get("url")
        if not url:
            return
        # the page's path, not its URL: the same site may be crawled on another host name or mirror port
        parts = urlsplit(url)
        page = parts.path + (f"?{parts.query}" if parts.query else "")
        if page in self.before:
            self.stats.inc_value("newscrawl/health/dropped_again")
        if outcome.name == "boilerplate_body" and self.exported_before(url):  # the furniture model ate news
            self.stats.inc_value("newscrawl/health/furniture_ate_exported")
        self.now[page] = None

    def exported_before(self, url: str) -> bool:
        """An earlier run exported this URL (incremental runs: the seen-store knows it)."""
        if not self.incremental:
            return False
        from newscrawl.state import seen_store

        return seen_store(self.crawler).contains_url(url)

    def spider_closed(self) -> None:
        kept = list(self.now) + [url for url in self.before if url not in self.now]
        try:
            write_json(self.path, {"pages": kept[: self.limit]})
        except OSError as error:
            logger.warning("Could not save dropped pages to %s: %s", self.path, error.strerror or error)
