"""Many crawler processes, one Redis: one frontier, one seen-store, one run lock.

``NEWSCRAWL_REDIS_URL`` (a setting, defaulting to the environment variable of
the same name) switches every stateful part of a crawl from its embedded form
to Redis, and nothing else changes:

- the frontier: scrapy-redis's scheduler, priority queue and duplicate filter
  (``frontier.py``), with the project's one-fetch-per-article keys and a
  processing list per worker, so a request a dead worker held is queued again;
- the seen-store (``seen.py``): the SeenStore protocol over Redis sets;
- the worker's life (``worker.py``): a heartbeat, taking back dead workers'
  requests, staying alive while others may still push work;
- the cron lock (``lock.py``): a Redis lock with an expiry its holder renews.

:class:`RedisAddon` (a Scrapy add-on, listed in ``ADDONS``) sets the scrapy-redis
settings when the URL is set, so ``-s NEWSCRAWL_REDIS_URL=...`` on the command
line switches as well as the environment does. The frontier's keys live under
``newscrawl:<spider>@<host>:`` (:func:`crawl_id`: the spider and its base URL's
host), so two crawls on one Redis (two sites of the generic spider, a site and its
mirror) never take each other's requests; the seen-store and the cron lock stay
under ``newscrawl:<spider>:``.
"""

from __future__ import annotations

import importlib.util
import logging
import socket
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.utils.defer import deferred_from_coro

from newscrawl.crawler.scrapy_private import running_engine

from newscrawl.config import ConfigError

logger = logging.getLogger(__name__)

#: what "Redis went away" looks like to redis-py once its retries are spent
REDIS_DOWN: tuple[type[BaseException], ...]
#: any error reply (OOM, READONLY...); nothing without the `redis` extra
REDIS_ERROR: tuple[type[BaseException], ...]
try:  # the `redis` extra (pip install 'newscrawl[redis]'); a crawl without Redis never needs it
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import RedisError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:
    REDIS_DOWN = (OSError,)
    REDIS_ERROR = ()
else:
    REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)
    REDIS_ERROR = (RedisError,)


def key(spider: str, *parts: str) -> str:
    """The Redis key of one piece of a spider's shared state.

    >>> key("jang", "processing", "host:42")
    'newscrawl:jang:processing:host:42'
    """
    return ":".join(("newscrawl", spider, *parts))


def crawl_id(spider: Any) -> str:
    """One crawl's name in Redis: the spider and the host of its base URL.

    >>> from types import SimpleNamespace
    >>> crawl_id(SimpleNamespace(name="urdu", base_url="https://www.express.pk"))
    'urdu@www.express.pk'
    >>> crawl_id(SimpleNamespace(name="jang"))
    'jang'
    """
    host = urlsplit(getattr(spider, "base_url", None) or "").netloc
    return f"{spider.name}@{host}" if host else spider.name


def redis_params(settings: BaseSettings) -> dict[str, Any]:
    """Client parameters: on a lost connection, retry once a second for NEWSCRAWL_REDIS_RETRY_SECONDS."""
    from redis.backoff import ConstantBackoff
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
    from redis.retry import Retry

    wait = max(0, settings.getint("NEWSCRAWL_REDIS_RETRY_SECONDS", 60))
    return {
        "socket_connect_timeout": 5,
        "socket_timeout": 30,
        "retry": Retry(ConstantBackoff(1.0), wait),
        "retry_on_error": [RedisConnectionError, RedisTimeoutError, socket.timeout, ConnectionError],
        "health_check_interval": 15,
    }


def redis_client(settings: BaseSettings) -> Any:
    """A client for NEWSCRAWL_REDIS_URL, built the way scrapy-redis builds its own."""
    from scrapy_redis.connection import get_redis

    return get_redis(url=settings["NEWSCRAWL_REDIS_URL"], **redis_params(settings))


class RedisAddon:
    """Switch the frontier to scrapy-redis when NEWSCRAWL_REDIS_URL is set; do nothing otherwise."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("NEWSCRAWL_REDIS_URL")
        if not url:
            return
        if importlib.util.find_spec("scrapy_redis") is None:
            raise ConfigError(
                f"NEWSCRAWL_REDIS_URL is {url} but Redis support is not installed: pip install 'newscrawl[redis]'"
            )
        # "project" priority: DUPEFILTER_CLASS is a project setting, and an add-on's own priority
        # is lower; an operator's -s still wins.
        for name, value in {
            "SCHEDULER": "newscrawl.distributed.frontier.RedisScheduler",
            "SCHEDULER_QUEUE_CLASS": "newscrawl.distributed.queue.ReliablePriorityQueue",
            "DUPEFILTER_CLASS": "newscrawl.distributed.dupefilter.RedisArticleDupeFilter",
            "SCHEDULER_QUEUE_KEY": key("%(spider)s", "requests"),
            "SCHEDULER_DUPEFILTER_KEY": key("%(spider)s", "dupefilter"),
            # never flush shared state when one worker closes (RedisScheduler clears a drained crawl)
            "SCHEDULER_PERSIST": True,
            "REDIS_URL": url,
            "REDIS_PARAMS": redis_params(settings),
        }.items():
            settings.set(name, value, priority="project")


_FAILED: WeakKeyDictionary[Crawler, BaseException] = WeakKeyDictionary()


def redis_failed(crawler: Crawler, error: BaseException) -> None:
    """Redis stayed unreachable past the retries: stop this worker, clearly, once.

    Nothing is acknowledged from here on, so every request this worker holds
    stays in its processing list and is queued again for the next worker;
    records already written stay in the run file (the export deduplicates).
    """
    seconds = crawler.settings.getint("NEWSCRAWL_REDIS_RETRY_SECONDS", 60)
    stop_worker(
        crawler,
        error,
        "redis_unavailable",
        f"Redis at {crawler.settings.get('NEWSCRAWL_REDIS_URL')} unreachable for {seconds} s ({error}): "
        "stopping this worker; the requests it holds are queued again for the next worker "
        "(newscrawl/redis/unavailable)",
    )


def stop_worker(crawler: Crawler, error: BaseException, reason: str, message: str) -> None:
    """Stop this worker at once, once: one CRITICAL line, ``newscrawl/redis/<reason>`` = 1, nothing acknowledged."""
    if crawler in _FAILED:
        return
    _FAILED[crawler] = error
    logger.critical(message)
    if crawler.stats is not None:
        crawler.stats.set_value(f"newscrawl/redis/{reason.removeprefix('redis_')}", 1)
    engine = running_engine(crawler)
    if engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=reason))


def has_failed(crawler: Crawler) -> bool:
    return crawler in _FAILED
