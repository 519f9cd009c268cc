"""Many crawler processes, one real redis-server, the synthetic mirror over real HTTP.

What the operator of a big crawl relies on: every article exactly once in the
union of the workers' files, no article page fetched twice, the workers told apart
in Redis, one cron run at a time across machines. Losing nothing when a worker is
killed or Redis goes away: test_redis_recovery.py (a file of its own, so that the
suite's two workers run the two halves side by side).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from redis_helpers import (
    FAST_CLOSE,
    PROJECT,
    RedisServer,
    all_ids,
    article_requests,
    record_id,
    records,
    start,
    stats,
    synthetic_mirror,
    wait_for_lines,
    worker_command,
)


def test_three_workers_fetch_every_article_once(tmp_path: Path, redis: RedisServer) -> None:
    articles = 1000
    data = tmp_path / "data" / "islamtimes"
    outs = [data / f"worker{n}.jsonl" for n in range(3)]
    with synthetic_mirror(articles, tmp_path / "access.log") as base_url:
        workers = [start(worker_command(base_url, redis.url, out, FAST_CLOSE)) for out in outs]
        codes = [worker.wait(timeout=600) for worker in workers]

    assert codes == [0, 0, 0]
    ids = Counter(record_id(r) for r in records(*outs))
    assert set(ids) == all_ids(articles)
    assert max(ids.values()) == 1  # the union holds every article exactly once
    fetched = article_requests(tmp_path / "access.log")
    assert set(fetched) == all_ids(articles) and max(fetched.values()) == 1  # no article page requested twice
    worker_stats = [stats(out) for out in outs]
    assert all(s["finish_reason"] == "finished" for s in worker_stats)
    assert all(s.get("newscrawl/exported", 0) > 0 for s in worker_stats)  # nobody quit early with nothing done
    # drained: queue, held requests and fingerprints are gone; the frontier's epoch mark stays
    assert [k.decode() for k in redis.client().keys("*")] == [f"newscrawl:islamtimes@{base_url.split('://')[1]}:epoch"]


def test_workers_are_told_apart_in_redis(tmp_path: Path, redis: RedisServer) -> None:
    """While a crawl runs, an operator sees its queue, its workers and what each holds."""
    with synthetic_mirror(300, tmp_path / "access.log", delay=0.05) as base_url:
        out = tmp_path / "worker.jsonl"
        worker = start(worker_command(base_url, redis.url, out, FAST_CLOSE))
        wait_for_lines(out.with_name(out.name + ".part"), 20)
        client = redis.client()
        crawl = f"newscrawl:islamtimes@{base_url.split('://')[1]}"  # the frontier's keys are per crawl
        workers = client.smembers(f"{crawl}:workers")
        queued = client.zcard(f"{crawl}:requests")
        assert worker.wait(timeout=300) == 0
    assert len(workers) == 1 and queued > 0
    (name,) = workers
    assert name.decode().split(":")[1] == str(worker.pid)
    assert os.path.exists(out)


def cron(data: Path, base_url: str, redis_url: str) -> subprocess.Popen[str]:
    """``newscrawl cron`` on one "machine" (its own data dir), the Redis URL from the environment."""
    command = [sys.executable, "-m", "newscrawl", "cron", "islamtimes", "--base-url", base_url, "--data-dir", str(data),
               "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "ROBOTSTXT_OBEY=False",
               "--set", FAST_CLOSE]
    return subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NEWSCRAWL_REDIS_URL": redis_url})


def test_cron_on_two_machines_one_runs_the_other_exits_75(tmp_path: Path, redis: RedisServer) -> None:
    articles = 400
    with synthetic_mirror(articles, tmp_path / "access.log", delay=0.05) as base_url:
        runs = [cron(tmp_path / machine, base_url, redis.url) for machine in ("machine-a", "machine-b")]
        results = [(run.wait(timeout=600), *run.communicate()) for run in runs]
        codes = sorted(code for code, _, _ in results)
        assert codes == [0, 75], results
        (loser,) = [err for code, _, err in results if code == 75]
        assert "another run holds the Redis lock newscrawl:islamtimes:cron-lock" in loser
        winner = next(tmp_path / m for (code, _, _), m in zip(results, ("machine-a", "machine-b"), strict=True) if code == 0)
        (records_file,) = (winner / "islamtimes").glob("*.jsonl")
        assert {record_id(r) for r in records(records_file)} == all_ids(articles)
        # the next run, from the other machine: the shared seen-store knows every article already
        other = next(tmp_path / m for m in ("machine-a", "machine-b") if tmp_path / m != winner)
        again = cron(other, base_url, redis.url)
        code, _, err = again.wait(timeout=600), *again.communicate()
    assert code == 0, err
    (report,) = (other / "islamtimes").glob("*.report.json")
    run = json.loads(report.read_text(encoding="utf-8"))["run"]
    assert run["records_written"] == 0 and run["skipped_known"] >= 50
    assert redis.client().get("newscrawl:islamtimes:cron-lock") is None  # released by both
