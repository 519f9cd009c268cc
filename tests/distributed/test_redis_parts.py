"""The Redis parts one by one, against a real redis-server: switch, dupefilter, seen-store, run lock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest
from redis_helpers import PROJECT, RedisServer
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.distributed.dupefilter import RedisArticleDupeFilter
from newscrawl.distributed.frontier import RedisScheduler
from newscrawl.distributed.queue import ReliablePriorityQueue
from newscrawl.distributed.lock import RedisRunLock
from newscrawl.distributed.seen import RedisSeenStore
from newscrawl.crawler.dupefilter import META_KEY
from newscrawl.spiders.islamtimes import IslamTimesSpider


@pytest.fixture
def redis(module_redis: RedisServer) -> RedisServer:
    return module_redis


def project_crawler(**settings: object) -> Crawler:
    """A crawler with the project's add-on and dupefilter, as ``scrapy crawl`` in the project gets them."""
    return get_crawler(IslamTimesSpider, {"ADDONS": project_settings.ADDONS,
                                          "DUPEFILTER_CLASS": project_settings.DUPEFILTER_CLASS, **settings})


def test_one_setting_switches_the_frontier(redis: RedisServer) -> None:
    crawler = project_crawler(NEWSCRAWL_REDIS_URL=redis.url)
    assert crawler.settings["SCHEDULER"].endswith("RedisScheduler")
    assert crawler.settings["DUPEFILTER_CLASS"].endswith("RedisArticleDupeFilter")
    assert crawler.settings.getbool("SCHEDULER_PERSIST")
    plain = project_crawler(NEWSCRAWL_REDIS_URL=None)
    assert plain.settings["DUPEFILTER_CLASS"] == "newscrawl.crawler.dupefilter.ArticleDupeFilter"


def test_the_environment_variable_sets_it_too(redis: RedisServer) -> None:
    code = "from scrapy.utils.project import get_project_settings; print(get_project_settings()['NEWSCRAWL_REDIS_URL'])"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "NEWSCRAWL_REDIS_URL": redis.url, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"})
    assert done.stdout.strip() == redis.url, done.stderr


def frontier(redis: RedisServer) -> tuple[RedisArticleDupeFilter, ReliablePriorityQueue]:
    crawler = project_crawler(NEWSCRAWL_REDIS_URL=redis.url)
    spider = IslamTimesSpider.from_crawler(crawler, base_url="http://127.0.0.1:9")
    crawler.spider = spider
    dupefilter = RedisArticleDupeFilter.from_spider(spider)
    queue = ReliablePriorityQueue(redis.client(), spider, "newscrawl:%(spider)s:requests")
    queue.processing_key = "newscrawl:islamtimes:processing:test"
    queue.seen_key = dupefilter.key
    return dupefilter, queue


def test_one_fetch_per_article_whichever_url(redis: RedisServer) -> None:
    dupefilter, queue = frontier(redis)

    def push(url: str, **meta: object) -> bool:
        request = Request(url, meta=meta)
        return queue.push_if_new(request, dupefilter.fingerprints(request))

    assert push("http://x/ur/news/7/one", **{META_KEY: "islamtimes:7"})
    assert not push("http://x/ur/news/7/another-slug", **{META_KEY: "islamtimes:7"})  # same article
    assert not push("http://x/ur/news/7/one", **{META_KEY: "islamtimes:7"})
    # a redirect carries the key it was filed under: judged by URL alone, so it still reaches the article
    assert push("http://x/ur/news/7/canonical", **{META_KEY: "islamtimes:7", "redirect_urls": ["http://x/old/7"]})
    assert push("http://x/ur/news/8/eight", **{META_KEY: "islamtimes:8"})
    assert len(queue) == 3


def test_a_popped_request_is_held_until_released(redis: RedisServer) -> None:
    dupefilter, queue = frontier(redis)
    request = Request("http://x/ur/news/9/nine", meta={META_KEY: "islamtimes:9"})
    assert queue.push_if_new(request, dupefilter.fingerprints(request))
    held = queue.pop_held()
    assert held is not None and held[0].url == request.url
    assert len(queue) == 0
    assert redis.client().hlen(queue.processing_key) == 1  # not lost if this worker dies now
    assert queue.pop_held() is None


def test_dead_workers_requests_go_back_to_the_queue(redis: RedisServer) -> None:
    dupefilter, queue = frontier(redis)
    client = redis.client()
    request = Request("http://x/ur/news/10/ten")
    queue.push_if_new(request, dupefilter.fingerprints(request))
    queue.pop_held()
    client.sadd("newscrawl:islamtimes:workers", "test")  # registered, but no heartbeat key: dead
    scheduler = RedisScheduler.__new__(RedisScheduler)  # only the Redis side of it
    scheduler.server, scheduler.queue, scheduler.df = client, queue, dupefilter
    scheduler.prefix, scheduler.workers_key = "newscrawl:islamtimes:", "newscrawl:islamtimes:workers"
    scheduler.stats = get_crawler(IslamTimesSpider).stats
    assert not scheduler.drained()
    assert scheduler.requeue_dead() == 1
    assert len(queue) == 1 and client.hlen(queue.processing_key) == 0
    assert client.smembers("newscrawl:islamtimes:workers") == set()
    assert queue.pop_held() is not None
    client.set("newscrawl:islamtimes:alive:test", 1)
    client.sadd("newscrawl:islamtimes:workers", "test")
    assert scheduler.requeue_dead() == 0  # alive: its requests stay with it
    assert not scheduler.drained(clear=True) and client.exists(dupefilter.key)
    client.delete(queue.processing_key)
    assert scheduler.drained(clear=True) and not client.exists(dupefilter.key)  # a drained crawl forgets


def test_seen_store_contract(redis: RedisServer) -> None:
    store = RedisSeenStore(redis.client(), "islamtimes")
    store.add("https://x/ur/news/1/a", "islamtimes:1", "abc")
    assert not store.contains_url("https://x/ur/news/1/a")  # durable only after commit
    store.commit()
    other = RedisSeenStore(redis.client(), "islamtimes")  # another worker sees it at once
    assert other.contains_url("https://x/ur/news/1/a") and other.contains_key("islamtimes:1")
    assert other.contains_hash("abc") and not other.contains_hash("abd")
    assert not RedisSeenStore(redis.client(), "jang").contains_key("islamtimes:1")  # one store per site
    store.add("https://x/ur/news/1/b", "islamtimes:1", None)
    store.add("https://x/ur/news/2/furniture", "islamtimes:2", "shared")
    store.commit()
    store.add("https://x/ur/news/3/furniture", "islamtimes:3", "shared")
    store.add("https://x/ur/news/4/furniture", "islamtimes:4", "shared")
    assert len(other) == 3
    # a text found to be page furniture: every URL marked with it, committed or pending, is fetched again
    assert store.forget_hash("shared") == 3
    store.close()
    assert not other.contains_url("https://x/ur/news/2/furniture") and not other.contains_key("islamtimes:2")
    assert not other.contains_url("https://x/ur/news/4/furniture") and not other.contains_hash("shared")
    assert other.contains_url("https://x/ur/news/1/a") and other.contains_key("islamtimes:1")
    assert len(other) == 2


def test_run_lock_is_exclusive_renewed_and_frees_itself(redis: RedisServer) -> None:
    now = datetime.now(timezone.utc)
    first = RedisRunLock(redis.client(), "newscrawl:islamtimes:cron-lock", ttl=3)
    assert first.acquire(now)
    second = RedisRunLock(redis.client(), "newscrawl:islamtimes:cron-lock", ttl=3)
    assert not second.acquire(now)
    assert second.holder()["pid"] == os.getpid()
    lost: list[str] = []
    first.keep_renewed(lost.append)
    time.sleep(4)
    assert not second.acquire(now) and lost == []  # renewed past its 3 s expiry
    first._stop.set()  # the holder dies: no more renewals
    first._thread.join()  # type: ignore[union-attr]
    time.sleep(3.5)
    assert second.acquire(now)
    second.release()
    assert redis.client().get("newscrawl:islamtimes:cron-lock") is None


def test_memory_benchmark_measures_the_real_classes(redis: RedisServer) -> None:
    from benchmarks.bench_redis import memory

    measured = memory(redis, 3000)
    # a 16-byte digest per URL, key and text, and a pickled request per queued article: tens to
    # hundreds of bytes each, never zero (nothing stored) nor kilobytes (whole pages stored)
    assert 40 < measured["seen_bytes"] < 1000
    assert 100 < measured["queued_bytes"] < 3000
    assert 0 < measured["fingerprint_bytes"] < measured["queued_bytes"]
    assert redis.client().dbsize() == 0
