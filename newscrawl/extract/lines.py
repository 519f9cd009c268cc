"""The lines of a page region, read as jusText reads paragraphs: running text, short, or bad.

A line is what ``body.paragraphs`` joins between two breaks, with its link text counted. Running
text is long (``GOOD_CHARS`` in Latin letters' worth: ``reading_length``) and not link text
(``MAX_LINK_SHARE``); a short line counts when running text stands on both sides of it (``keep``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newscrawl.core.text import normalize_urdu
from newscrawl.extract.walk import Piece

#: A line of running text: at least this many characters, at most this share of them link text.
GOOD_CHARS = 80
MAX_LINK_SHARE = 0.3
#: A long line with up to this share of link text is a paragraph with inline links, not a teaser:
#: it joins between two paragraphs (``keep``).
INLINE_LINK_SHARE = 0.5
#: Han characters and kana carry about three Latin letters' worth each (a CJK character is nearly
#: a word), a Hangul syllable about two: a 40-character Chinese paragraph is running text.
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
#: Shorter lines (a credit, "Advertisement") never join, not even between paragraphs.
SHORT_CHARS = 15
Line = tuple[str, int, int]  # (text, characters of link text, index of its first piece)


def lines(pieces: Iterable[tuple[int, Piece]]) -> list[Line]:
    """Paragraph lines of indexed pieces, as ``body.paragraphs`` joins them, with their link text."""
    result: list[Line] = []
    parts: list[str] = []
    links, start = 0, -1

    def close() -> None:
        text = normalize_urdu("".join(parts))
        if text:
            result.append((text, links, start))

    for index, piece in pieces:
        kind = piece[0]
        if kind == "break":
            if parts:
                close()
                parts, links = [], 0
            continue
        if not parts:
            start = index
        if kind == "link" and piece[3] is not None:
            text = "".join(piece[3].itertext())
            links += len(text.strip())
            parts.append(text)
        elif piece[1]:
            parts.append(piece[1])
    if parts:
        close()
    return result


def reading_length(text: str) -> int:
    """Characters weighted by script, in Latin letters' worth (``_WIDE``, ``_HANGUL``)."""
    if text.isascii():
        return len(text)
    return len(text) + 2 * len(_WIDE.findall(text)) + len(_HANGUL.findall(text))


def is_running_text(line: Line) -> bool:
    text, links, _ = line
    return links <= MAX_LINK_SHARE * len(text) and (len(text) >= GOOD_CHARS or reading_length(text) >= GOOD_CHARS)


def is_link_line(line: Line) -> bool:
    """A line that is mostly a link: a teaser's headline, "read more", a related story."""
    return len(line[0]) >= SHORT_CHARS and line[1] > 0.5 * len(line[0])


def keep(added: list[Line], good_before: bool, good_after: bool) -> list[str]:
    """The added lines that read as running text, and shorter ones whose nearest lines on both
    sides that are not short themselves read as running text (jusText's context rule; the seed's
    side counts as running text: ``good_before``/``good_after``). Running text right after a link
    line is a teaser's summary when another teaser follows it (a link or link-heavy line next);
    an article continues after its "read more" link. A line mostly link text is a teaser, and a
    short line beside it is not the article either; a long line that is partly link text
    (``MAX_LINK_SHARE`` to ``INLINE_LINK_SHARE``) counts as short: a paragraph with a few inline
    links between two paragraphs is the article's. Lines under ``SHORT_CHARS`` are never kept."""
    raw = [_kind(line) for line in added]
    seed_before, seed_after = ("good" if good else "bad" for good in (good_before, good_after))
    going_on = _nearest(raw[::-1], seed_after)[::-1]  # is the article going on after each line?
    kinds = [
        "bad" if kind == "good" and index and is_link_line(added[index - 1]) and going_on[index] != "good" else kind
        for index, kind in enumerate(raw)
    ]
    before, after = _nearest(kinds, seed_before), _nearest(kinds[::-1], seed_after)[::-1]
    return [
        line[0]
        for line, kind, left, right in zip(added, kinds, before, after, strict=True)
        if kind == "good" or (kind == "short" and len(line[0]) >= SHORT_CHARS and left == right == "good")
    ]


def _nearest(kinds: list[str], seed: str) -> list[str]:
    """For each kind in order, the nearest kind before it that is not "short" (*seed* for the first ones).

    >>> _nearest(["good", "short", "bad", "short"], "bad")
    ['bad', 'good', 'good', 'bad']
    """
    nearest, previous = [], seed
    for kind in kinds:
        nearest.append(previous)
        if kind != "short":
            previous = kind
    return nearest


def _kind(line: Line) -> str:
    """jusText's classes, with this module's thresholds: good, short or bad."""
    text, links, _ = line
    if links > MAX_LINK_SHARE * len(text):
        return "short" if links <= INLINE_LINK_SHARE * len(text) and len(text) >= GOOD_CHARS else "bad"
    if is_running_text(line):
        return "good"
    return "short"
