"""MarkSeen: an exported article becomes "seen" only after it is on disk.

Listens to ``item_scraped``, which Scrapy sends after *every* pipeline
returned the item, i.e. after JsonlExportPipeline wrote and flushed its line;
an item dropped anywhere, or lost in a crash before export, is never marked
and is fetched again next run. Marks are committed in batches of
``NEWSCRAWL_SEEN_COMMIT_ITEMS``; before each commit the run's JSONL ``.part``
file is fsynced, so even a power cut cannot leave a mark whose record is not
durable (write order: JSONL line, fsync, seen-store commit).

No dropped item is marked, not even a copy of text an earlier run exported
(SeenDuplicate): a site that briefly answers every URL with one page (a soft
404) would otherwise lose those articles for good. A copy is fetched again each
run instead, a page's cost. When one text turns out to be on
``NEWSCRAWL_DEDUP_SHARED_TEXT_URLS`` distinct URLs of this run, whichever stage
dropped them (SharedText, the quality gates' boilerplate or site-name drops, a
duplicate), it is page furniture: the marks items with that very text got are
removed (``forget_hash``), so their URLs are fetched again too
(``newscrawl/seen/unmarked``). A syndicated pair (two URLs) is not furniture.

Setting: NEWSCRAWL_INCREMENTAL_ENABLED (off: NotConfigured, silent).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.crawler.diskfull import is_disk_full, stop_for_disk_full
from newscrawl.crawler.dupefilter import META_KEY
from newscrawl.pipelines.dedup import shared_texts
from newscrawl.state import close_seen_store, seen_store

logger = logging.getLogger(__name__)


class MarkSeen:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store = seen_store(crawler)
        self.batch = max(1, crawler.settings.getint("NEWSCRAWL_SEEN_COMMIT_ITEMS", 20))
        jsonl = crawler.settings.get("NEWSCRAWL_JSONL_PATH")
        self.part = Path(str(jsonl) + ".part") if jsonl else None
        self.pending = 0
        self.forgotten: set[str] = set()
        self.shared = shared_texts(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "MarkSeen":
        if not crawler.settings.getbool("NEWSCRAWL_INCREMENTAL_ENABLED"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item: Any, response: Response) -> None:
        self._mark(item, response)
        self.stats.inc_value("newscrawl/seen/marked")
        self._note(item)

    def item_dropped(self, item: Any, response: Response, exception: BaseException) -> None:
        self._note(item)

    def _note(self, item: Any) -> None:
        """Count the item's URL for its text; unmark a text once it is on enough URLs to be furniture."""
        digest, url = item.get("content_hash"), item.get("url")
        if not digest or not url or digest in self.forgotten:
            return
        if self.shared.is_furniture(self.shared.note(digest, url)):
            self.forgotten.add(digest)
            unmarked = self.store.forget_hash(digest)
            if unmarked:
                logger.warning(
                    "Text %s is page furniture: %d URLs marked seen with it will be fetched again "
                    "(newscrawl/seen/unmarked)",
                    digest[:12],
                    unmarked,
                )
                self.stats.inc_value("newscrawl/seen/unmarked", unmarked)

    def spider_closed(self, reason: str) -> None:
        self._commit()
        close_seen_store(self.crawler)

    def _mark(self, item: Any, response: Response) -> None:
        key = response.meta.get(META_KEY) if response is not None else None
        if key is None and item.get("article_id"):
            key = f"{item['site']}:{item['article_id']}"
        urls = {item["url"]}
        if response is not None:
            urls.add(response.url)
            urls.update(response.meta.get("redirect_urls", ()))
        try:
            for url in sorted(urls):
                self.store.add(url, key, item.get("content_hash"))
        except sqlite3.Error as error:
            if not is_disk_full(error):
                raise
            stop_for_disk_full(self.crawler, "marking articles seen", error)
            return
        self.pending += 1
        if self.pending >= self.batch:
            self._commit()

    def _commit(self) -> None:
        if not self.pending:
            return
        try:
            if self.part is not None and self.part.exists():
                fd = os.open(self.part, os.O_RDONLY)
                try:
                    os.fsync(fd)  # the records before their marks
                finally:
                    os.close(fd)
            self.store.commit()
        except (OSError, sqlite3.Error) as error:
            if not is_disk_full(error):
                raise
            # The store rolled the batch back: those records are on disk and come again next run.
            stop_for_disk_full(self.crawler, "committing the seen-store", error)
        self.pending = 0
