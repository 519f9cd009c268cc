"""Redis as a hostile or unlucky place (issue 24): what a worker does with what it finds there."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis_helpers import RedisServer, redis_server
from scrapy import Request
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.crawler import requestcodec
from newscrawl.distributed.frontier import RedisArticleDupeFilter, ReliablePriorityQueue
from newscrawl.spiders.islamtimes import IslamTimesSpider


@pytest.fixture(scope="module")
def redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(autouse=True)
def empty(redis: RedisServer) -> None:
    redis.client().flushdb()


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
