"""Nothing lost when a worker is killed, when Redis restarts mid-crawl, or when it is gone too long:
many crawler processes, one real redis-server, the synthetic mirror over real HTTP.

Every article ends up exactly once in the export, whatever broke; the rest of the Redis crawl is
tests/distributed/test_redis_crawl.py.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from redis_helpers import (
    FAST_CLOSE,
    PROJECT,
    RedisServer,
    all_ids,
    export,
    record_id,
    records,
    start,
    stats,
    synthetic_mirror,
    wait_for_lines,
    worker_command,
)

from newscrawl.cron.recovery import recover_parts


def test_killed_worker_loses_nothing(tmp_path: Path, redis: RedisServer) -> None:
    articles = 600
    data = tmp_path / "data" / "islamtimes"
    outs = [data / f"worker{n}.jsonl" for n in range(3)]
    shared = (FAST_CLOSE, "NEWSCRAWL_REDIS_WORKER_TTL=3", "NEWSCRAWL_INCREMENTAL_ENABLED=True")
    with synthetic_mirror(articles, tmp_path / "access.log", delay=0.02) as base_url:
        workers = [start(worker_command(base_url, redis.url, out, *shared)) for out in outs]
        wait_for_lines(outs[0].with_name(outs[0].name + ".part"), 100)
        workers[0].send_signal(signal.SIGKILL)
        assert workers[0].wait(timeout=30) == -signal.SIGKILL
        assert [worker.wait(timeout=600) for worker in workers[1:]] == [0, 0]  # the others finish
        # the following run: recover the dead worker's file as cron does, crawl once more
        assert [p.name for p in recover_parts(data)] == ["worker0.jsonl"]
        following = data / "following.jsonl"
        assert subprocess.run(worker_command(base_url, redis.url, following, *shared), cwd=PROJECT,
                              timeout=600, capture_output=True).returncode == 0

    taken_back = sum(stats(out).get("newscrawl/redis/requeued", 0) for out in (*outs[1:], following))
    assert taken_back > 0  # the dead worker held requests, and they were queued again
    written = [path for path in (*outs, following) if path.exists()]  # a run that wrote nothing leaves no file
    ids = Counter(record_id(r) for r in records(*written))
    assert set(ids) == all_ids(articles)
    exported = Counter(record_id(r) for r in export(tmp_path / "data", tmp_path / "dataset"))
    assert set(exported) == all_ids(articles) and max(exported.values()) == 1


def test_redis_restart_mid_crawl_loses_nothing(tmp_path: Path, redis: RedisServer) -> None:
    articles = 600
    data = tmp_path / "data" / "islamtimes"
    outs = [data / f"worker{n}.jsonl" for n in range(2)]
    shared = (FAST_CLOSE, "NEWSCRAWL_REDIS_RETRY_SECONDS=30", "NEWSCRAWL_INCREMENTAL_ENABLED=True")
    with synthetic_mirror(articles, tmp_path / "access.log", delay=0.02) as base_url:
        workers = [start(worker_command(base_url, redis.url, out, *shared)) for out in outs]
        wait_for_lines(outs[0].with_name(outs[0].name + ".part"), 150)
        redis.stop()
        time.sleep(3)
        redis.start()
        assert [worker.wait(timeout=600) for worker in workers] == [0, 0]

    assert all(stats(out)["finish_reason"] == "finished" for out in outs)  # they waited, reconnected, went on
    exported = Counter(record_id(r) for r in export(tmp_path / "data", tmp_path / "dataset"))
    assert set(exported) == all_ids(articles) and max(exported.values()) == 1


def test_redis_gone_too_long_stops_workers_and_the_next_run_finishes(tmp_path: Path, redis: RedisServer) -> None:
    articles = 600
    data = tmp_path / "data" / "islamtimes"
    out = data / "worker0.jsonl"
    shared = (FAST_CLOSE, "NEWSCRAWL_REDIS_RETRY_SECONDS=2", "NEWSCRAWL_REDIS_WORKER_TTL=3")
    with synthetic_mirror(articles, tmp_path / "access.log", delay=0.02) as base_url:
        worker = start(worker_command(base_url, redis.url, out, *shared))
        wait_for_lines(out.with_name(out.name + ".part"), 100)
        redis.stop()
        worker.wait(timeout=120)
        redis.start()
        after = data / "after.jsonl"
        assert subprocess.run(worker_command(base_url, redis.url, after, *shared), cwd=PROJECT,
                              timeout=600, capture_output=True).returncode == 0

    assert stats(out)["finish_reason"] == "redis_unavailable"
    assert stats(out)["newscrawl/redis/unavailable"] == 1
    assert "unreachable for 2 s" in out.with_suffix(".log").read_text(encoding="utf-8")
    assert stats(after).get("newscrawl/redis/requeued", 0) > 0  # what the stopped worker held came back
    exported = Counter(record_id(r) for r in export(tmp_path / "data", tmp_path / "dataset"))
    assert set(exported) == all_ids(articles) and max(exported.values()) == 1
