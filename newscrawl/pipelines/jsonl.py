"""JsonlExportPipeline: the run's articles into one JSONL file, readable UTF-8.

Uses Scrapy's JsonLinesItemExporter. Lines go to ``<path>.part`` and are
flushed one by one, so a crash loses nothing already exported (the cron
runner recovers a leftover .part); the file is renamed to ``<path>`` on close,
so a reader never mistakes half a file for a finished one. A run that wrote no article leaves
no file at all.

Setting: NEWSCRAWL_JSONL_PATH (default None: the pipeline is off, and
``-O file.jsonl`` feed exports work as usual).

An :class:`ArticleItem` is written without Scrapy's per-field look-ups (an ``ItemAdapter``,
each field's metadata and serializer, for every field of every record): its fields declare no
serializer, so the line is the same JSON of the same fields in the same order.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, BinaryIO

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.python import to_bytes

from newscrawl.crawler.diskfull import is_disk_full, stop_for_disk_full
from newscrawl.core.record import ARTICLE_FIELDS
from newscrawl.crawler.items import ArticleItem

logger = logging.getLogger(__name__)


class ArticleLinesExporter(JsonLinesItemExporter):
    """Scrapy's JsonLinesItemExporter; an ArticleItem's line is built straight from its fields
    (no serializer declared: tests/pipelines/test_jsonl.py holds the lines equal to Scrapy's)."""

    def export_item(self, item: Any) -> None:
        if type(item) is not ArticleItem or not isinstance(self.fields_to_export, list):
            super().export_item(item)
            return
        present = item.keys()
        line = self.encoder.encode({name: item[name] for name in self.fields_to_export if name in present})
        self.file.write(to_bytes(line + "\n", self.encoding))


class JsonlExportPipeline:
    def __init__(self, path: Path, crawler: Crawler) -> None:
        self.path = path
        self.part = path.with_name(path.name + ".part")
        self.crawler = crawler
        self.stats = crawler.stats
        self.complete_bytes = 0  # the file up to its last line written in full
        self.failed = False
        self.file: BinaryIO | None = None
        self.exporter: ArticleLinesExporter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "JsonlExportPipeline":
        path = crawler.settings.get("NEWSCRAWL_JSONL_PATH")
        if not path:
            raise NotConfigured  # off unless a path is set; no warning for a plain crawl
        return cls(Path(path), crawler)

    def open_spider(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = self.part.open("wb")
        # Scrapy annotates BytesIO; any binary file works
        self.exporter = ArticleLinesExporter(
            self.file,  # type: ignore[arg-type]
            encoding="utf-8",
            ensure_ascii=False,
            fields_to_export=list(ARTICLE_FIELDS),
        )
        self.exporter.start_exporting()

    def process_item(self, item: ArticleItem) -> ArticleItem:
        assert self.exporter is not None and self.file is not None, "open_spider runs first"
        if self.failed:
            raise DropItem(f"{item.get('url')}: not written, the disk is full")
        try:
            self.exporter.export_item(item)
            self.file.flush()  # on disk (in the page cache) before item_scraped marks it seen
        except OSError as error:
            if not is_disk_full(error):
                raise
            self.failed = True
            stop_for_disk_full(self.crawler, f"writing {self.part.name}", error)
            raise DropItem(f"{item.get('url')}: not written, the disk is full") from error
        self.complete_bytes = self.file.tell()
        self.stats.inc_value("newscrawl/exported")
        return item

    def close_spider(self) -> None:
        assert self.exporter is not None and self.file is not None, "open_spider runs first"
        if self.failed:
            self._keep_complete_lines()
        else:
            self.exporter.finish_exporting()
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
        written = self.stats.get_value("newscrawl/exported", 0)
        if not written:  # no empty file left behind (a wrong port, nothing new): the summary says 0
            self.part.unlink()
            logger.info("No articles: %s not written", self.path)
            return
        os.replace(self.part, self.path)
        logger.info("Wrote %d articles to %s", written, self.path)

    def _keep_complete_lines(self) -> None:
        """After a failed write: drop the half line, keep (and fsync) every line written in full."""
        assert self.file is not None
        try:
            self.file.close()  # flushes what the buffer still holds, which may fail again
        except OSError:
            pass
        os.truncate(self.part, self.complete_bytes)  # frees space, needs none
        fd = os.open(self.part, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
