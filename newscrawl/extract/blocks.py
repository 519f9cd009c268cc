"""A page's text blocks as the extraction walk reads them: what the site learner learns furniture from.

An article page's blocks come from the walk its extraction already made (``walk.py``), so the
learner never walks that tree again (issue 20: one walk a page); a listing page, which extraction
does not walk, is walked here, by the same walk, so a block reads the same on both. Whatever the
walk leaves unread (scripts, buttons, media, hidden elements) is in no block, as it is in no body.
newscrawl.rules.blocks turns the texts into the words furniture is counted in.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from newscrawl.extract.walk import Element, PageWalk, walk_page


def page_texts(root: Element, walk: PageWalk | None = None) -> dict[Element, list[str]]:
    """The block texts of the page *root*: off *walk*, its extraction walk, when there is one,
    else off a walk of its ``<body>`` made here."""
    if walk is None:
        body = root.find("body")
        walk = walk_page(body if body is not None else root, 0)  # no labels wanted: no room for them
    return block_texts(walk)


def block_texts(walk: PageWalk) -> dict[Element, list[str]]:
    """Each block element's texts in reading order, from the walk's pieces: a text run belongs to
    the innermost block open where it stands (the walk's break pieces open a block and close it:
    a break of the block that is open closes it; ``<br>`` opens and closes at once). A link is
    one run, its text nodes joined by spaces as the body reads it (``walk.element_text``), read
    off its element here: the walk reads it only when a field asks. Whitespace holds no word.

    >>> from lxml import etree
    >>> body = etree.HTML("<div>a <b>b</b><p>c <a href='/'>d <i>e</i></a></p> f<br>g</div>").find("body")
    >>> [(block.tag, parts) for block, parts in block_texts(walk_page(body, 0)).items()]
    [('div', ['a ', 'b', ' f', 'g']), ('p', ['c ', 'd  e'])]
    """
    texts: defaultdict[Element, list[str]] = defaultdict(list)
    opened: list[Any] = []  # the blocks around the open one
    block: Any = None
    pieces = cast("list[tuple[str, Any, Any, Any]]", walk.pieces)  # a link piece has its element, a text its text
    for kind, text, _, element in pieces:
        if kind == "break":
            if element is block:
                block = opened.pop()
            else:
                opened.append(block)
                block = element
            continue
        if kind == "link":
            text = " ".join(element.itertext()) if len(element) else element.text
            if not text:
                continue
        if not text.isspace():
            texts[block].append(text)
    return texts
