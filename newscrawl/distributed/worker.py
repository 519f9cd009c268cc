"""RedisWorker: a worker stays alive while the shared crawl may still give it work.

scrapy-redis lets a worker close the moment the shared queue is empty, which
happens at start-up (another worker is fetching the home page) and whenever
the others are busy fetching pages that will push more links: started
together, two of three workers quit with nothing done. This extension keeps
the worker (``DontCloseSpider``) until the crawl is drained (nothing queued,
nothing held by any worker) for NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS.

Once a second it also renews the worker's heartbeat, releases the requests
Scrapy has finished and sends the requests waiting to be queued (RedisScheduler.sync),
takes back the requests of dead workers and wakes the
engine when the shared queue has work or the worker is being kept open (Scrapy
itself would look only every five seconds: a drained worker closed 5-10 s after
the idle time, not at it). Before renewing, it checks that the frontier is still the one it
joined (the epoch key; gone when Redis lost its data) and that no other worker
took it for dead; either one stops the worker loudly. An error reply (OOM,
READONLY) is counted and retried the next second; the worker stops once it has
been unable to renew for NEWSCRAWL_REDIS_WORKER_TTL, since the others take its
requests back then.

Settings: NEWSCRAWL_REDIS_URL (unset: NotConfigured, silent),
NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

from newscrawl.distributed import REDIS_DOWN, REDIS_ERROR, has_failed, redis_failed, stop_worker
from newscrawl.crawler.scrapy_private import running_engine, wake_engine

if TYPE_CHECKING:  # the frontier needs scrapy-redis (the `redis` extra); imported only when switched on
    from newscrawl.distributed.frontier import RedisScheduler

logger = logging.getLogger(__name__)

TICK_SECONDS = 1.0


class RedisWorker:
    def __init__(self, crawler: Crawler, idle_close: float) -> None:
        self.crawler = crawler
        self.idle_close = idle_close
        self.drained_since: float | None = None
        self.kept_open = False  # spider_idle kept the spider open: the next tick looks again
        self.loop: task.LoopingCall | None = None
        self.scheduler: RedisScheduler | None = None
        self.last_heartbeat = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RedisWorker":
        if not crawler.settings.get("NEWSCRAWL_REDIS_URL"):
            raise NotConfigured
        worker = cls(crawler, crawler.settings.getfloat("NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS", 10.0))
        crawler.signals.connect(worker.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(worker.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(worker.spider_closed, signal=signals.spider_closed)
        return worker

    def spider_opened(self) -> None:
        from newscrawl.distributed.frontier import RedisScheduler

        engine = running_engine(self.crawler)
        scheduler = engine.scheduler if engine else None
        if not isinstance(scheduler, RedisScheduler):  # SCHEDULER overridden by hand: nothing to keep alive
            return
        self.scheduler = scheduler
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(TICK_SECONDS, now=False)

    def tick(self) -> None:
        scheduler = self.scheduler
        if scheduler is None or has_failed(self.crawler):
            return
        try:
            if not scheduler.still_ours():
                return
            self.last_heartbeat = time.monotonic()
            scheduler.sync()
            scheduler.return_orphans()
            scheduler.requeue_dead()
            waiting = len(scheduler.queue)
        except REDIS_DOWN as error:
            redis_failed(self.crawler, error)
            return
        except REDIS_ERROR as error:  # an error reply (OOM, READONLY...): a LoopingCall that raises never runs again
            logger.error("Redis refused a command (%s); retrying in %g s (newscrawl/redis/errors)", error, TICK_SECONDS)
            self.crawler.stats.inc_value("newscrawl/redis/errors")
            if time.monotonic() - self.last_heartbeat > scheduler.worker_ttl:  # others take us for dead now
                stop_worker(
                    self.crawler,
                    error,
                    "redis_lease_lost",
                    f"No heartbeat reached Redis for {scheduler.worker_ttl} s ({error}): other workers "
                    "take this one's requests back, so it stops (newscrawl/redis/lease_lost)",
                )
            return
        kept_open, self.kept_open = self.kept_open, False
        if waiting or kept_open:
            wake_engine(self.crawler)

    def spider_idle(self) -> None:
        scheduler = self.scheduler
        if scheduler is None or has_failed(self.crawler):
            return  # let it close: Redis is gone
        try:
            scheduler.sync()
            drained = not scheduler.has_pending_requests() and scheduler.drained()
        except REDIS_DOWN as error:
            redis_failed(self.crawler, error)
            return
        now = time.monotonic()
        self.kept_open = True  # unless it closes now
        if not drained:
            self.drained_since = None
            raise DontCloseSpider
        if self.drained_since is None:
            self.drained_since = now
        if now - self.drained_since < self.idle_close:
            raise DontCloseSpider

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
