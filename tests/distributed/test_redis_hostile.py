"""Redis as a hostile or unlucky place (issue 24): what a worker does with what it finds there."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from redis_helpers import RedisServer
from scrapy import Request
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.crawler import requestcodec
from newscrawl.distributed.dupefilter import RedisArticleDupeFilter
from newscrawl.distributed.queue import ReliablePriorityQueue
from newscrawl.spiders.islamtimes import IslamTimesSpider


@pytest.fixture
def redis(module_redis: RedisServer) -> RedisServer:
    return module_redis


def queue_for(redis: RedisServer) -> tuple[RedisArticleDupeFilter, ReliablePriorityQueue]:
    crawler = get_crawler(IslamTimesSpider, {"ADDONS": project_settings.ADDONS, "NEWSCRAWL_REDIS_URL": redis.url,
                                             "DUPEFILTER_CLASS": project_settings.DUPEFILTER_CLASS})
    spider = IslamTimesSpider.from_crawler(crawler, base_url="http://127.0.0.1:9")
    crawler.spider = spider
    dupefilter = RedisArticleDupeFilter.from_spider(spider)
    queue = ReliablePriorityQueue(redis.client(), spider, "newscrawl:%(spider)s:requests")
    queue.processing_key = "newscrawl:islamtimes:processing:test"
    queue.seen_key = dupefilter.key
    queue.dead_letter_key = "newscrawl:islamtimes:dead-letter"
    return dupefilter, queue


class Payload:
    """What an attacker with write access to the Redis would queue: a pickle that runs a command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


def test_a_queue_entry_is_data_never_code(redis: RedisServer, tmp_path: Path) -> None:
    dupefilter, queue = queue_for(redis)
    client = redis.client()
    marker = tmp_path / "ran"
    client.zadd(queue.key, {pickle.dumps(Payload(marker)): -10, b"\x00garbage": -9,
                            b'{"url": "http://x/", "_class": "subprocess.Popen", "args": "true"}': -8})
    good = Request("http://x/ur/news/7/seven", meta={"is_article": True}, priority=1)
    assert queue.push_if_new(good, dupefilter.fingerprints(good))
    popped, _, undecodable = queue.sync(4, [], [])
    assert not marker.exists()  # nothing from Redis is ever unpickled
    assert [request.url for request, _ in popped] == [good.url]  # the worker goes on past them
    assert undecodable == 3
    assert client.llen(queue.dead_letter_key) == 3  # set aside for the operator, once
    assert client.hlen(queue.processing_key) == 1 and len(queue) == 0  # never handed to the next worker
    assert client.zrange(queue.key, 0, -1) == []


def test_the_codec_round_trips_what_a_crawl_queues() -> None:
    spider = IslamTimesSpider(base_url="http://127.0.0.1:9")
    request = Request("http://x/ur/news/7/سات?a=1", callback=spider.parse_article, method="POST", body=b"\xff\x00",
                      headers={"X-Test": "é"}, meta={"is_article": True, "newscrawl_article_key": "islamtimes:7"},
                      priority=3, dont_filter=True)
    raw = requestcodec.encode(request, spider)
    assert b"pickle" not in raw and raw.startswith(b"{")
    again = requestcodec.decode(raw, spider)
    assert (again.url, again.method, again.body, again.priority, again.dont_filter) == (
        request.url, "POST", b"\xff\x00", 3, True)
    assert again.callback == spider.parse_article and again.headers["X-Test"] == request.headers["X-Test"]
    assert again.meta == request.meta


# -- shared state: one crawl's keys, a lost frontier, errors and a lost lease (case 6) -------------

def open_scheduler(redis: RedisServer, base_url: str):
    from newscrawl.distributed.frontier import RedisScheduler

    crawler = get_crawler(IslamTimesSpider, {"ADDONS": project_settings.ADDONS, "NEWSCRAWL_REDIS_URL": redis.url,
                                             "DUPEFILTER_CLASS": project_settings.DUPEFILTER_CLASS,
                                             "NEWSCRAWL_REDIS_WORKER_TTL": 2})
    spider = IslamTimesSpider.from_crawler(crawler, base_url=base_url)
    crawler.spider = spider
    crawler.stats.open_spider()
    scheduler = RedisScheduler.from_crawler(crawler)
    scheduler.open(spider)
    return crawler, scheduler


def test_two_crawls_of_different_sites_never_share_a_queue(redis: RedisServer) -> None:
    _, one = open_scheduler(redis, "http://127.0.0.1:8001")
    _, two = open_scheduler(redis, "http://127.0.0.1:8002")
    one.enqueue_request(Request("http://127.0.0.1:8001/ur/news/1/x"))
    one.sync()
    assert len(one.queue) == 1 and len(two.queue) == 0
    assert one.queue.key != two.queue.key and one.df.key != two.df.key
    assert two.next_request() is None


def test_a_frontier_lost_with_redis_stops_the_worker_loudly(redis: RedisServer) -> None:
    from newscrawl.distributed import has_failed
    from newscrawl.distributed.worker import RedisWorker

    crawler, scheduler = open_scheduler(redis, "http://127.0.0.1:8001")
    worker = RedisWorker(crawler, 10.0)
    worker.scheduler = scheduler
    worker.tick()
    assert not has_failed(crawler)
    redis.client().flushdb()  # Redis restarted empty: every queued request is gone
    worker.tick()
    assert has_failed(crawler) and crawler.stats.get_value("newscrawl/redis/frontier_lost") == 1


def test_an_error_reply_does_not_stop_the_heartbeat_and_a_lost_lease_stops_the_worker(redis: RedisServer) -> None:
    from newscrawl.distributed import has_failed
    from newscrawl.distributed.worker import RedisWorker

    crawler, scheduler = open_scheduler(redis, "http://127.0.0.1:8001")
    worker = RedisWorker(crawler, 10.0)
    worker.scheduler = scheduler
    client = redis.client()
    client.config_set("maxmemory", 1)  # every write is refused: OOM
    try:
        worker.tick()  # an error reply: counted, retried next second, never the end of the loop
    finally:
        client.config_set("maxmemory", 0)
    assert crawler.stats.get_value("newscrawl/redis/errors") == 1 and not has_failed(crawler)
    worker.tick()
    assert not has_failed(crawler)
    client.srem(scheduler.workers_key, scheduler.worker)  # another worker took this one for dead
    worker.tick()
    assert has_failed(crawler) and crawler.stats.get_value("newscrawl/redis/lease_lost") == 1


def test_a_redis_lock_of_the_wrong_shape_names_no_holder(redis: RedisServer) -> None:  # case 12
    from newscrawl.distributed.lock import RedisRunLock

    client = redis.client()
    for content in ("[1]", "1", "garbage"):
        client.set("newscrawl:islamtimes:cron-lock", content)
        assert RedisRunLock(client, "newscrawl:islamtimes:cron-lock", ttl=3).holder() == {}


def test_a_redis_lock_no_run_wrote_says_how_to_free_it(redis: RedisServer, capsys) -> None:  # case 12
    from datetime import datetime, timezone

    from scrapy.settings import Settings

    from newscrawl.cron.lock import acquire_redis_lock

    redis.client().set("newscrawl:islamtimes:cron-lock", "[1]")  # no expiry: it would never free itself
    settings = Settings({"NEWSCRAWL_REDIS_URL": redis.url, "NEWSCRAWL_REDIS_LOCK_TTL": 3})
    assert acquire_redis_lock(settings, "islamtimes", datetime.now(timezone.utc)) is None  # exit 75
    said = capsys.readouterr().err.strip()
    assert len(said.splitlines()) == 1 and "b'[1]'" in said and "DEL newscrawl:islamtimes:cron-lock" in said


def test_the_generic_page_budget_is_per_crawl_not_per_worker(redis: RedisServer) -> None:  # case 6
    from newscrawl.spiders.urdu import UrduSpider

    def worker() -> UrduSpider:
        crawler = get_crawler(UrduSpider, {"NEWSCRAWL_REDIS_URL": redis.url, "NEWSCRAWL_GENERIC_MAX_PAGES": 5})
        spider = UrduSpider.from_crawler(crawler, base_url="http://127.0.0.1:8001")
        crawler.spider = spider
        crawler.stats.open_spider()
        return spider

    one, two = worker(), worker()
    taken = [spider.page_request(f"http://127.0.0.1:8001/{name}{n}") for n in range(4)
             for name, spider in (("p", one), ("q", two))]
    assert sum(request is not None for request in taken) == 5  # five pages for the crawl, not five a worker
    assert one.page_request("http://127.0.0.1:8001/p0") is not None  # a page already counted stays allowed
