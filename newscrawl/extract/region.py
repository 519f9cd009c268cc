"""The rest of an article split over several blocks: its paragraphs beyond the densest one.

Many CMSs put each paragraph, or each run of paragraphs between two ads or figures, in a block
of its own; the densest block is then a tenth of the article. Readability credits a paragraph's
score to its ancestors and appends the winner's siblings that score well; jusText classifies
each paragraph as good (long, few links), short or bad and lets a short one count when good
ones stand on both sides. This module does the same with the walk's pieces, in reading order:

- from the densest block, the region climbs to the ancestor (up to ``MAX_LEVELS`` blocks, never
  past an ``<article>``/``<main>``, never into furniture by tag: ``walls_in``) that holds at least
  ``GAIN`` times the running text of the region so far (a long run of paragraphs around the
  block outweighs it), or any more when its name says article body (``ARTICLE_BODY_NAME``, as
  trafilatura trusts such names); blocks named as the densest block's own (``kin``) are the article's;
- the lines the climb adds are kept only if they read as running text (``lines.keep``): long
  (``lines.GOOD_CHARS``, in Latin letters' worth: a CJK character counts three) and not link
  text, or shorter lines (a subheading, short paragraphs) whose nearest lines that are not short
  read so on both sides (jusText's context rule). Teaser lists, "read more" links, bylines and
  credits standing alone stay out; captions, figures, embeds and ads are furniture already
  (``walk.is_noise``).

The densest block's own lines are kept as before: on a page whose article sits in one block,
nothing changes.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections.abc import Callable, Container
from itertools import accumulate, chain

from newscrawl.extract.lines import MAX_LINK_SHARE, Line, is_running_text, keep, lines
from newscrawl.extract.walk import SKIP_TAGS, Candidate, Element, Piece, classes, is_hidden, is_noise

#: The region climbs to an ancestor holding this many times its running text; under
#: ``SURE_GAIN`` times, only when what it adds is ``SURE_LINES`` paragraphs or more (a section
#: of the article, not one box of text beside it).
GAIN = 1.3
SURE_GAIN = 1.5
SURE_LINES = 2
MAX_LEVELS = 6
#: How far up a block named as the densest block's own marks the article's next run (``repeated``).
REPEAT_LEVELS = 2
#: The walk counts link text the line reader drops (share bars, teaser boxes in the article's
#: column): the lines around the densest block are read though what the region adds is up to
#: ``LOOSE_LINK_SHARE`` link text by the walk, when that region holds at most ``LOOSE_MAX_GAIN``
#: times the block's text (an article split around a box; many times more is the page's teasers).
LOOSE_LINK_SHARE = 1.2
LOOSE_MAX_GAIN = 3
#: The densest blocks whose regions are compared, and how much more running text another's
#: region must hold to win over the densest block's (a caption or teaser beside a split article).
RIVALS = 4
RIVAL_GAIN = 2
#: The headline's own article wins over a denser one elsewhere when its densest block has this
#: share of that one's density.
OWN_ARTICLE_SHARE = 1 / 3
_CEILING_TAGS = frozenset({"article", "main"})
_NEVER = frozenset({"body", "html"})

#: Names that say "the article's text" outright: they outweigh a furniture word in the same
#: class list (``article-body container-widget-content``), as readability weighs both.
ARTICLE_BODY_NAME = re.compile(r"(?:article|story|entry|post)[-_]{0,2}(?:body|content|text)", re.IGNORECASE)
#: Never the article: page furniture around it, and the dialogs laid over it (cookie consent).
_FURNITURE_AROUND = frozenset({"aside", "nav", "footer"})
#: A block in furniture is the article only when it holds this many times the best block outside.
FURNITURE_WINS = 3
_DIALOG = re.compile(r"cookie|consent|gdpr|onetrust|didomi", re.IGNORECASE)


def may_hold_body(element: Element) -> bool:
    """Whether *element* may be the article's densest block: not furniture itself (unless its
    name says article body), not inside a dialog laid over the page (cookie consent)."""
    if is_noise(element) and not (element.tag not in _FURNITURE_AROUND and ARTICLE_BODY_NAME.search(classes(element))):
        return False
    return not any(
        ancestor.tag not in _NEVER and (names := classes(ancestor)).strip() and _DIALOG.search(names)
        for ancestor in chain((element,), element.iterancestors())
    )


def in_furniture(element: Element) -> bool:
    """Inside an ``<aside>``, ``<nav>`` or ``<footer>``: a teaser there loses to the article unless
    the article is there itself (some CMSs put it in an ``<aside>`` or ``<footer>``)."""
    return any(ancestor.tag in _FURNITURE_AROUND for ancestor in element.iterancestors())


def ancestors(container: Element, spans: Container[Element], stop: Callable[[Element], bool]) -> list[Element]:
    """The blocks the region may climb to, nearest first (see the module docstring)."""
    found: list[Element] = []
    if container.tag in _CEILING_TAGS:
        return found
    element = container.getparent()
    while element is not None and len(found) < MAX_LEVELS and element.tag not in _NEVER and not stop(element):
        if element in spans:
            found.append(element)
        if element.tag in _CEILING_TAGS:
            break
        element = element.getparent()
    return found


def climb(
    top_lines: list[Line], seed: tuple[int, int], spans: list[tuple[int, int]], named: Container[tuple[int, int]] = ()
) -> tuple[int, int]:
    """The span of the highest ancestor holding ``GAIN`` times the running text of the one below,
    or named as the article's body (*named*: any more running text), where what it adds is
    running text, not a teaser list (link text at most ``MAX_LINK_SHARE`` of the running text added)."""

    running_chars = [len(line[0]) if is_running_text(line) else 0 for line in top_lines]

    def measure(span: tuple[int, int]) -> tuple[int, int, int]:
        running = links = count = 0
        for line, chars in zip(top_lines, running_chars, strict=True):
            if span[0] <= line[2] < span[1]:
                links += line[1]
                running += chars
                count += chars > 0
        return running, links, count

    chosen, (chosen_chars, chosen_links, chosen_count) = seed, measure(seed)
    for span in spans:
        chars, links, count = measure(span)
        gains = chars >= GAIN * max(chosen_chars, 1) and (
            chars >= SURE_GAIN * max(chosen_chars, 1) or count - chosen_count >= SURE_LINES
        )
        if (gains or (span in named and chars > chosen_chars)) and links - chosen_links <= MAX_LINK_SHARE * (
            chars - chosen_chars
        ):
            chosen, chosen_chars, chosen_links, chosen_count = span, chars, links, count
    return chosen


def extend(
    container: Element,
    pieces: list[Piece],
    spans: dict[Element, tuple[int, int]],
    stop: Callable[[Element], bool],
    dropper: Callable[[Element, Container[str]], Callable[[Element], bool]],
) -> tuple[list[str], list[str]]:
    """Lines of the article before and after its densest block *container* (each may be empty).

    *stop* says which elements the region never climbs into (furniture, labelled sections);
    *dropper(root, kin)* gives the filter of pieces the body leaves out below *root*, where a
    block named as one of *kin* is no furniture: the seed's own blocks, up to the region's top.
    """
    levels = ancestors(container, spans, stop)
    if not levels:
        return [], []
    seed, top = spans[container], spans[levels[-1]]
    is_dropped = dropper(levels[-1], kin(container, levels[-1]))
    top_lines = lines((index, pieces[index]) for index in range(*top) if not is_dropped(pieces[index][3]))
    again = repeated(container, levels, spans)
    named = {spans[element] for element in levels if names_the_article(element, again)}
    chosen = climb(top_lines, seed, [spans[element] for element in levels], named)
    if chosen == seed:
        return [], []
    before = [line for line in top_lines if chosen[0] <= line[2] < seed[0]]
    after = [line for line in top_lines if seed[1] <= line[2] < chosen[1]]
    return keep(before, False, True), keep(after, True, False)


def kin(container: Element, top: Element) -> frozenset[str]:
    """The class names of *container* and its ancestors below *top*: an article split over
    blocks repeats them (``article-widget article-widget-text`` for every run of paragraphs,
    ``sidebar-grid__container`` around each), so a sibling block named so is the article's,
    though its name holds a furniture word."""
    names = set()
    for element in chain((container,), container.iterancestors()):
        if element is top:
            break
        if name := element.get("class"):
            names.add(name)
    return frozenset(names)


def names_the_article(ancestor: Element, repeats: Container[Element]) -> bool:
    """The region climbs to *ancestor* for any more running text: it holds the article's own block
    again (*repeats*, see ``repeated``) or its name says article body (``ARTICLE_BODY_NAME``)."""
    return ancestor in repeats or ARTICLE_BODY_NAME.search(classes(ancestor)) is not None


def repeated(container: Element, levels: list[Element], blocks: Container[Element]) -> set[Element]:
    """The nearest ``REPEAT_LEVELS`` of *levels* that hold a block named as *container* or one of
    its ancestors below them, beside it: the article's own block again (``story-body-supplemental``
    around each run of paragraphs between two ads). Readability appends such same-named siblings
    of its winner; the region climbs to them for any more running text. Higher up, a same-named
    block is the page's grid (``row``), not the article."""
    found: set[Element] = set()
    names: set[str] = set()
    below = container
    for ancestor in levels[:REPEAT_LEVELS]:
        while below is not ancestor:
            if name := below.get("class"):
                names.add(name)
            last, below = below, below.getparent()
        if any(child is not last and child.get("class") in names and child in blocks for child in ancestor):
            found.add(ancestor)
    return found


def walls_in(element: Element) -> bool:
    """Furniture by tag (``<aside>``, ``<header>``, ``<form>`` ...) or hidden: the region never
    climbs to it. A furniture word in a class name alone does not stop the climb: the blocks
    around an article are often named for their layout (``article-widget``, ``sidebar-grid``);
    the lines the climb adds are filtered anyway."""
    return element.tag in SKIP_TAGS or is_hidden(element)


def region_text(
    element: Element,
    by_element: dict[Element, Candidate],
    stop: Callable[[Element], bool],
    text: Callable[[tuple[int, int]], int],
    link_share: float = MAX_LINK_SHARE,
) -> int:
    """Paragraph text of the region *element* climbs to, read off the walk's densities alone (what
    a climb adds may be at most *link_share* link text)."""
    spans = {e: (c[1], c[2]) for e, c in ((a, by_element[a]) for a in ancestors(element, by_element, stop))}
    own = by_element[element]
    chosen_text, chosen_links = text((own[1], own[2])), own[4] if len(own) > 4 else 0
    again: set[Element] | None = None  # read only when asked: most regions grow or stay by GAIN
    for ancestor, span in spans.items():
        chars, links = text(span), by_element[ancestor][4] if len(by_element[ancestor]) > 4 else 0
        gains = chars >= GAIN * max(chosen_text, 1)
        if not gains and chars > chosen_text:
            again = repeated(element, list(spans), by_element) if again is None else again
            gains = names_the_article(ancestor, again)
        if gains and links - chosen_links <= link_share * (chars - chosen_text):
            chosen_text, chosen_links = chars, links
    return chosen_text


def rival_seed(
    candidates: list[Candidate], densest: Element, accept: Callable[[Element], bool], stop: Callable[[Element], bool]
) -> Element:
    """The densest block, unless another of the densest few climbs to a region with
    ``RIVAL_GAIN`` times more paragraph text: a long run of paragraphs in many small blocks
    beats one short block (a caption, a teaser, a byline box)."""
    text = paragraph_text(candidates)
    by_element = {c[0]: c for c in candidates}
    best, best_text = densest, region_text(densest, by_element, stop, text)
    for candidate in heapq.nlargest(RIVALS, candidates, key=lambda c: c[3]):
        element = candidate[0]
        if element is densest or not candidate[3] or not accept(element):
            continue
        chars = region_text(element, by_element, stop, text)
        if chars >= RIVAL_GAIN * best_text:
            best, best_text = element, chars
    return best


def headline_article_seed(candidates: list[Candidate], seed: Element, accept: Callable[[Element], bool]) -> Element:
    """*seed*, unless it sits in an ``<article>`` after the page's first one, and that first one
    holds a headline (``<h1>``) and a block with ``OWN_ARTICLE_SHARE`` of the seed's density:
    then that block. Pages that append the next story below the first (Dagbladet, an endless
    scroll) carry two, and the longer one is not the page's. Read off the walk's candidates
    (in page order, ``<article>`` among them), not a search of the whole page."""
    seed_article = next(seed.iterancestors("article"), None)
    if seed_article is None:
        return seed
    first = next((c for c in candidates if c[0].tag == "article"), None)
    if first is None or first[0] is seed_article or any(a is first[0] for a in seed_article.iterancestors()):
        return seed
    if next(first[0].iter("h1"), None) is None:
        return seed
    density = next((c[3] for c in candidates if c[0] is seed), 0)
    inside = (c for c in candidates if first[1] <= c[1] < first[2] and c[3] and accept(c[0]))
    best = max(inside, key=lambda c: c[3], default=None)
    return best[0] if best is not None and best[3] >= OWN_ARTICLE_SHARE * density else seed


def paragraph_text(candidates: list[Candidate]) -> Callable[[tuple[int, int]], int]:
    """Paragraph characters inside a span of pieces, from the walk's densities (a prefix sum)."""
    starts = [c[1] for c in candidates]
    prefix = [0, *accumulate(c[3] for c in candidates)]

    def text(span: tuple[int, int]) -> int:
        return prefix[bisect_left(starts, span[1])] - prefix[bisect_left(starts, span[0])]

    return text


def grows(candidates: list[Candidate], element: Element, stop: Callable[[Element], bool]) -> bool:
    """Whether the region around *element* holds more paragraphs than it, by the walk's densities:
    the cheap test that spares reading the lines around an article that sits in one block. With
    link text tolerated (``LOOSE_LINK_SHARE``), only a region a few times the block's text counts."""
    by_element = {c[0]: c for c in candidates}
    own = by_element.get(element)
    if own is None:
        return False
    text = paragraph_text(candidates)
    own_text = text((own[1], own[2]))
    if region_text(element, by_element, stop, text) > own_text:
        return True
    loose = region_text(element, by_element, stop, text, LOOSE_LINK_SHARE)
    return own_text < loose <= LOOSE_MAX_GAIN * own_text
