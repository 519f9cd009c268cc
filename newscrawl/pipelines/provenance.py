"""WarcProvenancePipeline: an article's ``warc`` field, once the WARC writer has answered.

The record's byte offset is known only in the writer process
(:mod:`newscrawl.warc.writer_process`). ``WarcProvenanceMiddleware`` stamps what is known
when the item leaves the spider; an answer still owed is awaited here, just before the
export, without stopping the crawl (the reactor reads the writer's answers as they come).
Items dropped earlier never wait. On only with ``NEWSCRAWL_WARC_DIR``.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.warc.middleware import PendingProvenance


class WarcProvenancePipeline:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcProvenancePipeline:
        if not crawler.settings.get("NEWSCRAWL_WARC_DIR"):
            raise NotConfigured
        return cls()

    async def process_item(self, item: Any) -> Any:
        provenance = item.get("warc")
        if isinstance(provenance, PendingProvenance):
            item["warc"] = await provenance.wait()
        return item
