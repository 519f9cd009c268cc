"""A page cut into text blocks, the unit furniture is learned and judged in (newscrawl.rules.furniture).

Blocks are the text of each block-level element (its inline descendants included), compared
in a spelling-proof form (normalized Urdu, casefolded, digits and punctuation dropped, so a date
or a visitor counter in a footer does not make it new).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from lxml import etree

from newscrawl.core.html import BLOCK_TAGS
from newscrawl.core.text import normalize_urdu

SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "iframe", "select"})
# what tokens() drops: everything but letters (and the spaces between words), in one pass per text
_NOT_LETTER = re.compile(r"[^\w\s]+|[\d_]+")


def tokens(text: str | None) -> tuple[str, ...]:
    """The words of *text* in the spelling-proof form blocks are compared in.

    >>> tokens("© اسلام ٹائمز 2025۔ جملہ حقوق محفوظ ہیں!")
    ('اسلام', 'ٹائمز', 'جملہ', 'حقوق', 'محفوظ', 'ہیں')
    >>> tokens("Most  READ")
    ('most', 'read')
    """
    return tuple(_NOT_LETTER.sub("", normalize_urdu(text).casefold()).split())


def page_blocks(root: Any, is_teaser_link: Callable[[str], bool] | None = None) -> list[tuple[str, ...]]:
    """The token sequences of a page's text blocks, in page order (one per block element).

    With *is_teaser_link* (listing pages), a block whose element or parent holds a link it
    accepts (a link to an article) is left out: that is a teaser, not furniture.

    >>> from lxml import html
    >>> page = html.fromstring('<html><body><nav><a href="/s">پاکستان</a> <a href="/d">دنیا</a></nav>'
    ...     '<ul><li><a href="/ur/news/1">سرخی</a> <p>خلاصہ یہاں</p></li><li><a href="/ur/news/2">دوسری</a></li>'
    ...     '</ul><footer>© سائٹ</footer><script>var x = 1;</script></body></html>')
    >>> page_blocks(page)
    [('پاکستان', 'دنیا'), ('سرخی',), ('خلاصہ', 'یہاں'), ('دوسری',), ('سائٹ',)]
    >>> page_blocks(page, lambda href: "/news/" in href)
    [('پاکستان', 'دنیا'), ('سائٹ',)]
    """
    texts = _block_texts(root)
    blocks = []
    for block, parts in texts.items():
        if is_teaser_link is not None and _holds_teaser(block, is_teaser_link):
            continue
        words = block_words(" ".join(parts))
        if words:
            blocks.append(words)
    return blocks


def _block_texts(root: Any) -> dict[Any, list[str]]:
    """Each block element's texts: its own and those of its inline descendants, in first-seen order.

    One iterative walk (lxml's ``iterwalk``: a page nested 100,000 deep must not blow the
    stack) holding the block of each open element on a stack, so no element is asked for
    its parent; skipped subtrees (scripts, styles) are not entered at all. An element's
    tail is filed when the element opens, as the tree's document-order iteration did.
    """
    texts: dict[Any, list[str]] = {}
    # the document's root is a block whatever its tag; a fragment inside a larger tree is not
    top = root if root.getparent() is None else None
    stack: list[Any] = []  # the block of each open element; None inside a skipped one
    push, pop = stack.append, stack.pop
    kinds = _TAG_KINDS
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    skip_subtree = walker.skip_subtree
    for event, element in walker:
        if event == "end":
            pop()
            continue
        parent_block = stack[-1] if stack else None
        if event == "start":
            tag = element.tag
            kind = kinds.get(tag)
            if kind is None:
                kind = kinds[tag] = _tag_kind(tag)
            if kind is _SKIP or (stack and parent_block is None):
                block = None
                skip_subtree()  # the next event is this element's own "end"
            else:
                block = element if kind is _BLOCK else (parent_block if stack else top)
                text = element.text
                if text and block is not None:
                    parts = texts.get(block)
                    if parts is None:
                        texts[block] = [text]
                    else:
                        parts.append(text)
            push(block)
        tail = element.tail  # a comment's or processing instruction's tail too: they have no "end"
        if tail and parent_block is not None:
            parts = texts.get(parent_block)
            if parts is None:
                texts[parent_block] = [tail]
            else:
                parts.append(tail)
    return texts


_SKIP, _BLOCK, _INLINE = "skip", "block", "inline"
_TAG_KINDS: dict[Any, str] = {}


def _tag_kind(tag: Any) -> str:
    if not isinstance(tag, str) or tag.lower() in SKIP_TAGS:
        return _SKIP
    return _BLOCK if tag.lower() in BLOCK_TAGS else _INLINE


#: Blocks remembered by block_words and furniture's block keys. A real-weight page has a few
#: hundred chrome blocks, refreshed on every learned page, so they stay; an article's own
#: paragraphs never repeat, and caches of 65,536 kept them all: the learner's RSS grew 53 -> 297 MB
#: over 6,000 learned article pages (a 50,000-article crawl's), 53 -> 69 MB with this bound.
REMEMBERED_BLOCKS = 4096


@lru_cache(maxsize=REMEMBERED_BLOCKS)
def block_words(text: str) -> tuple[str, ...]:
    """``tokens(text)``, remembered: a site's chrome repeats the same block texts on every
    page, so each is normalized and split once per process, not once per page."""
    return tokens(text)


def _holds_teaser(block: Any, is_teaser_link: Callable[[str], bool]) -> bool:
    """The block links to an article, sits in an entry for one article (its lead beside its link),
    or beside an article's headline link: a section quoting articles (``<h2><a href=article>``
    then its paragraphs, several articles in one flat ``<section>``) quotes them, it is no chrome.
    Only the parent's own headline links count (children and grandchildren): a page wrapper's
    links to articles sit deeper, in its lists, and its menus and footers stay chrome.
    """
    if any(is_teaser_link(href) for href in block.xpath(".//a/@href")):
        return True
    parent = block.getparent()
    if parent is None:
        return False
    # one article's entry (li, card): links to a single article; a page section links to many
    if len({href for href in parent.xpath(".//a/@href") if is_teaser_link(href)}) == 1:
        return True
    return any(is_teaser_link(href) for href in parent.xpath("./a/@href | ./*/a/@href"))
