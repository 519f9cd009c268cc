"""One parsed article page, and every way of reading a field off it.

Live news markup is unknown and changes without notice, so nothing here hangs
on one class name. Each ``ArticlePage`` method is one *strategy* for one field,
from one of four families, each in its own module:

- ``metadata``: what the publisher declares for machines (JSON-LD, ``<meta>``, ``<link>``);
- ``labels``: the sections a page labels in Urdu (date line, source, keywords, read-also);
- ``body``: the article's own paragraphs, lead and ``<time>``, found by text density;
- ``selectors``: the site's CSS selectors, the last resort;
- ``published``: declarations of the date that disagree, microdata, htmldate.

They all read the one walk over the page's ``<body>`` (``walk``);
``newscrawl.extract.layers`` lists the strategies per field in order of trust.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

from lxml import etree
from parsel.selector import create_root_node
from scrapy.http import TextResponse

from newscrawl.extract.body import BodyStrategies
from newscrawl.extract.labels import LABEL_ROOM, LabelStrategies
from newscrawl.extract.metadata import MetadataStrategies
from newscrawl.extract.published import PublishedStrategies
from newscrawl.extract.selectors import SelectorStrategies, SiteSelectors
from newscrawl.extract.walk import Element, PageWalk, walk_page

__all__ = ["ArticlePage", "Element", "SiteSelectors", "parse_html", "parse_response"]


class ReaderParser(etree.HTMLParser):
    """lxml's HTML parser, keeping no comments nor processing instructions: the text after one
    (``<p><!-- x -->Text</p>``: Svelte prints every paragraph so) joins the text before it, as a
    reader sees it. Kept, it is the comment's tail, which lxml's ``iterwalk`` (the walk) never
    reaches: the article was lost.

    Nor a table of the page's ``id`` attributes (``collect_ids=False``): libxml2 fills it as it
    parses, for XPath's ``id()``, which nothing here calls (CSS ``#x`` is ``@id = 'x'``); the
    tree is the same, its parse ~4% faster on a real-weight page.

    >>> root = etree.fromstring('<p id="a">x</p>', ReaderParser())
    >>> root.xpath("//*[@id = 'a']/text()"), root.xpath("id('a')")
    (['x'], [])
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(remove_comments=True, remove_pis=True, collect_ids=False, **options)


def parse_html(text: str = "", base_url: str | None = None, *, body: bytes = b"", encoding: str = "utf-8") -> Element:
    """An article page's tree, parsed as Scrapy's own selector parses it (parsel's
    ``create_root_node``), minus the ``lxml.html`` element classes, whose Python-level
    class lookup runs for every node Python touches, and minus comments (``ReaderParser``).

    >>> parse_html("<p>سرخی</p>").findtext(".//p")
    'سرخی'
    >>> parse_html(body="<p>سرخی</p>".encode()).findtext(".//p")
    'سرخی'
    >>> parse_html("<p>سر<!-- x -->خی</p>").findtext(".//p")
    'سرخی'
    """
    return create_root_node(text, ReaderParser, base_url=base_url, body=body, encoding=encoding)


def parse_response(response: TextResponse) -> Element:
    """The tree of *response*, parsed from its bytes in the encoding Scrapy detected
    (``response.encoding``): UTF-8 pages are never decoded to ``str`` and encoded back."""
    return parse_html(body=response.body, encoding=response.encoding)


@dataclass
class ArticlePage(MetadataStrategies, LabelStrategies, BodyStrategies, SelectorStrategies, PublishedStrategies):
    """An article page parsed once; its methods read fields off it by one strategy each."""

    root: Element
    url: str
    selectors: SiteSelectors = field(default_factory=SiteSelectors)
    is_article_url: Callable[[str], bool] = lambda url: True
    urljoin: Callable[[str], str] = lambda href: href
    problems: list[str] = field(default_factory=list)

    @cached_property
    def head(self) -> Element | None:  # type: ignore[override]
        return self.root.find("head")

    @cached_property
    def walk(self) -> PageWalk:  # type: ignore[override]
        body = self.root.find("body")
        return walk_page(body if body is not None else self.root, LABEL_ROOM)

    @property
    def site_names(self) -> tuple[str, ...]:  # type: ignore[override]
        return self.selectors.site_names

    def forget(self) -> None:
        """Drop everything read off the tree (the walk, sections, metadata: cached properties),
        so it is freed now; whatever is asked again is read again."""
        kept = {f.name for f in fields(self)}
        for name in [name for name in vars(self) if name not in kept]:
            del self.__dict__[name]
