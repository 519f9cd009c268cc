"""Page furniture learned per site: text blocks that stand on many of the site's pages.

Method: site-level template detection as in Bar-Yossef & Rajagopalan, "Template detection
via data mining and its applications" (WWW 2002): a page is cut into blocks, and a block
whose text recurs on many pages of the same site is template, not content. This is also
what trafilatura's duplicate-segment filter does within a crawl. Blocks are cut
and spelled by newscrawl.rules.blocks. Which pages are learned from (all of them until the
model is stable, then a sample) is newscrawl.rules.learning's decision.

A block is furniture when it stood on ``min_pages`` article pages of the site, or on an
article page *and* two listing pages. The second rule makes the model right from the first
article of a run: every article is found on listing pages parsed before it (the home page
and a section), and the menus and footers of all of them are the same. It asks for two
listing pages, not one. Listing pages contribute only their chrome: a block next to a link
to an article (a teaser: an article's headline and lead; or a quote beside its headline link,
as a home page quoting a few articles in full in one flat section) is not learned from a
listing (newscrawl.rules.blocks), and the item's own headline and lead never count as furniture
when its body is judged. Two articles sharing a quote share it on two article pages and
no listing: not furniture. Counts persist across cron runs (halved at each load so a
redesign's old chrome fades), bounded to the most frequent blocks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Any

from newscrawl.core.jsonfile import write_json
from newscrawl.rules.blocks import REMEMBERED_BLOCKS, page_blocks, tokens

__all__ = ["SiteFurniture", "page_blocks", "tokens"]


@lru_cache(maxsize=REMEMBERED_BLOCKS)
def _key(words: tuple[str, ...]) -> str:
    """A block's key (remembered: the same chrome blocks are hashed once, not on every page)."""
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest()


class SiteFurniture:
    """Per-site block counts: article pages and listing pages each block stood on."""

    def __init__(self, min_pages: int = 3, max_blocks: int = 200_000) -> None:
        self.min_pages = min_pages
        self.max_blocks = max_blocks
        self.counts: dict[str, list[int]] = {}  # key -> [article pages, listing pages]
        self.words: dict[str, tuple[str, ...]] = {}  # text of blocks seen on two pages or more
        self._index: dict[str, list[tuple[str, ...]]] | None = None
        self._version = 0  # changes whenever the furniture index does
        self._judged: tuple[Any, ...] | None = None  # body_words' last question and answer

    # -- learning -----------------------------------------------------------------------

    def learn(self, blocks: Iterable[tuple[str, ...]], listing: bool) -> tuple[int, int]:
        """Count one page's blocks (each once, however often the page repeats it).

        Returns (blocks that became furniture on this page, blocks that already were):
        what newscrawl.rules.learning judges the model's stability by."""
        slot = 1 if listing else 0
        became = known = 0
        for key, words in {_key(words): words for words in blocks}.items():
            count = self.counts.get(key)
            if count is None:
                self.counts[key] = count = [0, 0]
            was = self.is_furniture_count(count)
            count[slot] += 1
            worded = False
            if count[0] + count[1] >= 2 and key not in self.words:
                self.words[key] = words
                worded = True
            if was:
                known += 1
            elif self.is_furniture_count(count):
                became += 1
            else:
                continue
            if (worded or not was) and key in self.words:
                self._index_add(self.words[key])
        if len(self.counts) > self.max_blocks:
            self._forget_singletons()
        return became, known

    def _index_add(self, words: tuple[str, ...]) -> None:
        """One more furniture block in the index the judge reads, kept longest first; the
        index is built once and then grown, not rebuilt for every page that adds a block."""
        self._version += 1
        if self._index is None:
            return  # built on first use, with this block in it
        sequences = self._index.setdefault(words[0], [])
        at = next((i for i, known in enumerate(sequences) if len(known) < len(words)), len(sequences))
        sequences.insert(at, words)

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

        Several gates ask about the same record in a row: the last answer is kept while the
        strings and the furniture index are the same, so a body is tokenized and matched once.
        """
        own = tuple(own)
        last = self._judged
        if last is not None and last[0] is body and last[1] == own and last[2] == self._version:
            return last[3]
        answer = self._count_body_words(body, own)
        self._judged = (body, own, self._version, answer)
        return answer

    def _count_body_words(self, body: str | None, own: tuple[str | None, ...]) -> tuple[int, int]:
        """A single-word furniture block (a menu item in its own ``<li>``) counts only beside
        other furniture: "پاکستان" in a sentence is a word, in a menu it is the menu.
        """
        words = tokens(body)
        if not words:
            return 0, 0
        index = self._furniture_index()
        skip = {tokens(text) for text in own if text}
        covered = [False] * len(words)
        singles: list[int] = []
        position = 0  # the first word not yet inside a matched block
        last = len(words) - 1
        # only a word that starts some furniture block can start a match: those positions are
        # found in C (most of a body's words start none), the rest are stepped over as before
        for start in compress(range(len(words)), map(index.__contains__, words)):
            if start < position:
                continue
            following = words[start + 1] if start < last else None
            for sequence in index[words[start]]:
                size = len(sequence)
                # most blocks a word starts part at their second word: no slice for those, and
                # the (unhashed) block is looked up in skip only once its words matched
                if size > 1 and sequence[1] != following:
                    continue
                end = start + size
                if words[start:end] == sequence and sequence not in skip:
                    if size == 1:
                        singles.append(start)
                    else:
                        covered[start:end] = [True] * size
                    position = end
                    break
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
        write_json(path, {"version": 1, "blocks": blocks})
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
        self._version += 1
        return loaded
