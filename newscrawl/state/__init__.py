"""The seen-store: what earlier runs already wrote, so a scheduled run adds only what is new.

A store remembers article URLs, article keys (``<site>:<id>``, see
``newscrawl.crawler.dupefilter.META_KEY``) and content hashes. Components reach it
through :func:`seen_store`, which opens one store per crawler (the skipping
middleware, the hash pipeline and the marking extension share one connection,
so a mark is visible to the filter at once) and is closed by
:class:`newscrawl.state.mark.MarkSeen` when the spider closes.

The interface is deliberately small (contains_*, add, forget_hash, commit, close) so a
Redis store, for several machines sharing one crawl, can follow without
touching its users. ``NEWSCRAWL_SEEN_STORE_PATH`` names an SQLite file;
``NEWSCRAWL_REDIS_URL``, when set, selects the Redis store shared by every worker
(``newscrawl.distributed.seen``) instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler


class SeenStore(Protocol):
    def contains_url(self, url: str) -> bool: ...

    def contains_key(self, article_key: str) -> bool: ...

    def contains_hash(self, content_hash: str) -> bool: ...

    def add(self, url: str, article_key: str | None, content_hash: str | None) -> None:
        """Remember one article URL; durable after the next :meth:`commit`."""

    def forget_hash(self, content_hash: str) -> int:
        """Unmark every URL stored with this text (page furniture); return how many."""

    def commit(self) -> None: ...

    def close(self) -> None: ...


_OPEN: WeakKeyDictionary[Crawler, SeenStore] = WeakKeyDictionary()


def seen_store(crawler: Crawler) -> SeenStore:
    """The crawler's one store, opened on first use from ``NEWSCRAWL_SEEN_STORE_PATH``."""
    store = _OPEN.get(crawler)
    if store is None and crawler.settings.get("NEWSCRAWL_REDIS_URL"):
        from newscrawl.distributed.seen import RedisSeenStore

        store = _OPEN[crawler] = RedisSeenStore.from_crawler(crawler)
    if store is None:
        path = crawler.settings.get("NEWSCRAWL_SEEN_STORE_PATH")
        if not path:
            # Misconfiguration, not "switched off": an incremental run without a store
            # would silently become a full crawl, so fail loudly.
            raise ValueError("NEWSCRAWL_INCREMENTAL_ENABLED needs NEWSCRAWL_SEEN_STORE_PATH")
        from newscrawl.state.sqlite import SqliteSeenStore

        store = SqliteSeenStore.open(Path(path), stats=crawler.stats)
        _OPEN[crawler] = store
    return store


def close_seen_store(crawler: Crawler) -> None:
    store = _OPEN.pop(crawler, None)
    if store is not None:
        store.close()
