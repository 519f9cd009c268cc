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

Requests in Redis are data: JSON written by newscrawl.crawler.requestcodec, the
codec of cron's held requests; nothing from Redis is unpickled. An entry that
does not decode (garbage, a pickle, a request class other than Scrapy's) is
logged, counted ``newscrawl/redis/undecodable`` and moved to
``newscrawl:<spider>:dead-letter`` for an operator to read; the crawl goes on.

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

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy_redis.scheduler import Scheduler

from newscrawl.distributed import (
    REDIS_DOWN,
    crawl_id,
    has_failed,
    key,
    redis_failed,
    stop_worker,
)
from newscrawl.distributed.dupefilter import RedisArticleDupeFilter
from newscrawl.distributed.queue import ReliablePriorityQueue
from newscrawl.distributed.scripts import DRAINED, REQUEUE_DEAD, RETURN_HELD
from newscrawl.crawler.scrapy_private import in_progress

logger = logging.getLogger(__name__)


class RedisScheduler(Scheduler):
    """scrapy-redis's scheduler with held requests, batched round trips, workers and a crawl that ends.

    Round trips are batched (the SYNC script): requests the spider yields wait in
    ``pushes`` and requests popped ahead wait in ``ready`` until the next sync, which
    happens when ``ready`` runs dry, when NEWSCRAWL_REDIS_BATCH pushes are waiting, and
    once a second (RedisWorker). Safe on a kill: a request is released only in a sync
    that also pushes everything its callback yielded, and what waits in ``ready`` is
    already held in this worker's processing hash.
    """

    crawler: Crawler
    queue: ReliablePriorityQueue
    df: RedisArticleDupeFilter
    held: dict[Request, bytes]
    ready: list[tuple[Request, bytes]]
    pushes: list[tuple[Request, bytes, list[str]]]
    sent: set[str]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RedisScheduler":
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        scheduler.worker_ttl = max(2, crawler.settings.getint("NEWSCRAWL_REDIS_WORKER_TTL", 60))
        scheduler.batch = max(1, crawler.settings.getint("NEWSCRAWL_REDIS_BATCH", 8))
        scheduler.held = {}  # handed to the engine: Request -> encoded form
        scheduler.ready = []  # popped ahead, held in Redis, not yet handed out
        scheduler.pushes = []  # yielded by callbacks, not yet sent
        scheduler.sent = set()  # fingerprints this worker sent: every one is in Redis, or in ``pushes``
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        crawl = crawl_id(spider)  # scrapy-redis names keys by spider alone: two sites' crawls would mix
        self.prefix = key(crawl, "")
        self.queue.key, self.df.key = key(crawl, "requests"), key(crawl, "dupefilter")
        self.workers_key = key(crawl, "workers")
        self.epoch_key = key(crawl, "epoch")
        self.queue.processing_key = key(crawl, "processing", self.worker)
        self.queue.seen_key = self.df.key
        self.queue.dead_letter_key = key(crawl, "dead-letter")
        # the frontier's birth mark: gone means Redis lost its data (restarted without persistence)
        self.server.set(self.epoch_key, uuid.uuid4().hex, nx=True)
        self.epoch = self.server.get(self.epoch_key)
        self.heartbeat()
        moved = self.requeue_dead()
        if self.drained(clear=True):
            logger.info("Shared frontier is empty: starting a new crawl (worker %s)", self.worker)
        else:
            logger.info(
                "Joining the crawl in Redis: %d requests queued, %d taken back from dead workers (worker %s)",
                len(self.queue),
                moved,
                self.worker,
            )

    # -- one request's life ------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        """Queued at the next sync, unless its URL or article key was seen (counted then)."""
        if has_failed(self.crawler):
            return False
        fingerprints = [] if request.dont_filter else self.df.fingerprints(request)
        if any(fingerprint in self.sent for fingerprint in fingerprints):
            # this worker already sent it (Redis has the fingerprint): spare the encoding and the bytes
            self.stats.inc_value("dupefilter/filtered")
            return False
        self.sent.update(fingerprints)
        self.pushes.append((request, self.queue.encode(request), fingerprints))
        if len(self.pushes) >= 8 * self.batch:
            self.sync()
        return True

    def next_request(self) -> Request | None:
        if has_failed(self.crawler):
            return None
        if not self.ready:
            self.sync(pop=self.batch)
        if not self.ready:
            return None
        request, data = self.ready.pop(0)
        self.held[request] = data
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        if has_failed(self.crawler):
            return False
        if self.ready or self.pushes:
            return True
        try:
            return len(self) > 0
        except REDIS_DOWN as error:
            redis_failed(self.crawler, error)
            return False

    def sync(self, pop: int = 0) -> None:
        """Release finished requests, send waiting pushes, pop up to *pop*: one round trip."""
        if has_failed(self.crawler):
            return
        busy = in_progress(self.crawler)
        done = [request for request in self.held if request not in busy]
        if not (pop or done or self.pushes):
            return
        pushes = self.pushes
        try:
            popped, pushed, undecodable = self.queue.sync(pop, [self.held[request] for request in done], pushes)
        except REDIS_DOWN as error:
            redis_failed(self.crawler, error)
            return
        self.pushes = []
        for request in done:
            del self.held[request]
        self.ready.extend(popped)
        if undecodable:
            self.stats.inc_value("newscrawl/redis/undecodable", undecodable)
        queued = sum(pushed)
        self.stats.inc_value("scheduler/enqueued/redis", queued)
        if queued < len(pushes):
            self.stats.inc_value("dupefilter/filtered", len(pushes) - queued)

    # -- workers ------------------------------------------------------------------------

    def return_orphans(self) -> None:
        """Held entries this worker has no request for (a pop retried after its reply was lost) go back."""
        if self.server.hlen(self.queue.processing_key) > len(self.held) + len(self.ready):
            self.server.eval(
                RETURN_HELD,
                2,
                self.queue.key,
                self.queue.processing_key,
                *self.held.values(),
                *(data for _, data in self.ready),
            )

    def heartbeat(self) -> None:
        """Say this worker is alive for the next NEWSCRAWL_REDIS_WORKER_TTL seconds."""
        with self.server.pipeline() as pipe:
            pipe.set(self.prefix + "alive:" + self.worker, os.getpid(), ex=self.worker_ttl)
            pipe.sadd(self.workers_key, self.worker)
            pipe.execute()

    def still_ours(self) -> bool:
        """Renew the heartbeat if this worker still holds its lease and the frontier is the one it joined.

        False (and the worker stopped): Redis lost the frontier (its epoch key is gone), or
        another worker took this one for dead and queued its requests again.
        """
        with self.server.pipeline() as pipe:
            pipe.get(self.epoch_key)
            pipe.sismember(self.workers_key, self.worker)
            epoch, member = pipe.execute()
        if epoch != self.epoch:
            stop_worker(
                self.crawler,
                RuntimeError("frontier lost"),
                "redis_frontier_lost",
                f"The shared frontier in Redis is gone ({self.epoch_key} missing: Redis restarted without "
                "its data?): stopping this worker; the next run starts a new crawl, and its seen-store "
                "and discovery find what was lost (newscrawl/redis/frontier_lost)",
            )
            return False
        if not member:
            stop_worker(
                self.crawler,
                RuntimeError("lease lost"),
                "redis_lease_lost",
                f"Worker {self.worker} was taken for dead (no heartbeat for {self.worker_ttl} s) and its "
                "requests were queued again: stopping it, so no request is worked on twice "
                "(newscrawl/redis/lease_lost)",
            )
            return False
        self.heartbeat()
        return True

    def requeue_dead(self) -> int:
        moved = int(self.server.eval(REQUEUE_DEAD, 2, self.queue.key, self.workers_key, self.prefix))
        if moved:
            logger.warning("Took back %d requests held by dead workers (newscrawl/redis/requeued)", moved)
            self.stats.inc_value("newscrawl/redis/requeued", moved)
        return moved

    def drained(self, clear: bool = False) -> bool:
        """Nothing queued and nothing held by any worker; with *clear*, the crawl's fingerprints go too."""
        return bool(
            self.server.eval(
                DRAINED, 3, self.queue.key, self.workers_key, self.df.key, self.prefix, "1" if clear else "0"
            )
        )

    def close(self, reason: str) -> None:
        if has_failed(self.crawler):
            return  # the heartbeat expires; whoever comes next takes the held requests back
        try:
            self.sync()
            if has_failed(self.crawler):
                return
            returned = int(self.server.eval(RETURN_HELD, 2, self.queue.key, self.queue.processing_key))
            with self.server.pipeline() as pipe:
                pipe.delete(self.prefix + "alive:" + self.worker)
                pipe.srem(self.workers_key, self.worker)
                pipe.execute()
            if returned:
                logger.info("Returned %d unfinished requests to the shared queue (newscrawl/redis/returned)", returned)
                self.stats.inc_value("newscrawl/redis/returned", returned)
            self.held.clear()
            self.ready.clear()
            if reason == "finished" and self.drained(clear=True):
                logger.info("Crawl drained: its fingerprints are cleared for the next run")
        except REDIS_DOWN as error:
            logger.error(
                "Redis unreachable while closing (%s): the held requests are taken back by the next "
                "worker once this one's heartbeat expires",
                error,
            )
