"""A crawl whose downloads come from WARC files: the site spiders and pipelines, unchanged.

``ArchiveReplaySpider`` reads the archive and yields one request per archived
article page, routed to the site spider that knows the page's host (or to the
``--site`` spider); ``ReplayMiddleware`` answers each request with its archived
response, so every downloader middleware after it (decompression, charset
checks), the site's ``parse_article``, the provenance stamp and the item
pipelines run exactly as in a crawl. Nothing is fetched: a request without an
archived response is refused.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.spiderloader import SpiderLoader

from newscrawl.spiders.base import NewsSpider
from newscrawl.warc import PROVENANCE_META, REPLAY_DATE_META
from newscrawl.warc.reader import ArchivedResponse, ReadCounts, read_record_at, read_responses

ARCHIVED_META = "newscrawl_archived_response"


def crawl_time(warc_date: str) -> str:
    """A WARC-Date as the record's ``crawled_at`` (ISO 8601 UTC, whole seconds, as a crawl writes it).

    >>> crawl_time("2026-11-29T22:45:36.104965Z")
    '2026-11-29T22:45:36+00:00'
    """
    return datetime.fromisoformat(warc_date.replace("Z", "+00:00")).replace(microsecond=0).isoformat()


def site_hosts(spider_class: type[NewsSpider]) -> tuple[str, ...]:
    """The host names a site file claims: its live base URL's and its extra domains."""
    own = urlsplit(spider_class.default_base_url).hostname or ""
    return tuple(host.lower() for host in (own, *spider_class.extra_domains) if host)


def _on_hosts(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains)


class ReplayMiddleware:
    """Downloader middleware: the archived response, or a refusal; never the network."""

    def process_request(self, request: scrapy.Request) -> Response:
        archived: ArchivedResponse | None = request.meta.pop(ARCHIVED_META, None)
        if archived is None:
            raise IgnoreRequest(f"not in the archive (reextract never fetches): {request.url}")
        headers = Headers()
        for name, value in archived.headers:
            headers.appendlist(name, value)
        response_class = responsetypes.from_args(headers=headers, url=archived.uri, body=archived.body)
        return response_class(url=archived.uri, status=archived.status, headers=headers, body=archived.body,
                              request=request)


class ArchiveReplaySpider(scrapy.Spider):
    """Yields the archived article pages of this worker's share, parsed by their sites' spiders."""

    name = "reextract"

    def __init__(self, files: list[str], site: str | None = None, worker: int = 0, workers: int = 1,
                 progress: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.files = [Path(path) for path in files]
        self.forced_site = site
        self.worker, self.workers = worker, workers
        self.progress = progress  # shared counters: [bytes read, records read, articles]
        self.counts = ReadCounts()
        self.site_classes: dict[str, type[NewsSpider]] = {}
        self.instances: dict[tuple[str, str | None], NewsSpider] = {}
        #: payload digest -> (file, offset) of archived article pages, to resolve revisit records
        self.originals: dict[str, tuple[Path, int]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> "ArchiveReplaySpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        loader = SpiderLoader.from_settings(crawler.settings)
        for name in loader.list():
            spider_class = loader.load(name)
            if issubclass(spider_class, NewsSpider):
                spider.site_classes[name] = spider_class
        if spider.forced_site is not None and spider.forced_site not in spider.site_classes:
            raise ValueError(f"no site named {spider.forced_site!r}; known: {', '.join(sorted(spider.site_classes))}")
        crawler.signals.connect(spider.count_article, signal=signals.item_scraped)
        return spider

    # -- which site, which pages -----------------------------------------------------

    def site_for(self, url: str) -> NewsSpider | None:
        """The site spider for *url*: the forced one, else the one whose site file claims the host."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if self.forced_site is not None:
            site_class = self.site_classes[self.forced_site]
            # a page of another host (a mirror): the spider as `-a base_url=` of that origin would be
            base = None if _on_hosts(host, site_hosts(site_class)) else f"{parts.scheme}://{parts.netloc}"
        else:
            claimed = next((c for c in self.site_classes.values() if _on_hosts(host, site_hosts(c))), None)
            if claimed is None:
                return None
            site_class, base = claimed, None
        key = (site_class.name, base)
        if key not in self.instances:
            self.instances[key] = site_class.from_crawler(self.crawler, base_url=base)
        return self.instances[key]

    def wanted(self, url: str, status: int, content_type: str, record_type: str) -> bool:
        """An archived response worth replaying: a 2xx article page of a known site."""
        stats = self.crawler.stats
        if not 200 <= status < 300:
            stats.inc_value("newscrawl/reextract/skipped/not_2xx")
            return False
        site = self.site_for(url)
        if site is None:
            stats.inc_value("newscrawl/reextract/skipped/unknown_host")
            return False
        if getattr(site, "article_url", None) is None:  # a generic spider: it tests the page itself
            if "html" not in content_type.lower():
                stats.inc_value("newscrawl/reextract/skipped/not_html")
                return False
            return True
        if not site.is_article_url(url):
            stats.inc_value("newscrawl/reextract/skipped/not_article_url")
            return False
        return True

    # -- the crawl --------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for request in self.requests():
            yield request

    def requests(self) -> Iterator[scrapy.Request]:
        done = 0
        candidates = 0
        for path in self.files:
            def position(offset: int, done: int = done) -> None:
                if self.progress is not None:
                    self.progress[0], self.progress[1] = done + offset, self.counts.records
            for found in read_responses(path, self.wanted, self.counts, position):
                archived = self.resolve(found) if found.record_type == "revisit" else found
                if archived is None:
                    continue
                if archived.record_type != "revisit" and archived.digest:
                    self.originals.setdefault(archived.digest, (path, archived.offset))
                candidates += 1
                if candidates % self.workers != self.worker:
                    continue
                self.crawler.stats.inc_value("newscrawl/reextract/replayed")
                yield scrapy.Request(
                    archived.uri, callback=self.parse_record, errback=self.on_refused, dont_filter=True,
                    meta={ARCHIVED_META: archived, PROVENANCE_META: archived.provenance,
                          REPLAY_DATE_META: crawl_time(archived.date) if archived.date else None,
                          "is_article": True})
            done += path.stat().st_size
        self.crawler.stats.set_value("newscrawl/reextract/damaged", len(self.counts.damaged))
        self.crawler.stats.set_value("newscrawl/reextract/records_read", self.counts.records)
        self.crawler.stats.set_value("newscrawl/reextract/damaged_at",
                                     [f"{d.file}@{d.offset}: {d.why}" for d in self.counts.damaged])

    def resolve(self, revisit: ArchivedResponse) -> ArchivedResponse | None:
        """A revisit record with its original's payload (identical by digest), or None if unknown."""
        where = self.originals.get(revisit.digest or "")
        original = read_record_at(*where) if where else None
        if original is None:
            self.crawler.stats.inc_value("newscrawl/reextract/skipped/revisit_unresolved")
            self.logger.warning("Skipped revisit of %s: its original payload is not in these files "
                                "(newscrawl/reextract/skipped/revisit_unresolved)", revisit.uri)
            return None
        revisit.body = original.body
        return revisit

    def parse_record(self, response: Response) -> Iterator[Any]:
        """The site's own article callback; its follow-up requests are dropped (nothing is fetched)."""
        site = self.site_for(response.url)
        assert site is not None
        for obj in site.parse_article(response):
            if not isinstance(obj, scrapy.Request):
                yield obj

    def on_refused(self, failure: Any) -> None:
        self.logger.warning("Not replayed: %s", failure.getErrorMessage())

    def count_article(self) -> None:
        if self.progress is not None:
            self.progress[2] += 1
