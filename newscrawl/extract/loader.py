"""ArticleLoader: field processors, and the loop that fills it layer by layer."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, ClassVar

from itemloaders.processors import Identity, Join, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from newscrawl.core.dates import parse_date_for_site, precision_for_site
from newscrawl.extract.layers import LAYERS
from newscrawl.extract.page import ArticlePage
from newscrawl.extract.walk import PageWalk
from newscrawl.crawler.items import ArticleItem
from newscrawl.core.text import content_hash, normalize_urdu, unique, valid_unicode
from newscrawl.core.urls import canonicalize_url

logger = logging.getLogger(__name__)

#: Fields read off the same text as another field's winning value: the precision of a date
#: is what the text ``published_at`` was parsed from stated, not what another layer stated.
COMPANIONS = {"published_at": "published_precision"}


def clean_related(link: dict[str, str]) -> dict[str, str] | None:
    """A read-also link with a canonical URL and a normalized title.

    >>> clean_related({"url": "http://x.com/ur/news/1/a?utm_source=t", "title": " سرخی "})
    {'url': 'http://x.com/ur/news/1/a', 'title': 'سرخی'}
    >>> clean_related({"url": "", "title": "x"}) is None
    True
    """
    if not link.get("url"):
        return None
    return {"url": canonicalize_url(link["url"]), "title": normalize_urdu(link.get("title"))}


def unique_by_url(links: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """Keep the first link to each URL.

    >>> unique_by_url([{"url": "a", "title": "1"}, {"url": "a", "title": "2"}])
    [{'url': 'a', 'title': '1'}]
    """
    return list({link["url"]: link for link in reversed(list(links))}.values())[::-1]


def none_if_empty(value: str) -> str | None:
    """Empty strings become ``None`` so TakeFirst moves on to the next layer.

    >>> none_if_empty("") is None
    True
    """
    return value or None


class ArticleLoader(ItemLoader):
    """Every field normalized on the way in; one value (or one list) on the way out."""

    default_item_class = ArticleItem
    default_input_processor = MapCompose(normalize_urdu, none_if_empty)
    default_output_processor = TakeFirst()

    url_in = canonical_url_in = MapCompose(str.strip, none_if_empty, canonicalize_url)
    site_in = language_in = article_id_in = crawled_at_in = content_hash_in = Identity()
    published_at_in = MapCompose(parse_date_for_site)  # the site's zone from the loader context
    published_precision_in = MapCompose(precision_for_site)  # fed the text published_at took
    body_out = Join("\n\n")
    keywords_out = unique
    read_also_in = MapCompose(clean_related)
    read_also_out = unique_by_url

    # itemloaders looks each field's processors up on every call, through an ItemAdapter
    # of the item's field metadata: 7% of extraction time. They are fixed per class.
    _processor_cache: ClassVar[dict[tuple[type, str, str], Callable[..., Any]]] = {}

    def get_input_processor(self, field_name: str) -> Callable[..., Any]:
        return self._cached_processor("in", field_name, super().get_input_processor)

    def get_output_processor(self, field_name: str) -> Callable[..., Any]:
        return self._cached_processor("out", field_name, super().get_output_processor)

    def _cached_processor(
        self, direction: str, field_name: str, look_up: Callable[[str], Callable[..., Any]]
    ) -> Callable[..., Any]:
        key = (type(self), direction, field_name)
        processor = self._processor_cache.get(key)
        if processor is None:
            processor = self._processor_cache[key] = look_up(field_name)
        return processor


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while one page is read.

    Reading a real page allocates tens of thousands of small tuples and lists (the walk's
    pieces and frames, lines, candidates) that live until the page is done and are then
    freed by reference counting. With the collector on, a collection runs every 700
    allocations and traverses (and promotes) every one of them still alive, several times
    over: 11% of ``parse_article`` at real weight, more in a crawl's larger heap. The page
    forgets what it read before the collector runs again (``ArticlePage.forget``), so that
    collection does not traverse it either (another 6%). Reference cycles the page makes are
    collected by the first collection after it, as before.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    if not gc.isenabled():  # paused already (a caller, a test): left as it is
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def load_article(
    page: ArticlePage,
    loader: ArticleLoader,
    on_strategy: Callable[[str, str], Any] = lambda field, strategy: None,
    on_warning: Callable[[str], Any] = lambda problem: None,
    on_read: Callable[[PageWalk], Any] = lambda walk: None,
) -> ArticleItem:
    """Fill *loader* from *page*, field by field, taking the first layer that yields a value.

    *on_strategy* is told which strategy won each field ("missing" when none did),
    so the spider can count them in the crawl stats. A strategy that raises (JSON-LD
    nested past the recursion limit, a date no datetime holds) or yields text with a
    lone surrogate is a broken layer, not a broken page: it is logged, *on_warning*
    hears ``strategy_error/<field>``, and the next layer is tried. *on_read* gets the page's
    walk once every field is read, before the page forgets it: the site learner reads its blocks
    off that walk instead of walking the tree again (newscrawl.extract.blocks).
    """
    with collector_paused():
        try:
            item = _load(page, loader, on_strategy, on_warning)
            on_read(page.walk)
            return item
        finally:
            page.forget()  # freed before the collector runs again, not traversed by it


def _load(
    page: ArticlePage,
    loader: ArticleLoader,
    on_strategy: Callable[[str, str], Any],
    on_warning: Callable[[str], Any],
) -> ArticleItem:
    for field_name, layers in LAYERS.items():
        for strategy_name, strategy in layers:
            try:
                value = strategy(page)
                if not value:
                    continue
                if not valid_unicode(value):
                    raise UnicodeError("lone surrogate in the value")
                loader.add_value(field_name, value)
            except Exception as error:  # noqa: BLE001 - whatever one layer hits, the others still read the page
                logger.warning(
                    "Strategy %s of %s failed on %s (%s: %.200s); next layer used "
                    "(newscrawl/warnings/strategy_error/%s)",
                    strategy_name,
                    field_name,
                    page.url,
                    type(error).__name__,
                    error,
                    field_name,
                )
                on_warning(f"strategy_error/{field_name}")
                continue
            if loader.get_collected_values(field_name):
                on_strategy(field_name, strategy_name)
                if field_name in COMPANIONS:
                    loader.add_value(COMPANIONS[field_name], value)
                break
        else:
            on_strategy(field_name, "missing")
    item = loader.load_item()
    item.setdefault("keywords", [])
    item.setdefault("read_also", [])
    for optional in ("canonical_url", "published_at", "published_precision", "published_text", "summary", "source"):
        item.setdefault(optional, None)
    item["crawled_at"] = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    if item.get("headline") and item.get("body"):
        item["content_hash"] = content_hash(item["headline"], item["body"])
    return item
