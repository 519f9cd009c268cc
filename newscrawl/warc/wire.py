"""What crosses the pipe to the WARC writer process: JSON and raw bytes, never a pickle.

``multiprocessing.connection``'s ``send``/``recv`` pickle, and data that crosses a process must
never be able to run code (as in Redis and JOBDIR, newscrawl/crawler/requestcodec.py). A batch
of exchanges is one message: a 4-byte length, a JSON list of each exchange's fields (header
bytes as Latin-1, which maps every byte to one character and back) and then the bodies, raw.
"""

from __future__ import annotations

import json
import struct
from dataclasses import fields
from typing import Any

from newscrawl.warc.records import Archived, Exchange, NotArchived

Headers = list[tuple[bytes, list[bytes]]]
_LENGTH = struct.Struct("!I")
_BODIES = ("request_body", "body")
_HEADERS = ("request_header_items", "header_items")
_EXCHANGE_FIELDS = tuple(field.name for field in fields(Exchange))
_ARCHIVED_FIELDS = tuple(field.name for field in fields(Archived))


def encode_config(config: dict[str, Any]) -> bytes:
    return json.dumps(config).encode("utf-8")


def decode_config(raw: bytes) -> dict[str, Any]:
    config = json.loads(raw)
    if not isinstance(config, dict):
        raise ValueError(f"the WARC writer's configuration is not an object: {config!r:.80}")
    return config


def encode_batch(batch: list[Exchange]) -> bytes:
    heads: list[list[Any]] = []
    bodies: list[bytes] = []
    for exchange in batch:
        head: list[Any] = []
        for name in _EXCHANGE_FIELDS:
            value = getattr(exchange, name)
            if name in _BODIES:
                bodies.append(value)
                value = len(value)
            elif name in _HEADERS:
                value = [[key.decode("latin-1"), [v.decode("latin-1") for v in values]] for key, values in value]
            head.append(value)
        heads.append(head)
    encoded = json.dumps(heads).encode("utf-8")
    return b"".join([_LENGTH.pack(len(encoded)), encoded, *bodies])


def decode_batch(raw: bytes) -> list[Exchange]:
    (length,) = _LENGTH.unpack_from(raw)
    at = _LENGTH.size + length
    batch = []
    for head in json.loads(raw[_LENGTH.size : at]):
        values: dict[str, Any] = {}
        for name, value in zip(_EXCHANGE_FIELDS, head, strict=True):
            if name in _BODIES:
                value, at = raw[at : at + value], at + value
            elif name in _HEADERS:
                value = [(key.encode("latin-1"), [v.encode("latin-1") for v in vs]) for key, vs in value]
            values[name] = value
        batch.append(Exchange(**values))
    if at != len(raw):
        raise ValueError(f"a batch for the WARC writer has {len(raw) - at} bytes beyond its bodies")
    return batch


def encode_replies(replies: list[Archived | NotArchived]) -> bytes:
    return json.dumps(
        [
            ["archived", *(getattr(reply, name) for name in _ARCHIVED_FIELDS)]
            if isinstance(reply, Archived)
            else ["not archived", reply.url, reply.why]
            for reply in replies
        ]
    ).encode("utf-8")


def decode_replies(raw: bytes) -> list[Archived | NotArchived]:
    return [Archived(*values) if kind == "archived" else NotArchived(*values) for kind, *values in json.loads(raw)]
