"""The shared frontier: scrapy-redis's scheduler, queue and dupefilter, made at-least-once.

scrapy-redis 0.9.1 pops a request and forgets it: a worker killed with the
request in hand loses it for good, while the dupefilter remembers it, so no
rerun fetches it either. Here a pop *moves* the request, atomically, into the
worker's processing hash ``newscrawl:<spider>:processing:<worker>``, and it
leaves that hash only when Scrapy is done with it: downloaded, its callback
run, its items through every pipeline (written to the run file), the requests
it yielded pushed to the queue. A worker whose heartbeat key
``newscrawl:<spider>:alive:<worker>`` expired (NEWSCRAWL_REDIS_WORKER_TTL) is
dead: any worker moves its processing hash back into the queue
(``newscrawl/redis/requeued``). A worker closing gracefully returns what it
still holds (``newscrawl/redis/returned``).

The dupefilter belongs to one crawl: when a crawl is drained (queue empty,
nothing held by any worker), it is cleared, so the next scheduled run fetches
its listing pages again (articles it already has are skipped by the seen-store).
A crawl that is not drained, e.g. after a kill, is resumed by the next worker.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from newscrawl.distributed import REDIS_DOWN, has_failed, key, redis_client, redis_failed
from newscrawl.dupefilter import META_KEY, article_key_fingerprint

logger = logging.getLogger(__name__)

# Record the request's fingerprints and queue it, in one step: a fingerprint without its request
# (Redis stopping between two commands, or a retried command whose reply was lost) would filter it forever.
PUSH_IF_NEW = """
local added = redis.call('SADD', KEYS[2], unpack(ARGV, 3))
if added < #ARGV - 2 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
return 1
"""
# Pop the best request and file it under this worker, in one step: no moment where it is nowhere.
POP_TO_PROCESSING = """
local popped = redis.call('ZPOPMIN', KEYS[1])
if popped[1] then redis.call('HSET', KEYS[2], popped[1], popped[2]) end
return popped
"""
# Every registered worker without a heartbeat: its held requests back into the queue.
REQUEUE_DEAD = """
local moved = 0
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', ARGV[1] .. 'alive:' .. worker) == 0 then
    local held = redis.call('HGETALL', ARGV[1] .. 'processing:' .. worker)
    for i = 1, #held, 2 do
      redis.call('ZADD', KEYS[1], held[i + 1], held[i])
      moved = moved + 1
    end
    redis.call('DEL', ARGV[1] .. 'processing:' .. worker)
    redis.call('SREM', KEYS[2], worker)
  end
end
return moved
"""
# This worker's held requests back into the queue, all but those listed in ARGV (still being worked on).
RETURN_HELD = """
local keep = {}
for _, data in ipairs(ARGV) do keep[data] = true end
local held = redis.call('HGETALL', KEYS[2])
local moved = 0
for i = 1, #held, 2 do
  if not keep[held[i]] then
    redis.call('ZADD', KEYS[1], held[i + 1], held[i])
    redis.call('HDEL', KEYS[2], held[i])
    moved = moved + 1
  end
end
return moved
"""
# 1 when nothing is queued and no worker holds a request; then also forget the crawl's fingerprints
# when ARGV[2] is '1'. Atomic, so a worker seeding a new crawl never races a clear.
DRAINED = """
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('HLEN', ARGV[1] .. 'processing:' .. worker) > 0 then return 0 end
end
if ARGV[2] == '1' then redis.call('DEL', KEYS[3]) end
return 1
"""


class ReliablePriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue, with pops filed in a processing hash until acknowledged."""

    processing_key: str = ""

    def push_if_new(self, request: Request, fingerprints: list[str], seen_key: str) -> bool:
        """Queue *request* unless one of its fingerprints is in *seen_key*; record them either way."""
        return bool(self.server.eval(PUSH_IF_NEW, 2, self.key, seen_key, -request.priority,
                                     self._encode_request(request), *fingerprints))

    def pop_held(self) -> tuple[Request, bytes, float] | None:
        """The best request, now held by this worker: (request, its encoded form, its score)."""
        popped = self.server.eval(POP_TO_PROCESSING, 2, self.key, self.processing_key)
        if not popped:
            return None
        data, score = popped[0], float(popped[1])
        return self._decode_request(data), data, score

    def pop(self, timeout: int = 0) -> Request | None:  # the plain pop would lose the request on a kill
        held = self.pop_held()
        return held[0] if held else None


class RedisArticleDupeFilter(RFPDupeFilter):
    """scrapy-redis's Redis set of fingerprints, with the article keys of newscrawl.dupefilter.

    Fingerprints come from the crawler's REQUEST_FINGERPRINTER_CLASS (scrapy-redis's
    own ignores it), so a Redis crawl and an embedded one agree on what a duplicate is.
    """

    fingerprinter: Any = None

    @classmethod
    def from_spider(cls, spider: Spider) -> "RedisArticleDupeFilter":
        crawler = spider.crawler
        dupefilter = cls(redis_client(crawler.settings), key=crawler.settings["SCHEDULER_DUPEFILTER_KEY"] % {
            "spider": spider.name}, debug=crawler.settings.getbool("DUPEFILTER_DEBUG"))
        dupefilter.fingerprinter = crawler.request_fingerprinter
        return dupefilter

    def request_fingerprint(self, request: Request) -> str:
        return self.fingerprinter.fingerprint(request).hex()

    def fingerprints(self, request: Request) -> list[str]:
        """The URL's fingerprint and, for an article, its key's: seen when either was."""
        members = [self.request_fingerprint(request)]
        article_key = request.meta.get(META_KEY)
        if article_key is not None and "redirect_urls" not in request.meta:  # see newscrawl.dupefilter
            members.append(article_key_fingerprint(article_key).hex())
        return members

    def request_seen(self, request: Request) -> bool:
        members = self.fingerprints(request)
        return self.server.sadd(self.key, *members) < len(members)


class RedisScheduler(Scheduler):
    """scrapy-redis's scheduler with held requests, worker registration and a crawl that ends."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RedisScheduler":
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        scheduler.worker_ttl = max(2, crawler.settings.getint("NEWSCRAWL_REDIS_WORKER_TTL", 60))
        scheduler.held = {}
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        self.prefix = key(spider.name, "")
        self.workers_key = key(spider.name, "workers")
        self.queue.processing_key = key(spider.name, "processing", self.worker)
        self.heartbeat()
        moved = self.requeue_dead()
        if self.drained(clear=True):
            logger.info("Shared frontier is empty: starting a new crawl (worker %s)", self.worker)
        else:
            logger.info("Joining the crawl in Redis: %d requests queued, %d taken back from dead workers "
                        "(worker %s)", len(self.queue), moved, self.worker)

    # -- one request's life ------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        # scrapy-redis's, without the deprecated spider= stats argument, and stopping cleanly on Redis loss
        if has_failed(self.crawler):
            return False
        try:
            if request.dont_filter:
                self.queue.push(request)
            elif not self.queue.push_if_new(request, self.df.fingerprints(request), self.df.key):
                self.df.log(request, self.spider)
                return False
        except REDIS_DOWN as error:
            redis_failed(self.crawler, error)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if has_failed(self.crawler):
            return None
        try:
            self.acknowledge_finished()
            held = self.queue.pop_held()
        except REDIS_DOWN as error:
            redis_failed(self.crawler, error)
            return None
        if held is None:
            return None
        request, data, _ = held
        self.held[request] = data
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        if has_failed(self.crawler):
            return False
        try:
            return len(self) > 0
        except REDIS_DOWN as error:
            redis_failed(self.crawler, error)
            return False

    def acknowledge_finished(self) -> None:
        """Release the held requests Scrapy has finished with (items exported, children queued)."""
        in_progress = _in_progress(self.crawler)
        done = [request for request in self.held if request not in in_progress]
        if done:
            self.server.hdel(self.queue.processing_key, *(self.held.pop(request) for request in done))

    # -- workers ------------------------------------------------------------------------

    def return_orphans(self) -> None:
        """Held entries this worker has no request for (a pop retried after its reply was lost) go back."""
        if self.server.hlen(self.queue.processing_key) > len(self.held):
            self.server.eval(RETURN_HELD, 2, self.queue.key, self.queue.processing_key, *self.held.values())

    def heartbeat(self) -> None:
        """Say this worker is alive for the next NEWSCRAWL_REDIS_WORKER_TTL seconds."""
        with self.server.pipeline() as pipe:
            pipe.set(self.prefix + "alive:" + self.worker, os.getpid(), ex=self.worker_ttl)
            pipe.sadd(self.workers_key, self.worker)
            pipe.execute()

    def requeue_dead(self) -> int:
        moved = int(self.server.eval(REQUEUE_DEAD, 2, self.queue.key, self.workers_key, self.prefix))
        if moved:
            logger.warning("Took back %d requests held by dead workers (newscrawl/redis/requeued)", moved)
            self.stats.inc_value("newscrawl/redis/requeued", moved)
        return moved

    def drained(self, clear: bool = False) -> bool:
        """Nothing queued and nothing held by any worker; with *clear*, the crawl's fingerprints go too."""
        return bool(self.server.eval(DRAINED, 3, self.queue.key, self.workers_key, self.df.key,
                                     self.prefix, "1" if clear else "0"))

    def close(self, reason: str) -> None:
        if has_failed(self.crawler):
            return  # the heartbeat expires; whoever comes next takes the held requests back
        try:
            self.acknowledge_finished()
            returned = int(self.server.eval(RETURN_HELD, 2, self.queue.key, self.queue.processing_key))
            with self.server.pipeline() as pipe:
                pipe.delete(self.prefix + "alive:" + self.worker)
                pipe.srem(self.workers_key, self.worker)
                pipe.execute()
            if returned:
                logger.info("Returned %d unfinished requests to the shared queue (newscrawl/redis/returned)",
                            returned)
                self.stats.inc_value("newscrawl/redis/returned", returned)
            self.held.clear()
            if reason == "finished" and self.drained(clear=True):
                logger.info("Crawl drained: its fingerprints are cleared for the next run")
        except REDIS_DOWN as error:
            logger.error("Redis unreachable while closing (%s): the held requests are taken back by the next "
                         "worker once this one's heartbeat expires", error)


def _in_progress(crawler: Crawler) -> set[Request]:
    """Requests Scrapy has not finished with.

    The engine keeps a request in its slot's ``inprogress`` set from the start of
    its download until its callback's output has passed every pipeline and its
    requests are scheduled. No public API says when a request is done; Scrapy is
    pinned, and the SIGKILL test in tests/test_redis_crawl.py fails if this changes.
    """
    slot = getattr(crawler.engine, "_slot", None)
    return slot.inprogress if slot is not None else set()
