"""Strategies that read a field through the site's own CSS selectors: the last resort.

Every field but the body is read only near the article (``BodyStrategies.article_scopes``),
so a teaser, a logo ``<h1>`` or a related-links box elsewhere on a real page is never
taken for the article's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from lxml.cssselect import CSSSelector

from newscrawl.extract.labels import LABELS
from newscrawl.extract.body import flatten, paragraphs
from newscrawl.extract.walk import Element, Piece, element_text, is_noise
from newscrawl.core.text import strip_label


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
            [Piece("link", element_text(e), e.get("href")) for e in self._first_near_article(self.selectors.read_also)]
        )
