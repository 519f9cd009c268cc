"""ParseAheadMiddleware: real-weight pages parsed on another core while the crawl's thread extracts.

The parse of a real-weight page (100-280 KB) is the largest single cost of the crawl's thread: about
1.6 ms of 9 (docs/performance.md). lxml releases the GIL while libxml2 builds the tree, so a page
parsed in a worker thread (the reactor's pool, ``REACTOR_THREADPOOL_MAXSIZE``, as Scrapy's DNS
lookups and the feeds of newscrawl/spiders/discovery.py use it) is parsed on the machine's other core
while the crawl's thread goes on extracting the pages before it. Same parser, same bytes, same tree
(:func:`newscrawl.extract.page.parse_response`): every output is the one of a parse in place. The
work moves to another core; the CPU a page costs does not shrink.

A downloader middleware, last on a response's way in, so the tree is ready when the spider's
callback runs (:func:`page_tree` takes it). Until its parse is done a response still counts
among the downloader's ``CONCURRENT_REQUESTS``, and at most ``NEWSCRAWL_PARSE_AHEAD`` pages are
parsed at once: trees never pile up in memory, however fast pages arrive. Only requests whose
callback reads the page with :func:`page_tree` ask for it (``PARSE_AHEAD_KEY`` in their meta: article
pages, the generic spider's pages), and only 2xx HTML pages of ``NEWSCRAWL_PARSE_AHEAD_MIN_BYTES``
or more are sent: handing a 5 KB page to a thread and back costs more than its parse. Pages parsed
so are counted ``newscrawl/parse_ahead/pages``. ``NEWSCRAWL_PARSE_AHEAD = 0``: every page is
parsed in its callback.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import DeferredSemaphore
from twisted.internet.threads import deferToThread

from newscrawl.extract.page import Element, parse_html, parse_response

#: request.meta key: the request's callback reads its page with page_tree()
PARSE_AHEAD_KEY = "newscrawl_parse_ahead"

#: trees parsed ahead, until the callback takes them; a response that never reaches one frees its tree
_TREES: WeakKeyDictionary[Response, Element] = WeakKeyDictionary()


def page_tree(response: TextResponse) -> Element:
    """*response*'s tree: the one ParseAheadMiddleware parsed, else parsed now (``parse_response``:
    the same parser either way; a page lxml refuses raises ValueError)."""
    root = _TREES.pop(response, None)
    return root if root is not None else parse_response(response)


class ParseAheadMiddleware:
    def __init__(self, crawler: Crawler, ahead: int, min_bytes: int) -> None:
        self.crawler, self.min_bytes = crawler, min_bytes
        self.parsing = DeferredSemaphore(ahead)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParseAheadMiddleware:
        ahead = crawler.settings.getint("NEWSCRAWL_PARSE_AHEAD")
        if ahead <= 0:
            raise NotConfigured
        return cls(crawler, ahead, crawler.settings.getint("NEWSCRAWL_PARSE_AHEAD_MIN_BYTES", 32 * 1024))

    async def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(PARSE_AHEAD_KEY) and isinstance(response, TextResponse) and self.worth_a_thread(response):
            await maybe_deferred_to_future(self.parsing.acquire())
            try:
                root = await maybe_deferred_to_future(
                    deferToThread(parse_html, body=response.body, encoding=response.encoding)
                )
            except Exception:  # noqa: BLE001 - lxml refused it: the callback parses it again and handles it as ever
                return response
            finally:
                self.parsing.release()
            _TREES[response] = root  # a tree with no document in it: the callback drops the page, as ever
            self.crawler.stats.inc_value("newscrawl/parse_ahead/pages")
        return response

    def worth_a_thread(self, response: TextResponse) -> bool:
        """A 2xx HTML page of at least ``min_bytes``: what a callback would parse, big enough to pay."""
        if not 200 <= response.status < 300:
            return False
        content_type = (response.headers.get(b"Content-Type") or b"").lower()
        if content_type and b"html" not in content_type:  # a feed, a text file: the callback reads it
            return False
        # response.encoding is read here, in the crawl's thread: finding it may decode the body
        return len(response.body) >= self.min_bytes and bool(response.encoding)
