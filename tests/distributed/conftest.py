"""The Redis tests' server: a redis-server of each test's own (the recovery tests stop and restart
it); test_redis_parts.py and test_redis_hostile.py share one per module instead (``module_redis``),
emptied before each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from redis_helpers import RedisServer, redis_server


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    with redis_server(tmp_path / "redis") as server:
        yield server


@pytest.fixture(scope="module")
def shared_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture
def module_redis(shared_redis: RedisServer) -> RedisServer:
    """The module's redis-server, empty: no test sees another's keys."""
    shared_redis.client().flushdb()
    return shared_redis
