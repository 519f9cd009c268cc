"""The one walk over an article page's ``<body>``: everything the strategies read off the tree.

A real news page is 80-300 KB of menus, teasers and scripts around a few KB of
article, so the page is walked once, iteratively (deeply nested markup must not
hit the recursion limit), and the walk collects in that single pass:

- the text, link and break *pieces* in reading order (label readers scan them, and
  the body is a slice of them);
- for each element that may hold the body, its paragraph density, summed bottom-up
  (a parent adds what its children hand up; link text does not count, so a most-read
  list or a teaser column loses against real paragraphs);
- where each of those elements starts and ends among the pieces, and where each
  labelled block ends.

Strategies that need a few elements of one tag (``<meta>``, ``<time>``, a lead near
the article) ask lxml for them (``iter(tag)`` filters in C) rather than this loop
checking every element.

Text is normalized only where a field reads it: a link piece's text on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain
from types import SimpleNamespace
from typing import Any, TypeAlias

from lxml import etree

from newscrawl.core import html
from newscrawl.core.text import normalize_urdu

# Plain lxml elements: the spider parses article pages without lxml.html's element
# classes, whose Python-level class lookup runs for every node Python touches.
Element: TypeAlias = etree._Element

# Tags whose content nobody reads: scanned for neither labels nor body.
INVISIBLE_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "svg", "button", "select", "textarea", "head", "input"}
    | {"img", "picture", "map", "object", "embed", "canvas", "video", "audio"}
)
# Page furniture: may hold labelled sections (tags in an <aside>, source in a <footer>),
# never body text.
SKIP_TAGS = INVISIBLE_TAGS | {"figure", "figcaption", "nav", "aside", "header", "footer", "form"}
# Tags that end a line of text for a reader: the blocks, and a line break or rule inside one.
BLOCK_TAGS = html.BLOCK_TAGS | {"br", "hr"}
# class/id tokens of page furniture: ads, sharing bars, captions, comment threads, related stories.
NOISE = re.compile(
    r"(?:^|[\s_-])(?:ads?|adv|advert\w*|adsbygoogle|banner|sponsor\w*|promo\w*|share\w*|sharing|social|"
    r"caption|credit|breadcrumbs?|comments?|related|newsletter|subscribe|print|widget|sidebar|menu|"
    r"visually-?hidden|sr-only|screen-reader-text|consent)(?:$|[\s_-])",
    re.IGNORECASE,
)
BODY_CONTAINER_TAGS = frozenset({"div", "section", "article", "td", "main", "body"})
# Children whose own text counts as loose paragraph text of their parent.
_INLINE_TAGS = frozenset({"span", "b", "strong", "i", "em", "font"})
#: A list item whose text is more link than this is a teaser (a headline link and its summary):
#: the paragraphs inside it are not an article's.
LIST_LINK_SHARE = 0.1
#: An article's paywalled rest (Google's markup for subscription content names it so), hidden
#: until a subscriber's login is checked: the text is there, and it is the article's.
PAYWALLED = "paywall"


def string_value(element: Element) -> str:
    """All text inside *element*, as XPath's ``string()`` (lxml.html's ``text_content()``): both
    are libxml2's node content, which the text serializer returns twice as fast as an XPath call
    (the walk calls the serializer so itself for every link with child elements, 150 on a real-weight page).

    >>> string_value(etree.fromstring("<a>x<!--c--><b>y<?p i?></b>&#233;</a>"))
    'xyé'
    """
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def element_text(element: Element) -> str:
    """Normalized visible text of *element*, without scripts and styles."""
    return (
        normalize_urdu(" ".join(text for text in element.itertext(tag=etree.Element) if text))
        if len(element)
        else normalize_urdu(element.text or "")
    )


def classes(element: Element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def is_hidden(element: Element) -> bool:
    """Hidden from the reader: ``hidden`` or ``aria-hidden``, except a block React streams in
    (``<div hidden id="S:1a">``), which its script moves in place of a skeleton as soon as it
    arrives (Next.js pages print the article so), and the article's paywalled rest (``PAYWALLED``)."""
    shown = element.get("hidden") is None or (element.get("id") or "").startswith("S:")
    if shown and element.get("aria-hidden") != "true":
        return False
    return PAYWALLED not in (element.get("class") or "").split()


def is_noise(element: Element) -> bool:
    """Page furniture by tag, hidden attribute or class/id (ads, menus, sharing bars)."""
    tag = element.tag
    if not isinstance(tag, str) or tag in SKIP_TAGS:
        return True
    if is_hidden(element):
        return True
    names = classes(element)
    return bool(names.strip()) and NOISE.search(names) is not None


#: A run of text, a link or a line break, in reading order: ``(kind, text, href, owner)``, the
#: kind ``"text"``, ``"link"`` or ``"break"``. A plain tuple: a real page has thousands, and a
#: tuple subclass with named fields cost the walk a quarter of its time. A link's text is ``None``
#: until a field reads it (``piece_text``): most links of a page are menus and teasers.
Piece: TypeAlias = tuple[str, "str | None", "str | None", "Element | None"]


def piece_text(piece: Piece) -> str:
    """The text of *piece*; a link's, normalized, read off its element on demand.

    >>> import lxml.html
    >>> piece_text(("link", None, "/n", lxml.html.fromstring("<a> ك </a>"))), piece_text(("break", "", None, None))
    ('ک', '')
    """
    text = piece[1]
    if text is None:
        return element_text(piece[3]) if piece[3] is not None else ""
    return text


#: A body container candidate: ``[element, index of its first piece, index past its last piece
#: (its closing break included), paragraph density (characters of paragraph text directly inside,
#: link text not counted), link characters inside (the page's before it until it closes)]``. A list.
Candidate: TypeAlias = list


@dataclass
class PageWalk:
    """What the one walk over ``<body>`` found (see the module docstring)."""

    pieces: list[Piece] = field(default_factory=list)
    label_candidates: list[int] = field(default_factory=list)  # indices of text pieces that may open with a label
    block_ends: dict[Element, int] = field(default_factory=dict)  # block element -> index of its closing break
    candidates: list[Candidate] = field(default_factory=list)  # body containers, in page order

    def spans(self) -> dict[Element, tuple[int, int]]:
        """Where each body container's pieces start and end."""
        return {candidate[0]: (candidate[1], candidate[2]) for candidate in self.candidates}


# Comments, processing instructions and entities have these as their .tag: never read.
_NOT_ELEMENTS = frozenset({etree.Comment, etree.ProcessingInstruction, etree.Entity})
_UNREAD_TAGS = INVISIBLE_TAGS | _NOT_ELEMENTS
# What the walk does with an element, by tag, in one dict lookup instead of a set test per
# kind: a block (a <div>, another container, a paragraph, a list item, furniture or another
# block: <= _BLOCK), inline, any other tag (the default), a link or unread (>= _LINK).
_DIV, _CONTAINER, _P, _LI, _FURNITURE, _BLOCK, _INLINE, _OTHER, _LINK, _UNREAD = range(10)
_CODES = {tag: _BLOCK for tag in BLOCK_TAGS} | {tag: _INLINE for tag in _INLINE_TAGS}
_CODES |= {tag: _FURNITURE for tag in SKIP_TAGS} | {tag: _CONTAINER for tag in BODY_CONTAINER_TAGS}
_CODES |= {"div": _DIV, "p": _P, "li": _LI, "a": _LINK} | {tag: _UNREAD for tag in _UNREAD_TAGS}


def _hidden(element: Element) -> bool:
    """Whether *element*, which carries ``hidden``, is left unread: all but a block React streams in
    and the paywalled rest (``is_hidden``; the class tested as ``contains(concat(' ', @class, ' '))``).
    The walk reads ``hidden`` off each element it meets: an XPath search for them all cost more."""
    return not ((element.get("id") or "").startswith("S:") or f" {PAYWALLED} " in f" {element.get('class') or ''} ")


def walk_page(root: Element, label_room: int) -> PageWalk:
    """One pass over *root* (the page's ``<body>``) collecting a ``PageWalk``.

    A text run is marked as a possible label when it holds a colon or is at most
    *label_room* characters long (see ``newscrawl.extract.labels.may_be_label``).

    Long for a hot loop: it runs for every element of a real page (1,500 on a real-weight
    page), so it is one loop over locals, with no Python call per element (a text run is counted
    in place where it is met: an element's text, and the tail of one done at its start or ended). Sums are running
    totals: an element's text is the total at its end minus the total at its start (link text
    is never added, so what is left is its paragraph text), and so are a candidate's link
    characters and whether a block started inside an element. lxml reports starts only (its
    end events cost more than finding the ends): the open elements a new one is not inside end
    before it, the rest after the last. An element the walk does not enter (a link, an unread
    or hidden one) is done at its start, tail included.
    """
    found = PageWalk()
    pieces, block_ends, labels, candidates = found.pieces, found.block_ends, found.label_candidates, found.candidates
    codes_get, share = _CODES.get, LIST_LINK_SHARE
    if root.tag == "a":  # a link is one piece, its tail outside the walk
        pieces.append(("link", None, root.get("href"), root))
        return found
    # One frame per open element: (its code, its candidate or None; at its start the text total,
    # blocks started, its own text's characters, carried and link totals; its parent, the parent's candidate).
    stack: list[tuple] = []
    # Characters of text outside links, of link text; blocks started; paragraph characters inside
    # wrappers that are no candidate (<span>, <blockquote>, <ul>), carried up to the nearest one.
    text_total = link_total = blocks = carried = 0
    parent: Any = root.getparent()  # the innermost open element (Any: never narrowed)
    owner: Candidate | None = None  # its candidate
    # After the last element: its parent is the root's, so every element still open closes.
    end = SimpleNamespace(getparent=lambda top=parent: top)
    walker = etree.iterwalk(root, events=("start",))
    skip_subtree, tostring = walker.skip_subtree, etree.tostring  # tostring: string_value, one call less
    for _, element in chain(walker, ((None, end),)):
        # The elements this one is not inside end before it.
        up = element.getparent()
        while up is not parent:
            closed = parent
            code, candidate, text_start, blocks_start, own, carried_start, link_start, parent, owner = stack.pop()
            if code <= _BLOCK:
                block_ends[closed] = len(pieces)
                pieces.append(("break", "", None, closed))
                if candidate is not None:
                    candidate[2] = len(pieces)
                    candidate[4] = link_total - candidate[4]  # link characters anywhere inside
            if not stack:  # the root
                break
            tail = closed.tail
            handed = 0  # what this element hands its candidate parent
            if tail:
                handed = len(tail.strip())
                if handed:
                    if handed <= label_room or ":" in tail or "：" in tail:
                        labels.append(len(pieces))
                    text_total += handed
                pieces.append(("text", tail, None, parent))
            # What this child hands its candidate parent: a paragraph's text (a <p>, or a <div>
            # holding only inline content: some CMSs wrap paragraphs in divs) minus its link text;
            # the own text of an inline element; any loose text after it; the paragraphs a wrapper
            # that is no candidate carried, never out of furniture nor a teaser's list item.
            if code == _P or (code == _DIV and blocks == blocks_start):
                handed = text_total - text_start
                if owner is None:
                    carried += handed
                    continue
            else:
                inside = carried - carried_start
                if inside:
                    links = link_total - link_start
                    if code == _FURNITURE or (code == _LI and links > share * (links + text_total - text_start)):
                        carried -= inside
                    elif owner is not None:
                        carried -= inside
                        handed += inside
                if owner is None:
                    continue
                if code == _INLINE:
                    handed += own
            owner[3] += handed
        if element is end:
            break
        code = codes_get(element.tag, _OTHER)
        if element.get(b"hidden") is not None and element is not root and _hidden(element):
            if code <= _BLOCK:
                blocks += 1
            code = _UNREAD
        if code >= _LINK and (code == _LINK or element is not root):
            if code == _LINK:
                pieces.append(("link", None, element.get(b"href"), element))
                if len(element):
                    link_total += len(tostring(element, method="text", encoding="unicode", with_tail=False).strip())
                    skip_subtree()
                elif text := element.text:
                    link_total += len(text.strip())
            else:
                skip_subtree()
            tail = element.tail
            if tail:
                handed = len(tail.strip())
                if handed:
                    if handed <= label_room or ":" in tail or "：" in tail:
                        labels.append(len(pieces))
                    text_total += handed
                    if owner is not None:
                        owner[3] += handed
                pieces.append(("text", tail, None, parent))
            continue
        candidate = None
        if code <= _BLOCK:
            blocks += 1
            if code <= _CONTAINER:
                # [element, first piece, past last piece, density, link characters at its start]
                candidate = [element, len(pieces), 0, 0, link_total]
                candidates.append(candidate)
            pieces.append(("break", "", None, element))
        text = element.text
        own = 0
        if text:
            own = len(text.strip())
            if own:
                if own <= label_room or ":" in text or "：" in text:
                    labels.append(len(pieces))
                text_total += own
                if candidate is not None:
                    candidate[3] = own
            pieces.append(("text", text, None, element))
        stack.append((code, candidate, text_total - own, blocks, own, carried, link_total, parent, owner))
        parent, owner = element, candidate
    return found
