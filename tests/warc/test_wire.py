"""The messages to and from the WARC writer process are data (JSON and raw bytes), never pickles."""

from __future__ import annotations

import os
import pickle

import pytest

from newscrawl.warc.records import Archived, Exchange, NotArchived
from newscrawl.warc.wire import decode_batch, decode_config, decode_replies, encode_batch, encode_replies


def exchange(body: bytes) -> Exchange:
    return Exchange(
        "http://x.test/a", "GET", [(b"Accept", [b"text/html"])], b"", "http://x.test/a", 200, "HTTP/1.1",
        [(b"Content-Type", [b"text/html; charset=utf-8"]), (b"X-Raw", [bytes(range(128, 256))])], body,
        "127.0.0.1", "2026-12-07T06:00:00Z",
    )


def test_a_batch_comes_through_byte_for_byte():
    batch = [exchange("<p>خبر</p>".encode()), exchange(bytes(range(256)) * 100), exchange(b"")]
    assert decode_batch(encode_batch(batch)) == batch


def test_replies_come_through():
    replies = [Archived("a.warc.gz", 1234, "<urn:uuid:1>", 900, False, "a.warc.gz", 1),
               NotArchived("http://x.test/b", "No space left on device")]
    assert decode_replies(encode_replies(replies)) == replies


class Boom:
    def __reduce__(self):
        return (os.system, ("touch /tmp/newscrawl-wire-pwned",))


@pytest.mark.parametrize("decode", [decode_batch, decode_config, decode_replies])
def test_a_pickle_is_refused_and_never_run(decode):
    if os.path.exists("/tmp/newscrawl-wire-pwned"):
        os.remove("/tmp/newscrawl-wire-pwned")
    with pytest.raises(ValueError):  # not JSON: refused before anything is built
        decode(pickle.dumps([Boom()]))
    assert not os.path.exists("/tmp/newscrawl-wire-pwned")
