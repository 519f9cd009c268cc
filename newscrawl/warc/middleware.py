"""Archive every response as WARC, and stamp each record with where its page is.

``WarcArchiveMiddleware`` (downloader middleware, priority 950: closest to the
network, after HttpCacheMiddleware) sees each response as it came over the wire,
before decompression, redirects, retries and robots.txt handling: articles,
listings, sitemaps, feeds, robots.txt (Scrapy's RobotsTxtMiddleware fetches it
through the engine, so it passes here too) and error pages alike. Each becomes a
``request`` + ``response`` pair; a body already archived in this run becomes a
``revisit`` record (identical-payload-digest profile). Failed downloads without a
response (DNS, timeouts) have nothing to archive.

``WarcProvenanceMiddleware`` (spider middleware) copies the response's place in
the archive onto every article record: ``warc`` = ``{file, offset, record_id}``,
or ``None`` when archiving is off.

Settings: ``NEWSCRAWL_WARC_DIR`` (None: off), ``NEWSCRAWL_WARC_MAX_SIZE``, ``NEWSCRAWL_WARC_GZIP_LEVEL``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from newscrawl import __version__
from newscrawl.crawler.items import ArticleItem
from newscrawl.warc import PROVENANCE_META, REPLAY_DATE_META
from newscrawl.warc.records import Archived, Exchange, NotArchived
from newscrawl.warc.writer_process import Pending, WriterProcess

logger = logging.getLogger(__name__)

#: hop-by-hop framing Scrapy's downloader already undid; kept under the name web archives use
_UNDONE_FRAMING = {"transfer-encoding"}


class WarcArchiveMiddleware:
    def __init__(self, crawler: Crawler, directory: Path, max_size: int, gzip_level: int = 6) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.directory = directory
        self.config: dict[str, Any] = {"directory": str(directory), "max_size": max_size, "gzip_level": gzip_level}
        self.writer: WriterProcess | None = None
        self.told_death = False
        crawler.signals.connect(self.wait_for_writes, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "WarcArchiveMiddleware":
        directory = crawler.settings.get("NEWSCRAWL_WARC_DIR")
        if not directory:
            raise NotConfigured
        settings = crawler.settings
        return cls(
            crawler,
            Path(directory),
            settings.getint("NEWSCRAWL_WARC_MAX_SIZE"),
            settings.getint("NEWSCRAWL_WARC_GZIP_LEVEL"),
        )

    def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags:  # HttpCacheMiddleware's copy: archived when it was fetched
            return response
        # Records are built, compressed and written by the writer process, in arrival order: the
        # crawl's thread only copies the exchange and sends it (newscrawl/warc/writer_process.py).
        pending = self._writer().submit(Exchange.of(request, response))
        request.meta[PROVENANCE_META] = PendingProvenance(self._writer(), pending)
        return response

    def wait_for_writes(self) -> None:
        """Idle: everything received is written, so the run's report (written at close) counts it all."""
        if self.writer is not None:
            self.writer.drain()

    def on_reply(self, reply: Archived | NotArchived) -> None:
        """The writer's answer for one response, in the crawl's thread: stats and logs."""
        if isinstance(reply, NotArchived):
            self.stats.inc_value("newscrawl/warc/write_errors")
            if self.writer is None or reply.why != self.writer.died:
                logger.error("Could not archive %s: %s (newscrawl/warc/write_errors)", reply.url, reply.why)
            elif not self.told_death:  # once, loudly: every later response is counted, not logged
                self.told_death = True
                logger.error(
                    "%s: responses from %s on are not archived (their records have warc: null; "
                    "newscrawl/warc/write_errors)",
                    reply.why,
                    reply.url,
                )
            return
        if reply.opened is not None:
            logger.info("Archiving responses into %s", self.directory / reply.opened)
        if reply.revisit:
            self.stats.inc_value("newscrawl/warc/revisits")
        self.stats.inc_value("newscrawl/warc/bytes", reply.size)
        self.stats.inc_value("newscrawl/warc/records")
        self.stats.set_value("newscrawl/warc/files", reply.files_opened)

    def spider_closed(self) -> None:
        if self.writer is None:
            return
        reactor_of().removeReader(self.answers)
        code = self.writer.close()  # every response received is on disk before the run ends
        if code != 0 and self.writer.died is None:
            logger.error("The WARC writer process exited with code %s after the crawl", code)

    def _writer(self) -> WriterProcess:
        if self.writer is None:
            spider = self.crawler.spider
            prefix = spider.name if spider is not None else self.crawler.settings.get("BOT_NAME", "newscrawl")
            config = {**self.config, "prefix": prefix, "software": f"newscrawl/{__version__}"}
            self.writer = WriterProcess(config, self.on_reply, lambda flush: reactor_of().callLater(0, flush))
            self.answers = _Answers(self.writer)
            reactor_of().addReader(self.answers)
            logger.info("WARC writer process started (pid %d)", self.writer.pid)
        return self.writer


class PendingProvenance:
    """The provenance of a response still being written (a request stored in JOBDIR or Redis drops it:
    the request codec keeps JSON data only)."""

    def __init__(self, writer: WriterProcess, pending: Pending) -> None:
        self.writer = writer
        self.pending = pending

    def get(self) -> dict[str, Any] | None:
        """The provenance, waiting for it (blocks the crawl's thread: tests and tools, not the crawl)."""
        return _provenance(self.writer.wait_for(self.pending))

    def now(self) -> dict[str, Any] | None | PendingProvenance:
        """The provenance if the writer has answered (the reactor reads answers as they come), else self."""
        return self if self.pending.reply is None else _provenance(self.pending.reply)

    async def wait(self) -> dict[str, Any] | None:
        """The provenance, once the writer's answer is read by the reactor; the crawl goes on meanwhile."""
        if self.pending.reply is None:
            answered: Deferred[Any] = Deferred()
            self.pending.then = answered.callback
            await maybe_deferred_to_future(answered)
        assert self.pending.reply is not None
        return _provenance(self.pending.reply)


def _provenance(reply: Archived | NotArchived) -> dict[str, Any] | None:
    return reply.provenance() if isinstance(reply, Archived) else None


class _Answers:
    """The writer's end of the pipe as a reactor reader: answers are read as soon as they arrive."""

    def __init__(self, writer: WriterProcess) -> None:
        self.writer = writer

    def fileno(self) -> int:
        return self.writer.connection.fileno()

    def doRead(self) -> None:
        self.writer.read_ready()
        if self.writer.died is not None:  # end of file stays readable: stop watching it
            reactor_of().removeReader(self)

    def connectionLost(self, reason: object) -> None:
        pass

    def logPrefix(self) -> str:
        return "warc-writer"


def reactor_of() -> Any:
    from twisted.internet import reactor

    return reactor


class WarcProvenanceMiddleware:
    """Sets ``warc`` on every article record (None when archiving is off); on replay, ``crawled_at``."""

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for obj in result:
            yield self.stamp(response, obj)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in result:
            yield self.stamp(response, obj)

    @staticmethod
    def stamp(response: Response, obj: Any) -> Any:
        if isinstance(obj, ArticleItem):
            meta = response.meta
            provenance = meta.get(PROVENANCE_META)
            # not waited for here (that would stall the crawl): WarcProvenancePipeline awaits it
            obj["warc"] = provenance.now() if isinstance(provenance, PendingProvenance) else provenance
            if meta.get(REPLAY_DATE_META):
                obj["crawled_at"] = meta[REPLAY_DATE_META]
        return obj
