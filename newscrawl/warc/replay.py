"""A crawl whose downloads come from WARC files: the site's own spider and pipelines, unchanged.

For each site found in the archive, :func:`replay_spider` makes a subclass of that
site's spider whose ``start()`` yields the archived pages of the site instead of
its start URLs; ``ReplayMiddleware`` answers each request with its archived
response. So the crawler's spider *is* the site spider (its URL shapes, names,
languages), every downloader middleware after the replay (decompression, charset
checks), ``parse_listing`` and ``parse_article``, the quality gates (which learn the
site's furniture from listing and article pages, in archive order, as in the crawl)
and the pipelines run as in a crawl. Follow-up requests are dropped: nothing is
fetched, and a request without an archived response is refused.
"""

from __future__ import annotations

import inspect

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from newscrawl.core.urls import on_hosts
from newscrawl.spiders.base import NewsSpider
from newscrawl.warc import PROVENANCE_META, REPLAY_DATE_META
from newscrawl.warc.reader import ArchivedResponse, ReadCounts, crawl_time, read_record_at, read_responses


ARCHIVED_META = "newscrawl_archived_response"

#: (site name, base URL or None for the live site's hosts): one crawler each
SiteKey = tuple[str, str | None]


def site_hosts(spider_class: type[NewsSpider]) -> tuple[str, ...]:
    """The host names a site file claims: its live base URL's and its extra domains."""
    own = urlsplit(spider_class.default_base_url).hostname or ""
    return tuple(host.lower() for host in (own, *spider_class.extra_domains) if host)


@dataclass
class Router:
    """Which site's spider reads an archived page, and as what (article, listing, or skipped why)."""

    site_classes: dict[str, type[NewsSpider]]
    forced: str | None = None
    spiders: dict[SiteKey, NewsSpider] = field(default_factory=dict)

    def key(self, url: str) -> SiteKey | None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if self.forced is not None:
            site_class = self.site_classes[self.forced]
            # a page of another host (a mirror): the spider as `-a base_url=` of that origin is
            if on_hosts(host, site_hosts(site_class)):
                return self.forced, None
            return self.forced, f"{parts.scheme}://{parts.netloc}"
        name = next((name for name, c in self.site_classes.items() if on_hosts(host, site_hosts(c))), None)
        return None if name is None else (name, None)

    def spider(self, key: SiteKey) -> NewsSpider:
        """A spider of that site to judge URLs with (no crawler: it never crawls)."""
        if key not in self.spiders:
            self.spiders[key] = self.site_classes[key[0]](base_url=key[1])
        return self.spiders[key]

    def classify(self, url: str, status: int, content_type: str) -> tuple[SiteKey | None, str]:
        """(site key, "article" | "listing" | a skip reason) for one archived response."""
        if not 200 <= status < 300:
            return None, "not_2xx"
        key = self.key(url)
        if key is None:
            return None, "unknown_host"
        spider = self.spider(key)
        html = "html" in content_type.lower()
        if getattr(spider, "article_url", None) is None:  # a generic spider: it tests each page itself
            return (key, "article") if html else (None, "not_html")
        if spider.is_article_url(url):
            return key, "article"  # not HTML too: parse_article drops it as not_html, as a crawl does
        return (key, "listing") if html else (None, "not_article_url")


@dataclass
class ReplayPlan:
    """What one replay crawler reads: its site, the files, its share of the article pages."""

    files: list[str]
    key: SiteKey
    forced: str | None
    worker: int = 0
    workers: int = 1
    progress: Any = None  # shared counters: [bytes read, records read, articles]


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
        return response_class(
            url=archived.uri, status=archived.status, headers=headers, body=archived.body, request=request
        )


class ReplayMixin:
    """Mixed into a site spider by :func:`replay_spider`."""

    plan: ReplayPlan
    crawler: Any
    logger: Any

    def setup_replay(self, plan: ReplayPlan, site_classes: dict[str, type[NewsSpider]]) -> None:
        self.plan = plan
        self.router = Router(site_classes, plan.forced)
        self.originals: dict[str, tuple[Path, int]] = {}  # payload digest -> where, to resolve revisits
        self.crawler.signals.connect(self.count_article, signal=signals.item_scraped)

    async def start(self) -> AsyncIterator[Any]:
        for request in self.replayed_requests():
            yield request

    def replayed_requests(self) -> Iterator[scrapy.Request]:
        plan, done, articles = self.plan, 0, 0
        last_kind = ["article"]  # read_responses yields a record right after accepting it

        def wanted(url: str, status: int, content_type: str, record_type: str) -> bool:
            key, last_kind[0] = self.router.classify(url, status, content_type)
            return key == plan.key

        counts = ReadCounts()
        for path in map(Path, plan.files):

            def position(offset: int, done: int = done) -> None:
                if plan.progress is not None:
                    plan.progress[0] = max(plan.progress[0], done + offset)
                    plan.progress[1] = max(plan.progress[1], counts.records)

            max_bytes = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
            for found in read_responses(path, wanted, counts, position, max_bytes):
                kind = last_kind[0]
                if found.record_type != "revisit" and found.digest:
                    self.originals.setdefault(found.digest, (path, found.offset))
                if kind == "article":
                    articles += 1
                    if articles % plan.workers != plan.worker:
                        continue  # another worker's page (every worker replays every listing page)
                counted = kind == "article" or plan.worker == 0  # every worker replays the listing pages
                archived = self.resolve(found, counted) if found.record_type == "revisit" else found
                if archived is None:
                    continue
                if counted:
                    self.crawler.stats.inc_value(f"newscrawl/reextract/replayed/{kind}")
                callback = self.replay_article if kind == "article" else self.replay_listing
                yield scrapy.Request(
                    archived.uri,
                    callback=callback,
                    dont_filter=True,
                    meta={
                        ARCHIVED_META: archived,
                        PROVENANCE_META: archived.provenance,
                        REPLAY_DATE_META: crawl_time(archived.date) if archived.date else None,
                        "is_article": kind == "article",
                    },
                )
            done += path.stat().st_size

    def resolve(self, revisit: ArchivedResponse, counted: bool = True) -> ArchivedResponse | None:
        """A revisit record with its original's payload (identical by digest), or None if not in the files."""
        where = self.originals.get(revisit.digest or "")
        original = read_record_at(*where) if where else None
        if original is None:
            if counted:
                self.crawler.stats.inc_value("newscrawl/reextract/skipped/revisit_unresolved")
            self.logger.warning(
                "Skipped revisit of %s: its original payload is not in these files "
                "(newscrawl/reextract/skipped/revisit_unresolved)",
                revisit.uri,
            )
            return None
        revisit.body = original.body
        return revisit

    def replay_article(self, response: Response) -> Iterator[Any]:
        """The site's own article callback; its follow-up requests are dropped (nothing is fetched).

        The generic spider's is ``parse_page``: its article test and its ``article_id`` rule
        (a hash of the canonical URL) run as in ``crawl urdu``; a listing page yields nothing.
        """
        callback = getattr(self, "parse_page", None) or self.parse_article  # type: ignore[attr-defined]
        results = callback(response)
        if inspect.isasyncgen(results):  # a feed (never started): it leads only to requests, nothing is fetched
            return
        for obj in results:
            if not isinstance(obj, scrapy.Request):
                yield obj

    def replay_listing(self, response: Response) -> Iterator[Any]:
        """The site's listing callback, for what the quality gates learn from listings; requests dropped."""
        for obj in self.parse_listing(response) or ():  # type: ignore[attr-defined]
            if not isinstance(obj, scrapy.Request):
                yield obj

    def count_article(self) -> None:
        if self.plan.progress is not None:
            self.plan.progress[2] += 1


def replay_spider(site_class: type[NewsSpider], part: str) -> type[NewsSpider]:
    """*site_class* reading the archive, writing its records to *part* (the JSONL pipeline)."""
    custom = {
        **(site_class.custom_settings or {}),
        "NEWSCRAWL_JSONL_PATH": part,
        "NEWSCRAWL_REPORT_PATH": str(Path(part).with_suffix(".report.json")),
    }

    class Replayed(ReplayMixin, site_class):  # type: ignore[valid-type,misc]  # a class made at run time
        name = site_class.name
        custom_settings = custom

        def __init__(
            self, *args: Any, plan: ReplayPlan, site_classes: dict[str, type[NewsSpider]], **kwargs: Any
        ) -> None:
            super().__init__(*args, base_url=plan.key[1], **kwargs)
            self._replay_args = (plan, site_classes)

        @classmethod
        def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Any:
            spider = super().from_crawler(crawler, *args, **kwargs)
            spider.setup_replay(*spider._replay_args)
            return spider

    Replayed.__name__ = Replayed.__qualname__ = f"Replay{site_class.__name__}"
    return Replayed
