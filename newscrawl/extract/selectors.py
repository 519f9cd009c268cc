"""Strategies that read a field through the site's own CSS selectors: the last resort.

Every field but the body is read only near the article (``BodyStrategies.article_scopes``),
so a teaser, a logo ``<h1>`` or a related-links box elsewhere on a real page is never
taken for the article's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from lxml import etree
from lxml.cssselect import CSSSelector

from newscrawl.extract.labels import LABELS
from newscrawl.extract.pieces import flatten, paragraphs
from newscrawl.extract.walk import Element, Piece, element_text, is_noise, string_value
from newscrawl.core.date_lines import gregorian_part
from newscrawl.core.dates import parse_fast
from newscrawl.core.text import normalize_urdu, strip_label


@dataclass
class SiteSelectors:
    """A site's own CSS selectors: the last resort after metadata and labels."""

    headline: tuple[str, ...] = ("h1",)
    date: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    read_also: tuple[str, ...] = ()
    site_names: tuple[str, ...] = ()  # stripped from <title> ("... - اسلام ٹائمز")


_YEAR = re.compile(r"\d{4}|[۰-۹]{4}")
# Where an unlabelled date line stands: among the few texts right after the headline, else just before it.
AFTER_HEADLINE, BEFORE_HEADLINE = 8, 3
DATE_LINE_CHARS = 80
TEXT_STARTS = 200  # a block this long after the headline is the article's text


def _blank(element: Element) -> bool:
    """No text but XPath's white space (``not(normalize-space())``); then nothing inside has any."""
    return not string_value(element).strip(" \t\r\n")


def texts_after(element: Element, count: int) -> list[Element]:
    """The first *count* elements after *element* (not inside it) holding text, in page order:
    XPath's ``following::*[normalize-space()][position() <= count]``. That expression takes the
    string value of every element to the end of the page (1 ms on a real one); here a blank
    element is passed over with all it holds, and the search stops at *count*.

    >>> page = etree.fromstring("<div><h1>h</h1><p> </p><div><b>x</b></div><p>y</p></div>")
    >>> [e.tag for e in texts_after(page[0], 3)]
    ['div', 'b', 'p']
    """
    found: list[Element] = []
    for ancestor in chain((element,), element.iterancestors()):
        pending = list(ancestor.itersiblings(etree.Element))[::-1]  # a stack: next in page order last
        while pending:
            node = pending.pop()
            if _blank(node):
                continue
            found.append(node)
            if len(found) == count:
                return found
            pending.extend(list(node.iterchildren(etree.Element))[::-1])
    return found


def texts_before(element: Element, count: int) -> list[Element]:
    """The *count* nearest elements before *element* (not its ancestors) holding text, in page
    order, as XPath's ``preceding::*[normalize-space()][position() <= count]`` returns them.

    >>> page = etree.fromstring("<div><p>a</p><div><b>x</b><i> </i></div><h1>h</h1></div>")
    >>> [e.tag for e in texts_before(page[2], 2)]
    ['div', 'b']
    """
    found: list[Element] = []
    for ancestor in chain((element,), element.iterancestors()):
        for sibling in ancestor.itersiblings(etree.Element, preceding=True):  # nearest first
            pending: list[tuple[Element, bool]] = [(sibling, False)]  # (element, its descendants done)
            while pending:
                node, done = pending.pop()
                if done:
                    found.append(node)
                    if len(found) == count:
                        return found[::-1]
                elif not _blank(node):
                    pending.append((node, True))  # after its descendants: the page read backwards
                    pending.extend((child, False) for child in node.iterchildren(etree.Element))
    return found[::-1]


def is_date_line(text: str) -> bool:
    """A line that is a date and nothing else, in a shape the date parser reads without guessing
    (weekday, Hijri date and ``؍``/``ء`` marks aside).

    >>> is_date_line("جمعرات4؍ذی الحجہ 1442ھ15؍جولائی 2021ء"), is_date_line("<div>15 July 2021</div>"[5:-6])
    (True, True)
    >>> is_date_line("2021 میں پاکستان کی معیشت"), is_date_line("4 ذی الحجہ 1442ھ")
    (False, False)
    """
    if len(text) > DATE_LINE_CHARS or not _YEAR.search(text):
        return False
    gregorian = gregorian_part(normalize_urdu(text))
    return gregorian is not None and parse_fast(gregorian) is not None


@lru_cache(maxsize=256)
def compiled_css(selector: str) -> CSSSelector:
    """A CSS selector translated to XPath once per process, not once per page.

    ``element.cssselect(selector)`` parses the CSS and builds an XPath on every call.
    """
    return CSSSelector(selector, translator="html")


class SelectorStrategies:
    """The site-selector strategies of ``ArticlePage`` (see newscrawl.extract.layers)."""

    root: Element
    selectors: SiteSelectors
    if TYPE_CHECKING:  # from the other strategy families, as cached properties there

        @property
        def article_scopes(self) -> list[Element]: ...

        @property
        def lead_element(self) -> Element | None: ...

        @property
        def excluded(self) -> set[Element]: ...

    # from the other strategy families of ArticlePage
    inside_excluded: Callable[[Element], bool]
    related: Callable[[Iterable[Piece]], list[dict[str, str]]]
    clean_body: Callable[[list[str]], list[str]]

    def css(
        self, selectors: tuple[str, ...], outside_sections: bool = False, within: Element | None = None
    ) -> list[Element]:
        """Elements of the first selector that matches anything (in *within*, else the page).

        *outside_sections* ignores matches inside the keywords and read-also sections,
        for fields of the article itself: a teaser's ``related-lead`` is not our lead.
        """
        scope = self.root if within is None else within
        for selector in selectors:
            found = compiled_css(selector)(scope)
            if outside_sections:
                found = [element for element in found if not self.inside_excluded(element)]
            if found:
                return found
        return []

    def near_article(self, selectors: tuple[str, ...], outside_sections: bool = True) -> Iterator[Element]:
        """Matches of *selectors* (outside labelled sections), nearest article scope first.

        Also why a selector costs little on a real page: cssselect's class tests run
        string functions on every element of the tree they search (1-3 ms on 200 KB).
        """
        for scope in self.article_scopes:
            yield from self.css(selectors, outside_sections=outside_sections, within=scope)

    def _first_near_article(self, selectors: tuple[str, ...]) -> list[Element]:
        """The matches of the first selector that matches anything, in the nearest scope holding one."""
        for scope in self.article_scopes:
            found = self.css(selectors, within=scope)
            if found:
                return found
        return []

    def headline_from_selectors(self) -> str | None:
        return self.selector_headline

    @cached_property
    def selector_headline(self) -> str | None:
        """Read once: the headline layer and the body cleaner both ask."""
        for element in self.near_article(self.selectors.headline):
            text = element_text(element)
            if text:
                return text
        return None

    def date_from_selectors(self) -> str | None:
        for element in self.near_article(self.selectors.date):
            text = element.get("datetime") or element.get("title") or element_text(element)
            if text:
                return text
        return None

    def date_text_from_selectors(self) -> str | None:
        """The visible date line a site selector finds: its text, not its machine ``title``;
        the first that carries a year (``03:39pm`` alone is a clock, not a date line)."""
        for selector in self.selectors.date:
            for element in self.near_article((selector,)):
                text = element_text(element)
                if text and _YEAR.search(text):
                    return text
        return None

    def date_line_by_headline(self) -> str | None:
        """An unlabelled date line by the headline (``<div>جمعرات 15 جولائی 2021</div>`` under the
        ``<h1>``), where a site file's selector would find it: for pages no site file reads. Read
        between the headline and the article's text, within the headline's block (its grandparent),
        else just before the headline: never a teaser's date further down."""
        headline = next(self.near_article(("h1",)), None)
        block = headline.getparent() if headline is not None else None
        block = block.getparent() if block is not None and block.getparent() is not None else block
        if headline is None or block is None:
            return None
        after = []
        for element in texts_after(headline, AFTER_HEADLINE):
            if len(element_text(element)) > TEXT_STARTS:
                break  # the article's text (or a block holding it) begins: dates stand before it
            after.append(element)
        for element in (*after, *texts_before(headline, BEFORE_HEADLINE)):
            text = element_text(element)
            if is_date_line(text) and block in element.iterancestors() and not self.inside_excluded(element):
                return text
        return None

    def summary_from_selectors(self) -> str | None:
        found = next(self.near_article(self.selectors.summary), None)
        return element_text(found) if found is not None else None

    def body_from_selectors(self) -> list[str]:
        found = self.css(self.selectors.body, outside_sections=True)
        if not found:
            return []
        lead, excluded = self.lead_element, self.excluded

        def skip(element: Element) -> bool:
            return element is lead or element in excluded or element.tag == "h1" or is_noise(element)

        return self.clean_body(paragraphs(flatten(found[0], skip)))

    def source_from_selectors(self) -> str | None:
        found = self._first_near_article(self.selectors.source)
        return strip_label(element_text(found[0]), LABELS["source"]) if found else None

    def keywords_from_selectors(self) -> list[str]:
        return [text for text in (element_text(e) for e in self._first_near_article(self.selectors.keywords)) if text]

    def read_also_from_selectors(self) -> list[dict[str, str]]:
        return self.related(
            [("link", element_text(e), e.get("href"), None) for e in self._first_near_article(self.selectors.read_also)]
        )
