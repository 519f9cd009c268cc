"""Strategies that read the sections a page labels in Urdu: date line, source, keywords, read-also.

Labels are matched on *normalized* text, so legacy pages that spell ``کلیدی لفظ``
with an Arabic yeh still match. They are found on the pieces of the page walk
(``newscrawl.extract.walk``): only the text runs the walk marked as possible
labels are normalized and matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from newscrawl.extract.walk import BLOCK_TAGS, Element, PageWalk, Piece, element_text, piece_text
from newscrawl.core.text import normalize_urdu, split_list, strip_label
from newscrawl.core.urls import canonicalize_url, clean_link

# Urdu section labels as they appear on pages in this style (normalized spelling),
# longest first so "یہ بھی پڑھیں" wins over "پڑھیں".
LABELS: dict[str, tuple[str, ...]] = {
    "date": ("تاریخ اشاعت", "اشاعت کی تاریخ", "شائع شدہ", "تاریخ"),
    "source": ("بشکریہ", "ذرائع", "ذریعہ", "ماخذ"),
    "keywords": ("کلیدی الفاظ", "کلیدی لفظ", "ٹیگز", "ٹیگ"),
    # Islam Times' "پڑھیں:", BBC's "یہ بھی پڑھیے", the related-news boxes of Jang, Express, Nawa-i-Waqt,
    # Dawn News ("مزید خبریں", "متعلقہ خبریں"), Hum Sub ("متعلقہ تحریریں") and VOA ("متعلقہ")
    "read_also": (
        "یہ بھی پڑھیں",
        "یہ بھی پڑھیے",
        "مزید پڑھیں",
        "متعلقہ خبریں",
        "مزید خبریں",
        "متعلقہ تحریریں",
        "متعلقہ",
        "پڑھیں",
    ),
}
_ALL_LABELS = sorted(
    ((label, kind) for kind, labels in LABELS.items() for label in labels),
    key=lambda pair: -len(pair[0]),
)
_LABEL_AT_START = re.compile("^(" + "|".join(re.escape(label) for label, _ in _ALL_LABELS) + r")\s*(?:[:：]|$)")
_LABEL_KIND = dict(_ALL_LABELS)
# A label is followed by a colon (maybe full-width) or stands alone in its own element;
# the raw text is tested cheaply first, and only candidates are normalized and matched.
#: How long a run of text standing alone may be and still be a label (spelled in any code points).
LABEL_ROOM = max(len(label) for label, _ in _ALL_LABELS) + 4


def may_be_label(raw: str) -> bool:
    """Cheap test on raw text before normalizing it: a colon, or a run short enough to be
    a label standing alone (``<dt>ذریعہ</dt>``, spelled in any code points).

    >>> may_be_label("ذریعہ: Islam Times"), may_be_label(" كليدي لفظ "), may_be_label("  ")
    (True, True, False)
    """
    return ":" in raw or "：" in raw or 0 < len(raw.strip()) <= LABEL_ROOM


def label_kind(text: str) -> tuple[str, str] | None:
    """``(kind, text after the label)`` when normalized *text* opens with a section label.

    >>> label_kind("ذریعہ: Islam Times")
    ('source', 'Islam Times')
    >>> label_kind("یہ بھی پڑھیں:")
    ('read_also', '')
    >>> label_kind("پاکستان اور چین") is None
    True
    """
    match = _LABEL_AT_START.match(text)
    if not match:
        return None
    return _LABEL_KIND[match.group(1)], strip_label(text, [match.group(1)])


# Labels read lately, by the raw text of their piece: (normalized text, label_kind of it). A site's
# chrome repeats its short runs (dates, "Advertisement", menu words) on every page: ~50 label
# candidates a real-weight page, a few hundred distinct over a site. A longer run (a paragraph
# with a colon is a candidate too) is the article's own, seen once: read, never kept.
_READ: dict[str, tuple[str, tuple[str, str] | None]] = {}
_READ_MAX = 4096
_READ_CHARS = 80


def read_label(raw: str) -> tuple[str, tuple[str, str] | None]:
    """``(normalize_urdu(raw), label_kind of it)``, remembered for the raw text.

    >>> read_label(" كليدي لفظ : چین")
    ('کلیدی لفظ : چین', ('keywords', 'چین'))
    """
    read = _READ.get(raw)
    if read is None:
        text = normalize_urdu(raw)
        read = (text, label_kind(text))
        if len(raw) <= _READ_CHARS:
            if len(_READ) >= _READ_MAX:
                _READ.clear()
            _READ[raw] = read
    return read


@dataclass(slots=True)
class Label:
    """A labelled section: where its label stands and what follows it."""

    kind: str
    index: int  # position of the label's piece
    end: int  # first piece past the section's container
    rest: str  # text after the label within the label's own piece
    standalone: bool  # the label is a heading of its own (nothing else on its line)
    container: Element | None = None


class LabelStrategies:
    """The labelled-section strategies of ``ArticlePage`` (see newscrawl.extract.layers)."""

    walk: PageWalk
    is_article_url: Callable[[str], bool]
    urljoin: Callable[[str], str]

    @property
    def pieces(self) -> list[Piece]:
        return self.walk.pieces

    @cached_property
    def labels(self) -> dict[str, Label]:
        """The first labelled section of each kind."""
        return {kind: sections[0] for kind, sections in self.sections.items()}

    @cached_property
    def sections(self) -> dict[str, list[Label]]:
        """Every labelled section, by kind, in page order, found on normalized text.

        A page may say ``یہ بھی پڑھیں:`` inline in the body and again above its
        related-articles box; read-also takes the links of all of them.
        """
        found: dict[str, list[Label]] = {}
        pieces = self.pieces
        for index in self.walk.label_candidates:
            piece = pieces[index]
            text, parsed = read_label(piece_text(piece))
            if parsed is None:
                continue
            kind, rest = parsed
            container, standalone = self._label_container(piece[3], text)
            end = self.walk.block_ends.get(container, len(pieces)) if container is not None else len(pieces)
            if container is not None and not self._opens(container, index):
                container = None  # a label inside running text: its block is not its section
            found.setdefault(kind, []).append(Label(kind, index, end, rest, standalone and not rest, container))
        return found

    def _opens(self, container: Element, index: int) -> bool:
        """Whether nothing but white space comes before piece *index* in *container*."""
        for position in range(index - 1, -1, -1):
            piece = self.pieces[position]
            kind = piece[0]
            if kind == "break" and piece[3] is container:
                return True
            if kind == "link" or (kind == "text" and piece_text(piece).strip()):
                return False
        return True

    def _label_container(self, owner: Element | None, label_text: str) -> tuple[Element | None, bool]:
        """The block that holds a label and its value, and whether the label stands alone.

        ``<div><span>ذریعہ:</span> Islam Times</div>``: the div. ``<h2>پڑھیں:</h2>``
        alone in its block: the block's parent, where the related links are.
        """
        block = owner
        while block is not None and block.tag not in BLOCK_TAGS:
            block = block.getparent()
        if block is None:
            return None, False
        standalone = element_text(block) == label_text
        if standalone and block.getparent() is not None:
            return block.getparent(), True
        return block, False

    def _after_label(self, kind: str, label: Label | None = None) -> Iterator[Piece]:
        """Pieces after a label (the kind's first), up to the next label or the end of its container."""
        label = label or self.labels.get(kind)
        if label is None:
            return
        if label.rest:
            yield ("text", label.rest, None, None)
        for piece in self.pieces[label.index + 1 : label.end]:
            if piece[0] == "text" and may_be_label(text := piece_text(piece)) and read_label(text)[1]:
                return
            yield piece

    def _label_line(self, kind: str) -> str | None:
        """The text of a label's value: up to the first line break after some text."""
        parts: list[str] = []
        for piece in self._after_label(kind):
            if piece[0] == "break":
                if parts and normalize_urdu(" ".join(parts)):
                    break
                continue
            parts.append(piece_text(piece))
        text = normalize_urdu(" ".join(parts)).lstrip(":： ").strip()
        return text or None

    @cached_property
    def excluded(self) -> set[Element]:
        """Containers of labelled sections other than the date: never body, never lead."""
        return {
            label.container
            for kind, sections in self.sections.items()
            if kind != "date"
            for label in sections
            if label.container is not None and label.container.tag != "body"
        }

    def inside_excluded(self, element: Element) -> bool:
        """Whether *element* is, or is inside, a labelled section other than the date."""
        excluded = self.excluded
        if not excluded:
            return False
        if element in excluded:
            return True
        return any(ancestor in excluded for ancestor in element.iterancestors())

    # -- the strategies ------------------------------------------------------------

    def date_line(self) -> str | None:
        """The visible date line after ``اشاعت کی تاریخ:``."""
        return self._label_line("date")

    def source_from_label(self) -> str | None:
        return self._label_line("source")

    def keywords_from_label(self) -> list[str]:
        """Links after ``کلیدی لفظ:``, one keyword each; else the line split on commas."""
        links = [text for piece in self._after_label("keywords") if piece[0] == "link" and (text := piece_text(piece))]
        if links:
            return links
        line = self._label_line("keywords")
        return split_list(line) if line else []

    def read_also_from_label(self) -> list[dict[str, str]]:
        return self.related(
            piece
            for label in self.sections.get("read_also", [])
            for piece in self._after_label("read_also", label)
            if piece[0] == "link"
        )

    def related(self, links: Iterable[Piece]) -> list[dict[str, str]]:
        """Article links with their titles; an image link and a title link to one URL merge."""
        related: dict[str, str] = {}
        for link in links:
            href = clean_link(link[2]) if link[2] else None
            if not href:
                continue
            url = canonicalize_url(self.urljoin(href))
            if url and self.is_article_url(url) and (url not in related or not related[url]):
                related[url] = piece_text(link)
        return [{"url": url, "title": title} for url, title in related.items()]
