"""RedisSeenStore: the seen-store of newscrawl.state, shared by every worker through Redis.

Three sets per spider, ``newscrawl:<spider>:seen:urls``, ``:keys`` and
``:hashes``, hold 16-byte BLAKE2b digests of the values rather than the values:
a seen-store only answers "is it there", and a digest is a fraction of a URL's
size (``SCARD`` counts them; ``benchmarks/bench_redis.py`` measures the memory).
The hash ``:by_hash`` maps a text's digest to the URL and key digests marked
with it, so :meth:`forget_hash` (a text found to be page furniture) can unmark them.

Same transaction discipline as the SQLite store: :meth:`add` only buffers,
:meth:`commit` writes the buffer in one MULTI/EXEC, and MarkSeen commits only
after the run file is fsynced, so a crash can lose marks (those articles are
fetched and written again: at-least-once) but never a record. A commit that
fails because Redis stayed away keeps nothing half-done and stops the worker.
"""

from __future__ import annotations

import hashlib
from typing import Any

from scrapy.crawler import Crawler

from newscrawl.distributed import REDIS_DOWN, has_failed, key, redis_client, redis_failed


def digest(value: str) -> bytes:
    """What the store keeps of a URL, key or content hash.

    >>> len(digest("https://www.islamtimes.com/ur/news/1/x"))
    16
    """
    return hashlib.blake2b(value.encode("utf-8"), digest_size=16).digest()


# Append tagged digests to a text's entry: the same text may be marked under several URLs, in several batches.
APPEND = """
local old = redis.call('HGET', KEYS[1], ARGV[1]) or ''
redis.call('HSET', KEYS[1], ARGV[1], old .. ARGV[2])
"""
# Unmark every URL and key marked with one text; the number of URLs unmarked.
FORGET = """
local marked = redis.call('HGET', KEYS[1], ARGV[1]) or ''
local urls = 0
for i = 1, #marked, 17 do
  local tag, value = string.sub(marked, i, i), string.sub(marked, i + 1, i + 16)
  if tag == 'u' then
    urls = urls + redis.call('SREM', KEYS[2], value)
  else
    redis.call('SREM', KEYS[3], value)
  end
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[4], ARGV[1])
return urls
"""


class RedisSeenStore:
    def __init__(self, client: Any, spider: str, crawler: Crawler | None = None) -> None:
        self.client = client
        self.crawler = crawler
        self.urls, self.keys, self.hashes, self.by_hash = (
            key(spider, "seen", kind) for kind in ("urls", "keys", "hashes", "by_hash")
        )
        self.pending: list[tuple[str, str | None, str | None]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RedisSeenStore":
        assert crawler.spider is not None, "the seen-store is opened by components of a running spider"
        return cls(redis_client(crawler.settings), crawler.spider.name, crawler)

    def contains_url(self, url: str) -> bool:
        return self._contains(self.urls, url)

    def contains_key(self, article_key: str) -> bool:
        return self._contains(self.keys, article_key)

    def contains_hash(self, content_hash: str) -> bool:
        return self._contains(self.hashes, content_hash)

    def add(self, url: str, article_key: str | None, content_hash: str | None) -> None:
        self.pending.append((url, article_key, content_hash))

    def forget_hash(self, content_hash: str) -> int:
        """Unmark every URL marked with this text, committed or not; how many."""
        pending = len(self.pending)
        self.pending = [entry for entry in self.pending if entry[2] != content_hash]
        if self._failed():
            return pending - len(self.pending)
        try:
            stored = int(
                self.client.eval(FORGET, 4, self.by_hash, self.urls, self.keys, self.hashes, digest(content_hash))
            )
        except REDIS_DOWN as error:
            self._fail(error)
            stored = 0
        return pending - len(self.pending) + stored

    def commit(self) -> None:
        if not self.pending or self._failed():
            return
        try:
            with self.client.pipeline(transaction=True) as pipe:
                for url, article_key, content_hash in self.pending:
                    url_digest = digest(url)
                    pipe.sadd(self.urls, url_digest)
                    tagged = b"u" + url_digest
                    if article_key:
                        key_digest = digest(article_key)
                        pipe.sadd(self.keys, key_digest)
                        tagged += b"k" + key_digest
                    if content_hash:
                        text = digest(content_hash)
                        pipe.sadd(self.hashes, text)
                        pipe.eval(APPEND, 1, self.by_hash, text, tagged)
                pipe.execute()
        except REDIS_DOWN as error:
            self._fail(error)
            return
        self.pending.clear()

    def close(self) -> None:
        self.commit()
        self.client.close()

    def __len__(self) -> int:
        """Articles' URLs remembered (a redirected article counts each URL)."""
        return int(self.client.scard(self.urls))

    def _contains(self, name: str, value: str) -> bool:
        if self._failed():
            return False  # the worker is stopping; whatever it fetches now is deduplicated on export
        try:
            return bool(self.client.sismember(name, digest(value)))
        except REDIS_DOWN as error:
            self._fail(error)
            return False

    def _failed(self) -> bool:
        return self.crawler is not None and has_failed(self.crawler)

    def _fail(self, error: BaseException) -> None:
        if self.crawler is None:
            raise error
        redis_failed(self.crawler, error)
