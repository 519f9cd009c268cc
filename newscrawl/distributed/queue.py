"""ReliablePriorityQueue: scrapy-redis's priority queue, made at-least-once (see frontier.py).

A pop moves the request, atomically (the SYNC script), into the worker's processing hash,
where it stays until the scheduler releases it. Requests are JSON (newscrawl.crawler.requestcodec);
an entry that does not decode is moved to the dead-letter list, never unpickled.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

from newscrawl.crawler import requestcodec
from newscrawl.distributed.scripts import SYNC

logger = logging.getLogger(__name__)


class ReliablePriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue, with pops held in a processing hash until released."""

    processing_key: str = ""
    seen_key: str = ""
    dead_letter_key: str = ""

    def _encode_request(self, request: Request) -> bytes:
        return requestcodec.encode(request, self.spider)

    def _decode_request(self, encoded_request: bytes) -> Request:
        return requestcodec.decode(encoded_request, self.spider)

    def encode(self, request: Request) -> bytes:
        return self._encode_request(request)

    def sync(
        self, pop: int, release: list[bytes], push: list[tuple[Request, bytes, list[str]]]
    ) -> tuple[list[tuple[Request, bytes]], list[bool], int]:
        """Release, push (each unless seen), pop: one round trip. (popped, pushed-or-not per push, set aside)."""
        args: list[Any] = [pop, len(release), len(push), *release]
        for request, data, fingerprints in push:
            args += [-request.priority, data, len(fingerprints), *fingerprints]
        popped, pushed = self.server.eval(SYNC, 3, self.key, self.processing_key, self.seen_key, *args)
        requests, undecodable = [], []
        for j in range(0, len(popped), 2):
            try:
                requests.append((self._decode_request(popped[j]), popped[j]))
            except requestcodec.UndecodableRequest as error:
                undecodable.append(popped[j])
                logger.error(
                    "Undecodable request in %s set aside under %s (%s): %r",
                    self.key,
                    self.dead_letter_key,
                    error,
                    popped[j][:80],
                )
        if undecodable:
            self.set_aside(undecodable)
        return requests, [bool(flag) for flag in pushed], len(undecodable)

    def set_aside(self, entries: list[bytes]) -> None:
        """Entries that are not requests: out of this worker's hands, into the dead-letter list, once."""
        with self.server.pipeline() as pipe:  # MULTI/EXEC: never in both places, never in neither
            pipe.hdel(self.processing_key, *entries)
            pipe.rpush(self.dead_letter_key, *entries)
            pipe.execute()

    def push_if_new(self, request: Request, fingerprints: list[str]) -> bool:
        return self.sync(0, [], [(request, self.encode(request), fingerprints)])[1][0]

    def pop_held(self) -> tuple[Request, bytes] | None:
        popped = self.sync(1, [], [])[0]
        return popped[0] if popped else None

    def pop(self, timeout: int = 0) -> Request | None:  # the plain pop would lose the request on a kill
        held = self.pop_held()
        return held[0] if held else None
