"""The JOBDIR request queue stores requests as JSON data: a queue file never runs code in the next run."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from queuelib.queue import LifoDiskQueue
from scrapy import Request
from scrapy.utils.test import get_crawler

from newscrawl.crawler.diskfull import DiskFullSafeQueue
from newscrawl.spiders.islamtimes import IslamTimesSpider


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # what a crafted queue entry would carry
        return (os.system, (f"touch {self.marker}",))


def _queue(tmp_path: Path) -> tuple[DiskFullSafeQueue, object]:
    crawler = get_crawler(IslamTimesSpider)
    crawler.spider = crawler._create_spider()
    crawler.stats.open_spider()
    return DiskFullSafeQueue.from_crawler(crawler, str(tmp_path / "requests.queue" / "p0")), crawler


def test_requests_round_trip_as_json(tmp_path: Path) -> None:
    queue, _ = _queue(tmp_path)
    queue.push(Request("https://www.islamtimes.com/ur/news/1/x", meta={"is_article": True}, priority=5))
    assert len(queue) == 1
    queue.close()
    disk = LifoDiskQueue(str(tmp_path / "requests.queue" / "p0"))
    raw = disk.pop()
    disk.close()
    assert raw is not None and raw.startswith(b"{")  # JSON, not a pickle
    queue, _ = _queue(tmp_path)
    assert len(queue) == 0


def test_a_pickle_in_the_queue_is_never_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "requests.queue").mkdir()
    disk = LifoDiskQueue(str(tmp_path / "requests.queue" / "p0"))
    disk.push(pickle.dumps(_Payload(marker)))
    disk.close()
    queue, crawler = _queue(tmp_path)
    queue.push(Request("https://www.islamtimes.com/ur/news/2/y"))
    assert queue.pop().url.endswith("/2/y")
    assert queue.pop() is None  # the pickle was skipped, not run
    assert not marker.exists()
    assert crawler.stats.get_value("newscrawl/jobdir/undecodable") == 1
