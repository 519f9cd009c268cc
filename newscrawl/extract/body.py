"""Strategies that read the article itself off the page: its body container, its lead, its ``<time>``.

The body container is the element with the densest paragraph text, as the page
walk summed it bottom-up with link text left out: a most-read list or a column of
teasers is mostly link text and loses against real paragraphs. The lead and the
``<time>`` are looked for only near the article (``article_scopes``), never in a
teaser elsewhere on the page. The body's paragraphs are a slice of the walk's
pieces, not a second walk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from functools import cached_property
from typing import TYPE_CHECKING


from newscrawl.extract.labels import label_kind
from newscrawl.extract.lines import MAX_LINK_SHARE
from newscrawl.extract.region import (
    FURNITURE_WINS,
    extend,
    grows,
    headline_article_seed,
    in_furniture,
    may_hold_body,
    rival_seed,
    walls_in,
)
from newscrawl.extract.pieces import flatten, paragraphs
from newscrawl.extract.walk import (
    Element,
    PageWalk,
    classes,
    element_text,
    is_noise,
    piece_text,
)

LEAD_CLASS = re.compile(
    r"(?:^|[\s_-])(?:lead|summary|intro|excerpt|abstract|teaser|standfirst|rotitr|subtitle|"
    r"description|dek)(?:$|[\s_-])",
    re.IGNORECASE,
)
LEAD_TAGS = ("p", "div", "h2", "h3", "span", "section", "strong")

#: A line of the body container this much link text or more is a link to elsewhere (related
#: stories, job ads, "read more" between paragraphs): not the article's text.
LINK_LINE_SHARE = 0.85

#: How far up from the body container the article's own parts (lead, date, headline) sit:
#: its parent (``<article>`` holding lead and body) or grandparent (a table row apart).
SCOPE_LEVELS = 2


class BodyStrategies:
    """The article-body strategies of ``ArticlePage`` (see newscrawl.extract.layers)."""

    root: Element
    walk: PageWalk
    # from the other strategy families of ArticlePage
    inside_excluded: Callable[[Element], bool]
    headline_from_opengraph: Callable[[], str | None]

    if TYPE_CHECKING:  # cached properties there

        @property
        def excluded(self) -> set[Element]: ...

        @property
        def selector_headline(self) -> str | None: ...

    @cached_property
    def body_container(self) -> Element | None:
        """Where the article's paragraphs are: ``itemprop=articleBody``, else densest text."""
        # Read off the walk's containers (~430 on a real-weight page, 80 µs), not a search of the
        # whole tree (an XPath over its 3,000 nodes: 220-380 µs in a crawl); the walk never enters
        # a hidden block, a <template> nor a <noscript>, and neither may the body container.
        for candidate in self.walk.candidates:
            itemprop = candidate[0].get("itemprop")
            if itemprop is not None and itemprop.lower() == "articlebody":
                return candidate[0]
        best, best_density, aside, aside_density = None, 0, None, 0
        for candidate in self.walk.candidates:  # first of the densest wins; checks only for a new best
            element, density = candidate[0], candidate[3]
            if density > best_density and may_hold_body(element) and not self.inside_excluded(element):
                if not in_furniture(element):
                    best, best_density = element, density
                elif density > aside_density:
                    aside, aside_density = element, density
        if aside_density > FURNITURE_WINS * best_density:
            return aside
        if best is None:
            return None
        seed = rival_seed(self.walk.candidates, best, self._may_seed, self._seed_climbs_never)
        return headline_article_seed(self.walk.candidates, seed, self._may_seed)

    def _may_seed(self, element: Element) -> bool:
        return may_hold_body(element) and not self.inside_excluded(element) and not in_furniture(element)

    @cached_property
    def article_scopes(self) -> list[Element]:
        """Where the article's own parts are looked for, nearest first: the body container's
        parent, then its grandparent; the whole page when no container was found."""
        scopes: list[Element] = []
        element = self.body_container
        for _ in range(SCOPE_LEVELS):
            parent = element.getparent() if element is not None else None
            if parent is None:
                break
            scopes.append(parent)
            element = parent
        return scopes or [self.root]

    def nearest(self, tags: tuple[str, ...], accept: Callable[[Element], bool]) -> Element | None:
        """The first accepted element with one of *tags* in the nearest article scope that holds one."""
        for scope in self.article_scopes:
            for element in scope.iter(*tags):
                if accept(element):
                    return element
        return None

    # -- summary --------------------------------------------------------------------

    @cached_property
    def lead_element(self) -> Element | None:
        """The visible lead near the article: an element named like one (``lead``, ``summary``, ...)."""
        return self.nearest(LEAD_TAGS, self._may_be_lead)

    def _may_be_lead(self, element: Element) -> bool:
        names = classes(element)
        if not (element.get("itemprop") == "description" or (names.strip() and LEAD_CLASS.search(names))):
            return False
        if is_noise(element) or self.inside_excluded(element):
            return False
        if element.tag in ("div", "section") and element.find(".//p") is not None and len(element.findall(".//p")) > 1:
            return False  # a wrapper around several paragraphs is a body, not a lead
        return bool(element_text(element))

    @cached_property
    def lead_text(self) -> str | None:
        """Read once: the summary layer and the body cleaner both ask."""
        return element_text(self.lead_element) if self.lead_element is not None else None

    def summary_from_lead(self) -> str | None:
        return self.lead_text

    # -- body -----------------------------------------------------------------------

    def body_from_container(self) -> list[str]:
        container = self.body_container
        if container is None:
            return []
        lead, excluded = self.lead_element, self.excluded
        spans = self.walk.spans()
        span = spans.get(container)
        if span is None:  # an articleBody the walk did not enter (inside <noscript>, hidden ...)
            return self.clean_body(
                paragraphs(
                    flatten(
                        container,
                        lambda element: (
                            element is lead or element in excluded or element.tag == "h1" or is_noise(element)
                        ),
                    )
                )
            )
        is_dropped = self.dropper(container)
        pieces = [piece for piece in self.walk.pieces[span[0] : span[1]] if not is_dropped(piece[3])]
        own = paragraphs(pieces, LINK_LINE_SHARE)  # a line all link is a link elsewhere, not the article
        if (container.get("itemprop") or "").lower() == "articlebody":  # the publisher's own word
            return self.clean_body(own)
        if not grows(self.walk.candidates, container, self._climbs_never):
            return self.clean_body(own)
        before, after = extend(container, self.walk.pieces, spans, self._climbs_never, self.dropper)
        return self.clean_body(before + own + after)

    def body_from_article(self) -> list[str]:
        """The last resort when no block holds paragraphs: the page's one ``<article>`` read whole,
        as a browser shows it (a list of notes, headings and pictures; trafilatura's baseline reads
        the page so), unless it is mostly link text. A listing's ``<main>`` is no article."""
        found = list(self.root.iter("article"))
        if len(found) != 1 or self.inside_excluded(found[0]):
            return []  # none, or a listing's teasers each in an <article>
        lead, excluded = self.lead_element, self.excluded

        def skip(node: Element) -> bool:
            return node is lead or node in excluded or node.tag == "h1" or is_noise(node)

        pieces = flatten(found[0], skip)
        links = sum(len(piece_text(piece)) for piece in pieces if piece[0] == "link")
        if links > MAX_LINK_SHARE * sum(len(piece_text(piece).strip()) for piece in pieces):
            return []  # mostly links: a list of teasers, not an article
        return self.clean_body(paragraphs(pieces, LINK_LINE_SHARE))

    def _seed_climbs_never(self, element: Element) -> bool:
        """Where a rival seed's region stops when it is weighed: any furniture, by name too (a
        comment thread climbed whole would outweigh the article)."""
        return is_noise(element) or element in self.excluded

    def _climbs_never(self, element: Element) -> bool:
        return walls_in(element) or element in self.excluded

    def dropper(self, container: Element, kin: Container[str] = ()) -> Callable[[Element], bool]:
        """Whether a piece's owner is skipped by the reader inside *container*: furniture, headline,
        lead, labelled sections. A piece is kept unless its owner or an ancestor below the
        container is one; verdicts are remembered per element."""
        lead, excluded = self.lead_element, self.excluded
        dropped: dict[Element, bool] = {container: False}

        def is_dropped(element: Element) -> bool:
            chain = []
            while element not in dropped:
                chain.append(element)
                parent = element.getparent()
                if parent is None:
                    break
                element = parent
            verdict = dropped.get(element, False)
            for link in reversed(chain):
                verdict = (
                    verdict
                    or link is lead
                    or link in excluded
                    or link.tag == "h1"
                    or (is_noise(link) and (walls_in(link) or link.get("class") not in kin))
                )
                dropped[link] = verdict
            return verdict

        return is_dropped

    def clean_body(self, lines: list[str]) -> list[str]:
        """Drop what a reader does not count as body: labels, teasers, the lead repeated."""
        # ... and the visible date line standing on its own (BBC puts its <time> inside <main>)
        drop = {
            self.lead_text,
            self.selector_headline,
            self.headline_from_opengraph(),
            self.date_text_from_time_element(),
        }
        body: list[str] = []
        for line in lines:
            parsed = label_kind(line)
            if parsed is not None:
                kind, rest = parsed
                if kind == "read_also" and not rest:
                    break  # "پڑھیں:" heading: what follows are teasers of other articles
                continue
            if line in drop:
                continue
            body.append(line)
        return body

    # -- dates ----------------------------------------------------------------------

    def date_from_time_element(self) -> str | None:
        element = self.nearest(("time",), lambda e: bool(e.get("datetime")) and not self.inside_excluded(e))
        return element.get("datetime") if element is not None else None

    def date_text_from_time_element(self) -> str | None:
        element = self.nearest(("time",), lambda e: not self.inside_excluded(e) and bool(element_text(e)))
        return element_text(element) if element is not None else None
