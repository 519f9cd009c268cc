"""DedupPipeline: within one run, an article is exported once, and furniture never.

Keyed by canonical URL, then by content hash:

- **Canonical URL.** A page's ``rel=canonical`` is trusted only when it is
  plausible for that page: the page's own URL, an article URL of the site
  (``spider.is_article_url``), or any URL naming the same article id (the live
  site's URL on a mirror, a mobile host). A canonical pointing at the home
  page or a listing (a CMS template bug that would merge a whole site into one
  record) is not: the fetched URL is the key, and the record keeps what the
  page declared (``newscrawl/warnings/canonical_untrusted``). A canonical
  that three or more different texts declare is not believed either: from the
  third on, each is kept under its own URL (``newscrawl/warnings/canonical_conflict``).
- **Content hash.** The same text under another URL is a duplicate
  (``newscrawl/dedup/content_hash``); once it is on
  ``NEWSCRAWL_DEDUP_SHARED_TEXT_URLS`` distinct URLs it is page furniture (a
  soft 404, a JavaScript shell whose navigation is plain ``<div>``s), not a
  syndicated copy: dropped as :class:`SharedText`
  (``newscrawl/dropped/shared_text``). No dropped page is ever marked seen,
  so each is fetched again next run, when the site may have recovered.

Memory: one canonical key and one first URL per exported text, plus a small
set per text that repeats. Across runs the seen-store does this job
(``newscrawl.pipelines.seen``), with the same shared-text rule.
"""

from __future__ import annotations

import logging
from typing import Any
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler

from newscrawl.crawler.items import ArticleItem
from newscrawl.pipelines import DuplicateArticle, SharedText

logger = logging.getLogger(__name__)

#: Distinct texts declaring one canonical URL from which it is not believed (the export uses the same rule).
CANONICAL_MAX_TEXTS = 3


class SharedTexts:
    """Distinct URLs per content hash seen in this run, whatever became of the items."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self._first: dict[str, str] = {}
        self._more: dict[str, set[str]] = {}

    def note(self, digest: str, url: str) -> int:
        """Record that *url* has the text *digest*; return on how many distinct URLs it is now."""
        first = self._first.setdefault(digest, url)
        if first == url:
            return 1 + len(self._more.get(digest, ()))
        others = self._more.setdefault(digest, set())
        others.add(url)
        return 1 + len(others)

    def urls(self, digest: str) -> int:
        return (digest in self._first) + len(self._more.get(digest, ()))

    def is_furniture(self, urls: int) -> bool:
        return self.threshold > 0 and urls >= self.threshold


_SHARED: WeakKeyDictionary[Crawler, SharedTexts] = WeakKeyDictionary()


def shared_texts(crawler: Crawler) -> SharedTexts:
    """The crawler's one tally, shared by the dedup and seen-hash pipelines."""
    tally = _SHARED.get(crawler)
    if tally is None:
        tally = _SHARED[crawler] = SharedTexts(crawler.settings.getint("NEWSCRAWL_DEDUP_SHARED_TEXT_URLS", 3))
    return tally


def drop_shared_text(stats: Any, item: ArticleItem, urls: int, where: str) -> SharedText:
    """Count and log a furniture page; the caller raises what this returns."""
    stats.inc_value("newscrawl/dropped/shared_text")
    message = (
        f"Dropped {item['url']}: its text is on {urls} URLs {where} - page furniture (a soft 404 or an "
        f"empty shell), not an article; not marked seen (newscrawl/dropped/shared_text)"
    )
    logger.warning(message)
    return SharedText(message)


class DedupPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.keys: dict[str, str] = {}  # canonical (else fetched) URL -> content hash exported under it
        self.claims: dict[str, set[str]] = {}  # canonical URL -> the texts that declared it, once two did
        self.hashes: set[str] = set()
        self.shared = shared_texts(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        digest = item["content_hash"]
        urls = self.shared.note(digest, item["url"])
        if self.shared.is_furniture(urls):
            raise drop_shared_text(self.stats, item, urls, "in this run")
        key = self._key(item)
        if key in self.keys and not self._claimed_by_many_texts(key, digest):
            self.stats.inc_value("newscrawl/dedup/canonical_url")
            raise DuplicateArticle(f"{item['url']}: same canonical URL as an earlier article ({key})")
        if key in self.keys:
            self.stats.inc_value("newscrawl/warnings/canonical_conflict")
            logger.warning(
                "%s declares canonical %s, as %d other texts do: not believed, the article is kept "
                "under its own URL (newscrawl/warnings/canonical_conflict)",
                item["url"],
                key,
                len(self.claims[key]) - 1,
            )
            key = item["url"]
        if digest in self.hashes:
            self.stats.inc_value("newscrawl/dedup/content_hash")
            raise DuplicateArticle(f"{item['url']}: same text as an earlier article")
        self.keys[key] = digest
        self.hashes.add(digest)
        return item

    def _claimed_by_many_texts(self, key: str, digest: str) -> bool:
        """A second text declaring a canonical is a duplicate (an edited copy); from the third on, a bad template."""
        texts = self.claims.setdefault(key, {self.keys[key]})
        texts.add(digest)
        return len(texts) >= CANONICAL_MAX_TEXTS

    def _key(self, item: ArticleItem) -> str:
        canonical, url = item.get("canonical_url"), item["url"]
        if not canonical or canonical == url:
            return url
        spider = self.crawler.spider
        article_id = getattr(spider, "article_id", None)
        is_article_url = getattr(spider, "is_article_url", None)
        if article_id is None or is_article_url is None:  # a spider without URL shapes: nothing to judge by
            return canonical
        declared = article_id(canonical)
        if declared is not None and (declared == article_id(url) or is_article_url(canonical)):
            return canonical
        self.stats.inc_value("newscrawl/warnings/canonical_untrusted")
        logger.warning(
            "%s declares canonical %s, which is not an article URL of the site (home page, listing): "
            "deduplicated by its own URL (newscrawl/warnings/canonical_untrusted)",
            url,
            canonical,
        )
        return url
