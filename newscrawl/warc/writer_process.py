"""The WARC writer process: records built, hashed, compressed and written off the crawl's GIL.

Building a record with warcio is Python code holding the GIL (only zlib and SHA-1 release it), so
a writer *thread* still took ~17% of the crawl's core on a CPU-bound crawl. Here the crawl's
thread only copies each exchange and sends it over a pipe (a socket pair; the messages are JSON
and raw bytes, never pickles: newscrawl/warc/wire.py) to a child process, ``python -m newscrawl.warc.writer_process FD``,
which writes the records in the order received and answers each with an
:class:`~newscrawl.warc.records.Archived` (file, offset, record id) or a
:class:`~newscrawl.warc.records.NotArchived`.

Why the crawl waits for the answer: the byte offset of a record is only known once the records
before it are compressed, which happens here. So a record's ``warc`` field is the writer's own
answer, sent after the record was flushed to the operating system. An article item waits for it
without holding up the crawl (:class:`~newscrawl.warc.middleware.PendingProvenance`, awaited by
:class:`~newscrawl.pipelines.provenance.WarcProvenancePipeline` just before the export; the crawl's
reactor reads the answers as they come). Hence the guarantees after ``kill -9`` of the crawl: every record it
exported with a ``warc`` field, and every response it counted as archived, is in the file.
The writer then reads what is left in the pipe, writes it, closes its file and exits.

A bounded number of exchanges is in flight (``max_pending``): past it the crawl waits for
answers, so a slow disk slows the crawl instead of filling its memory.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from collections.abc import Callable

import newscrawl
from newscrawl.warc.records import Archived, Exchange, NotArchived, RecordArchiver
from newscrawl.warc.wire import decode_batch, decode_config, decode_replies, encode_batch, encode_config, encode_replies
from newscrawl.warc.writer import RotatingWarcWriter

Reply = Archived | NotArchived
#: exchanges per message to the writer, at most
BATCH = 16


class Pending:
    """One exchange sent to the writer; ``reply`` is set when its answer is read, then ``then`` called."""

    __slots__ = ("reply", "then", "url")

    def __init__(self, url: str) -> None:
        self.url = url
        self.reply: Reply | None = None
        self.then: Callable[[Reply], object] | None = None


class WriterProcess:
    """The crawl's end of the writer process: send exchanges, read answers in order.

    *on_reply* is called in the crawl's thread for every answer (stats, logs); a writer that
    died answers every exchange it did not write with a NotArchived, and every later one too.
    """

    def __init__(
        self,
        config: dict[str, Any],
        on_reply: Callable[[Reply], None],
        schedule: Callable[[Callable[[], None]], object] | None = None,
        max_pending: int = 64,
    ) -> None:
        self.on_reply = on_reply
        self.schedule = schedule
        self.max_pending = max_pending
        self.waiting: list[Pending] = []  # submitted, not answered yet, in the order submitted
        # Exchanges go in batches, one message each: a system call costs ~0.5 ms on this kind of
        # machine (measured: one write per page was most of what archiving cost the crawl). A batch
        # leaves when BATCH are waiting or when the reactor has a moment (*schedule*).
        self.outbox: list[Exchange] = []
        self.flush_scheduled = False
        self.waiting_from = 0
        self.died: str | None = None
        ours, theirs = Pipe(duplex=True)
        package_root = str(Path(newscrawl.__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newscrawl.warc.writer_process", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            env=env,
        )
        theirs.close()
        self.connection = ours
        self._send(encode_config(config))

    @property
    def pid(self) -> int:
        return self.process.pid

    def submit(self, exchange: Exchange) -> Pending:
        """Send *exchange* to be written; its answer comes later (:meth:`wait_for`)."""
        pending = Pending(exchange.url)
        while len(self.waiting) - self.waiting_from >= self.max_pending and self.died is None:
            self._read_one()
        if self.died is None:
            self.waiting.append(pending)
            self.outbox.append(exchange)
            if len(self.outbox) >= BATCH or self.schedule is None:
                self.flush()
            elif not self.flush_scheduled:
                self.flush_scheduled = True
                self.schedule(self.flush)
        if self.died is not None:
            self._answer_unwritten()
            if pending.reply is None:
                self._answer(pending, NotArchived(exchange.url, self.died))
        return pending

    def wait_for(self, pending: Pending) -> Reply:
        while pending.reply is None:
            self._read_one()
        return pending.reply

    def flush(self) -> None:
        """Send the exchanges waiting in the outbox, as one message."""
        self.flush_scheduled = False
        if self.outbox and self.died is None:
            batch, self.outbox = self.outbox, []
            self._send(encode_batch(batch))

    def drain(self) -> None:
        """Read every answer still owed."""
        while len(self.waiting) > self.waiting_from:
            self._read_one()

    def close(self) -> int | None:
        """Drain, let the writer close its file and exit; its exit code (None if it had to be killed)."""
        self.drain()
        self.connection.close()  # the writer reads end-of-file: it closes its file and exits
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return None

    def _send(self, message: bytes) -> None:
        try:
            self.connection.send_bytes(message)
        except OSError:
            self._writer_died()

    def read_ready(self) -> None:
        """Read the answers already there, without waiting."""
        try:
            while self.died is None and self.connection.poll():
                self._read_one()
        except OSError:
            self._writer_died()

    def _read_one(self) -> None:
        """Read one answer (blocking), or find the writer gone and answer for it."""
        self.flush()  # never wait for an answer to what was not sent
        if self.died is not None:
            self._answer_unwritten()
            return
        try:
            replies = decode_replies(self.connection.recv_bytes())
        except (EOFError, OSError):
            self._writer_died()
            self._answer_unwritten()
            return
        for reply in replies:
            pending = self.waiting[self.waiting_from]
            self.waiting_from += 1
            self._answer(pending, reply)
        if self.waiting_from > 1024:  # keep the list short
            del self.waiting[: self.waiting_from]
            self.waiting_from = 0

    def _answer(self, pending: Pending, reply: Reply) -> None:
        pending.reply = reply
        self.on_reply(reply)
        if pending.then is not None:
            pending.then(reply)

    def _answer_unwritten(self) -> None:
        for pending in self.waiting[self.waiting_from :]:
            self._answer(pending, NotArchived(pending.url, self.died or "the WARC writer process is gone"))
        self.waiting, self.waiting_from, self.outbox = [], 0, []

    def _writer_died(self) -> None:
        if self.died is None:
            try:
                code = self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                code = None
            self.died = f"the WARC writer process (pid {self.process.pid}) died (exit code {code})"


def serve(connection: Connection) -> None:
    """The writer's loop: a config, then batches of exchanges until end-of-file; one answer per exchange,
    a batch of answers per batch."""
    config = decode_config(connection.recv_bytes())
    archiver = RecordArchiver(RotatingWarcWriter(Path(config.pop("directory")), **config))
    answering = True
    try:
        while True:
            try:
                batch = decode_batch(connection.recv_bytes())
            except EOFError:  # the crawl is done, or was killed: all it sent is written
                return
            replies = [archiver.archive_safely(exchange) for exchange in batch]
            if answering:
                try:
                    connection.send_bytes(encode_replies(replies))
                except OSError:  # the crawl is gone: still write what it sent
                    answering = False
    finally:
        archiver.close()


def main(argv: list[str]) -> None:
    # The crawl stops on Ctrl-C or SIGTERM to its process group, then still sends what it received:
    # the writer leaves when the crawl closes the pipe (or dies), never on those signals.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    serve(Connection(int(argv[0])))


if __name__ == "__main__":
    main(sys.argv[1:])
