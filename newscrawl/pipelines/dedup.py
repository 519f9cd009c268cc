"""DedupPipeline: within one run, an article is exported once.

Keyed by canonical URL (the page's declaration, else the fetched URL), then by
content hash (the same text syndicated under another id). The sets hold one
short string per exported article; across runs, the cron seen-store does this job.
"""

from __future__ import annotations

from scrapy.crawler import Crawler

from newscrawl.items import ArticleItem
from newscrawl.pipelines import DuplicateArticle


class DedupPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.urls: set[str] = set()
        self.hashes: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "DedupPipeline":
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        url = item.get("canonical_url") or item["url"]
        if url in self.urls:
            self.stats.inc_value("newscrawl/dedup/canonical_url")
            raise DuplicateArticle(f"{item['url']}: same canonical URL as an earlier article ({url})")
        digest = item["content_hash"]
        if digest in self.hashes:
            self.stats.inc_value("newscrawl/dedup/content_hash")
            raise DuplicateArticle(f"{item['url']}: same text as an earlier article")
        self.urls.add(url)
        self.hashes.add(digest)
        return item
