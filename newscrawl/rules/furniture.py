"""Page furniture learned per site: text blocks that stand on many of the site's pages.

Method: site-level template detection as in Bar-Yossef & Rajagopalan, "Template detection
via data mining and its applications" (WWW 2002): a page is cut into blocks, and a block
whose text recurs on many pages of the same site is template, not content. This is also
what trafilatura's duplicate-segment filter does within a crawl. Blocks are the text of
each block-level element (its inline descendants included), compared in a spelling-proof
form (normalized Urdu, casefolded, digits and punctuation dropped, so a date or a visitor
counter in a footer does not make it new).

A block is furniture when it stood on ``min_pages`` article pages of the site, or on an
article page *and* two listing pages. The second rule makes the model right from the first
article of a run: every article is found on listing pages parsed before it (the home page
and a section), and the menus and footers of all of them are the same. It asks for two
listing pages, not one, so that a home page quoting a few articles in full (in one flat
section, where no teaser entry sets them apart) does not make those articles' own bodies
furniture on their article pages. Listing pages contribute only their chrome:
a block next to a link to an article (a teaser: an article's headline and lead) is not
learned from a listing, and the item's own headline and lead never count as furniture
when its body is judged. Two articles sharing a quote share it on two article pages and
no listing: not furniture. Counts persist across cron runs (halved at each load so a
redesign's old chrome fades), bounded to the most frequent blocks.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from newscrawl.core.text import normalize_urdu

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
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
    # Walked in document order with a map element -> its block (None: skipped), not by
    # recursion: a page nested 100,000 deep must not blow the stack.
    block_of: dict[Any, Any] = {}
    texts: dict[Any, list[str]] = {}
    for element in root.iter():
        parent = element.getparent()
        parent_block = block_of.get(parent) if parent is not None else None
        tag = element.tag if isinstance(element.tag, str) else None
        if (
            tag is None
            or tag.lower() in SKIP_TAGS
            or (parent is not None and parent in block_of and block_of[parent] is None)
        ):
            block_of[element] = None
        else:
            block_of[element] = element if (tag.lower() in BLOCK_TAGS or parent is None) else parent_block
            if element.text and block_of[element] is not None:
                texts.setdefault(block_of[element], []).append(element.text)
        if element.tail and parent_block is not None:
            texts.setdefault(parent_block, []).append(element.tail)
    blocks = []
    for block, parts in texts.items():
        if is_teaser_link is not None and _holds_teaser(block, is_teaser_link):
            continue
        words = tokens(" ".join(parts))
        if words:
            blocks.append(words)
    return blocks


def _holds_teaser(block: Any, is_teaser_link: Callable[[str], bool]) -> bool:
    """The block links to an article, or sits in an entry for one article (its lead beside its link)."""
    if any(is_teaser_link(href) for href in block.xpath(".//a/@href")):
        return True
    parent = block.getparent()
    if parent is None:
        return False
    # one article's entry (li, card): links to a single article; a page section links to many
    return len({href for href in parent.xpath(".//a/@href") if is_teaser_link(href)}) == 1


def _key(words: tuple[str, ...]) -> str:
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest()


class SiteFurniture:
    """Per-site block counts: article pages and listing pages each block stood on."""

    def __init__(self, min_pages: int = 3, max_blocks: int = 200_000) -> None:
        self.min_pages = min_pages
        self.max_blocks = max_blocks
        self.counts: dict[str, list[int]] = {}  # key -> [article pages, listing pages]
        self.words: dict[str, tuple[str, ...]] = {}  # text of blocks seen on two pages or more
        self._index: dict[str, list[tuple[str, ...]]] | None = None

    # -- learning -----------------------------------------------------------------------

    def learn(self, blocks: Iterable[tuple[str, ...]], listing: bool) -> None:
        """Count one page's blocks (each once, however often the page repeats it)."""
        slot = 1 if listing else 0
        for key, words in {_key(words): words for words in blocks}.items():
            count = self.counts.get(key)
            if count is None:
                self.counts[key] = count = [0, 0]
            was = self.is_furniture_count(count)
            count[slot] += 1
            if count[0] + count[1] >= 2:
                self.words.setdefault(key, words)
            if not was and self.is_furniture_count(count):
                self._index = None
        if len(self.counts) > self.max_blocks:
            self._forget_singletons()

    def is_furniture_count(self, count: list[int]) -> bool:
        """On ``min_pages`` article pages, or on an article page and more than one listing page.

        >>> furniture = SiteFurniture(min_pages=3)
        >>> [furniture.is_furniture_count(c) for c in ([3, 0], [1, 2], [1, 1], [0, 9])]
        [True, True, False, False]
        """
        articles, listings = count
        return articles >= self.min_pages or (articles >= 1 and listings >= 2)

    def _forget_singletons(self) -> None:
        """Blocks seen on one page only are the bulk (article text); furniture is never among them."""
        self.counts = {key: count for key, count in self.counts.items() if count[0] + count[1] > 1}

    # -- judging -------------------------------------------------------------------------

    def body_words(self, body: str | None, own: Iterable[str | None] = ()) -> tuple[int, int]:
        """(words in *body*, of which furniture); *own* texts (headline, lead) are never furniture.

        A single-word furniture block (a menu item in its own ``<li>``) counts only beside
        other furniture: "پاکستان" in a sentence is a word, in a menu it is the menu.
        """
        words = tokens(body)
        if not words:
            return 0, 0
        index = self._furniture_index()
        skip = {tokens(text) for text in own if text}
        covered = [False] * len(words)
        singles: list[int] = []
        position = 0
        while position < len(words):
            for sequence in index.get(words[position], ()):
                end = position + len(sequence)
                if sequence not in skip and words[position:end] == sequence:
                    if len(sequence) == 1:
                        singles.append(position)
                    else:
                        covered[position:end] = [True] * len(sequence)
                    position = end
                    break
            else:
                position += 1
        single_set = set(singles)
        for position in singles:
            neighbours = (position - 1, position + 1)
            if any(0 <= n < len(words) and (covered[n] or n in single_set) for n in neighbours):
                covered[position] = True
        return len(words), sum(covered)

    def _furniture_index(self) -> dict[str, list[tuple[str, ...]]]:
        if self._index is None:
            index: dict[str, list[tuple[str, ...]]] = {}
            for key, words in self.words.items():
                count = self.counts.get(key)
                if count is not None and self.is_furniture_count(count):
                    index.setdefault(words[0], []).append(words)
            for sequences in index.values():
                sequences.sort(key=len, reverse=True)  # the longest block wins
            self._index = index
        return self._index

    # -- persistence ---------------------------------------------------------------------

    def save(self, path: Path, max_saved: int) -> int:
        """Write the *max_saved* most frequent repeated blocks; return how many were written."""
        repeated = sorted(((sum(self.counts[key]), key) for key in self.words if key in self.counts), reverse=True)
        blocks = [
            {
                "words": " ".join(self.words[key]),
                "article_pages": self.counts[key][0],
                "listing_pages": self.counts[key][1],
            }
            for _, key in repeated[:max_saved]
        ]
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps({"version": 1, "blocks": blocks}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        return len(blocks)

    def load(self, path: Path) -> int:
        """Take an earlier run's blocks, their counts halved; return how many (0: none or unreadable)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            blocks = data["blocks"]
        except (OSError, ValueError, KeyError, TypeError):
            return 0
        loaded = 0
        for block in blocks if isinstance(blocks, list) else ():
            try:
                words = tuple(str(block["words"]).split())
                count = [int(block["article_pages"]) // 2, int(block["listing_pages"]) // 2]
            except (KeyError, TypeError, ValueError):
                continue
            if words and count[0] + count[1] > 0:
                key = _key(words)
                self.counts[key], self.words[key] = count, words
                loaded += 1
        self._index = None
        return loaded
