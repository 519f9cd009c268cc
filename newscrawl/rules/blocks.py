"""A page cut into text blocks, the unit furniture is learned and judged in (newscrawl.rules.furniture).

A block is the text a reader sees in one block-level element (its inline descendants' included,
a nested block's not), as the extraction walk reads the page (newscrawl.extract.blocks cuts it,
off an article's own extraction walk). Blocks are compared in a spelling-proof form (normalized
Urdu, casefolded, digits and punctuation dropped, so a date or a visitor counter in a footer
does not make it new).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from newscrawl.core.text import is_normalized_urdu, normalize_urdu

# what tokens() drops from a word: everything but letters (the chars this class matches are removed
# one by one or in runs alike, and none is whitespace, so words are cut as before the drop)
_NOT_LETTER = re.compile(r"[^\w\s]|[\d_]")


def tokens(text: str | None) -> tuple[str, ...]:
    """The words of *text* in the spelling-proof form blocks are compared in.

    Always ``tuple(re.sub(r"[^\\w\\s]+|[\\d_]+", "", normalize_urdu(text).casefold()).split())``
    (tests/rules/test_blocks.py checks it, character by character), computed with less work,
    since the gates tokenize every record's body and records hold normalized text: normalize_urdu
    runs only when it would change more than whitespace (split() ignores that), and a word that
    is all letters (``str.isalpha``: most of them) is kept as it is, not scanned by the regex.

    >>> tokens("© اسلام ٹائمز 2025۔ جملہ حقوق محفوظ ہیں!")
    ('اسلام', 'ٹائمز', 'جملہ', 'حقوق', 'محفوظ', 'ہیں')
    >>> tokens("Most  READ")
    ('most', 'read')
    >>> tokens("ﻟﺎﮨﻮﺭ 2025")  # presentation forms: normalized first
    ('لاہور',)
    """
    if not text:
        return ()
    if not is_normalized_urdu(text):
        text = normalize_urdu(text)
    drop = _NOT_LETTER.sub
    return tuple(filter(None, [word if word.isalpha() else drop("", word) for word in text.casefold().split()]))


def page_blocks(
    texts: Mapping[Any, list[str]], is_teaser_link: Callable[[str], bool] | None = None
) -> list[tuple[str, ...]]:
    """The token sequences of a page's text blocks, in page order, from each block element's
    texts (newscrawl.extract.blocks.page_texts).

    With *is_teaser_link* (listing pages), a block whose element or parent holds a link it
    accepts (a link to an article) is left out: that is a teaser, not furniture.

    >>> from lxml import etree
    >>> page = etree.HTML('<nav><a href="/s">پاکستان</a></nav><ul><li><a href="/ur/news/1">سرخی</a></li>'
    ...     '<li><a href="/ur/news/2">دوسری</a></li></ul><footer>© سائٹ 2025</footer>')
    >>> texts = {element: [element.findtext(".//a") or element.text] for element in page.iter("nav", "li", "footer")}
    >>> page_blocks(texts)
    [('پاکستان',), ('سرخی',), ('دوسری',), ('سائٹ',)]
    >>> page_blocks(texts, lambda href: "/news/" in href)
    [('پاکستان',), ('سائٹ',)]
    """
    blocks = []
    for block, parts in texts.items():
        if is_teaser_link is not None and _holds_teaser(block, is_teaser_link):
            continue
        words = block_words(" ".join(parts))
        if words:
            blocks.append(words)
    return blocks


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
