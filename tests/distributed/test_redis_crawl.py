"""Many crawler processes, one real redis-server, the synthetic mirror over real HTTP.

What the operator of a big crawl relies on: every article exactly once in the
union of the workers' files, no article page fetched twice, nothing lost when a
worker is killed or Redis restarts, and an export holding every article once.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from redis_helpers import PROJECT, RedisServer, redis_server, synthetic_mirror, worker_command

from newscrawl.cron.recovery import recover_parts
from devtools.mirror.synthetic import FIRST_ID

ARTICLE = re.compile(r"^/ur/news/(\d+)")
FAST_CLOSE = "NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS=2"


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    with redis_server(tmp_path / "redis") as server:
        yield server


def all_ids(articles: int) -> set[int]:
    return set(range(FIRST_ID, FIRST_ID + articles))


def records(*files: Path) -> list[dict[str, Any]]:
    """Every record of *files*; a run that wrote no article left no file."""
    return [json.loads(line) for f in files if f.exists() for line in f.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def record_id(record: dict[str, Any]) -> int:
    return int(record["article_id"])


def article_requests(access_log: Path) -> Counter[int]:
    ids = (ARTICLE.match(line) for line in access_log.read_text().splitlines())
    return Counter(int(match.group(1)) for match in ids if match)


def stats(out: Path) -> dict[str, Any]:
    return json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))["stats"]


def start(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_lines(path: Path, lines: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= lines:
            return
        time.sleep(0.1)
    raise AssertionError(f"{path} did not reach {lines} lines")


def export(data: Path, out: Path) -> list[dict[str, Any]]:
    done = subprocess.run([sys.executable, "-m", "newscrawl", "export", str(data), "--out", str(out)],
                          cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    with gzip.open(out / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_three_workers_fetch_every_article_once(tmp_path: Path, redis: RedisServer) -> None:
    articles = 2000
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


def test_killed_worker_loses_nothing(tmp_path: Path, redis: RedisServer) -> None:
    articles = 1000
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
    articles = 1000
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
