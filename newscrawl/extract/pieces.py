"""A subtree read as a browser shows it: text, link and break pieces, joined into paragraphs.

The walk (walk.py) makes the same pieces for the whole page in one pass; these read one
element again where a strategy needs its own view of it (a site's selector, the body
container without the parts a strategy drops).
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from newscrawl.core.text import normalize_urdu
from newscrawl.extract.walk import BLOCK_TAGS, Element, Piece, is_noise, piece_text

#: Lines shorter than this are never left out for their links (``paragraphs``).
LINK_LINE_CHARS = 15


def flatten(root: Element, skip: Callable[[Element], bool] = is_noise) -> list[Piece]:
    """Walk *root* into text, link and break pieces, skipping what *skip* says (never *root*).

    >>> import lxml.html
    >>> page = lxml.html.fromstring("<div>a<script>x</script><p>b <a href='/n'>c</a></p>d<br>e</div>")
    >>> [(p[0], piece_text(p).strip(), p[2]) for p in flatten(page) if p[0] != "break"]
    [('text', 'a', None), ('text', 'b', None), ('link', 'c', '/n'), ('text', 'd', None), ('text', 'e', None)]
    """
    pieces: list[Piece] = []
    append = pieces.append
    skipped: Element | None = None
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            if element is not root and skip(element):
                skipped = element  # skip_subtree: the next event is this element's own "end"
                walker.skip_subtree()
                continue
            tag = element.tag
            if tag in BLOCK_TAGS:
                append(("break", "", None, element))
            if tag == "a":
                append(("link", None, element.get("href"), element))
                walker.skip_subtree()
            elif element.text:
                append(("text", element.text, None, element))
            continue
        if element is skipped:
            skipped = None
        elif element.tag in BLOCK_TAGS:
            append(("break", "", None, element))
        if element is not root and element.tail:
            append(("text", element.tail, None, element.getparent()))
    return pieces


def paragraphs(pieces: list[Piece], link_line_share: float | None = None) -> list[str]:
    """Join pieces between line breaks into normalized paragraphs, as a browser shows them:
    no space added where the page has none (``<a>link</a>۔`` stays ``link۔``). With
    *link_line_share*, a line of ``LINK_LINE_CHARS`` or more that is more than that share link
    text is left out (a link elsewhere, not a paragraph); a link to a place in the page (``#...``,
    a heading's own anchor) does not count.

    >>> paragraphs([("text", "a ", None, None), ("link", "b", None, None), ("break", "", None, None), ("text", " c", None, None)])
    ['a b', 'c']
    >>> import lxml.html
    >>> paragraphs(flatten(lxml.html.fromstring("<p>یو<a href='/x'> آر ایل لنک ہے</a>۔ <a href='/y'>b </a>c</p>")))
    ['یو آر ایل لنک ہے۔ b c']
    >>> paragraphs(flatten(lxml.html.fromstring("<div><p>Read <a href='/x'>the whole story here</a></p><p><a href='/y'>Another story, elsewhere</a></p><h2><a href='#s2'>A heading with its anchor</a></h2></div>")), 0.85)
    ['Read the whole story here', 'A heading with its anchor']
    """
    result: list[str] = []
    line: list[str] = []
    links = 0

    def close() -> None:
        text = normalize_urdu("".join(line))
        if text and not (
            link_line_share is not None and len(text) >= LINK_LINE_CHARS and links > link_line_share * len(text)
        ):
            result.append(text)

    for piece in pieces:
        if piece[0] == "break":
            if line:
                close()
                line, links = [], 0
        elif piece[0] == "link" and piece[3] is not None and (text := piece_text(piece)):
            line.append("".join(piece[3].itertext()))  # the link's own spacing, not its stripped text
            if not (piece[2] or "").startswith("#"):  # a jump within the page (a heading's anchor) leads nowhere else
                links += len(text)
        elif piece[1]:  # a text piece, or a link read without its element
            line.append(piece[1])
    if line:
        close()
    return result
