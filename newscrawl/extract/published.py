"""Strategies for ``published_at`` beyond one tag: declarations that disagree, microdata anywhere
on the page, and htmldate for pages that declare nothing.

**When the page's declarations disagree.** A page may declare its publication date three ways:
JSON-LD ``datePublished``, a ``<meta>`` (``article:published_time`` and kin) and microdata
(``itemprop="datePublished"``, ``<abbr class="published" title>``; read only when JSON-LD and the meta
are both absent or differ: the page-wide lookup costs about a millisecond). When they name the same moment,
the one written with a local offset rather than a UTC label wins, then JSON-LD, meta, microdata
in that order. When they differ, the rule is, in order:

1. the declaration whose calendar day the page's visible date line shows (a reader's evidence);
2. else the earliest moment: a CMS that rewrites one of them rewrites it with the time of an update,
   which is later, never earlier ("published", not "modified": htmldate's ``original_date``);
3. on the same moment, the one written with a local offset rather than a UTC label.

Dates are compared as ``read_date`` reads them without a site zone: only the order matters, and a
value without an offset is compared as if in UTC (the same for every declaration of the page).

**htmldate** (a kept library, pinned in requirements.txt) is the last layer: the day a page shows in
its URL, its free text in any language (``dd.mm.yyyy``...) or markup the layers above do not read.
It costs several milliseconds a page, so it runs only when every cheaper layer gave nothing
(``load_article`` stops at the first layer that yields), with ``original_date=True`` and
``extensive_search=False``: its extensive search takes a year alone in free text for January 1st
(``2018-01-01`` on every Jang page, whose only Gregorian date is Urdu), a guess, never a date.
It states a day, never a time: the value is that day in the site's zone, precision ``day``.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.core.dates import read_date
from newscrawl.extract.walk import Element, element_text

logger = logging.getLogger(__name__)

# ``*/@itemprop[...]/..``: libxml2 tests attributes in C, where ``*[@itemprop=...]`` runs a
# predicate per element (7x slower on a real page; the same elements, in page order).
_MICRODATA = etree.XPath(
    "descendant-or-self::*/@itemprop[.='datePublished' or .='dateCreated']/.."
    "|descendant-or-self::abbr[contains(concat(' ', normalize-space(@class), ' '), ' published ')][@title]"
)


class PublishedStrategies:
    """The ``published_at`` strategies of ``ArticlePage`` that weigh several declarations."""

    root: Element
    url: str

    if TYPE_CHECKING:  # from the other strategy families

        def date_from_jsonld(self) -> str | None: ...
        def date_from_meta(self) -> str | None: ...
        def date_line(self) -> str | None: ...
        def date_text_from_time_element(self) -> str | None: ...

    def date_from_microdata(self) -> str | None:
        """``itemprop="datePublished"`` anywhere on the page (``content``, ``datetime`` or text),
        else ``<abbr class="published" title="...">``."""
        for element in _MICRODATA(self.root):
            text = element.get("content") or element.get("datetime") or element.get("title") or element_text(element)
            if text and text.strip():
                return text.strip()
        return None

    @cached_property
    def declared_date(self) -> tuple[str, str] | None:
        """(layer name, text) of the declaration the rule above picks, or ``None``."""
        declared = [
            (name, text)
            for name, text in (("jsonld", self.date_from_jsonld()), ("meta", self.date_from_meta()))
            if text
        ]
        if len(declared) == 1 or (declared and declared[0][1] == declared[-1][1]):
            return declared[0]  # one declaration, or the same text: nothing to weigh
        microdata = self.date_from_microdata()  # a page-wide XPath (~1 ms): only when it can change the answer
        if microdata:
            declared.append(("microdata", microdata))
        if len(declared) <= 1:
            return declared[0] if declared else None
        found = []
        for order, (name, text) in enumerate(declared):
            parsed = read_date(text)
            if parsed is not None:
                moment = datetime.fromisoformat(parsed.iso)
                found.append((moment, moment.utcoffset().total_seconds() == 0, order, name, text))  # type: ignore[union-attr]
        if not found:
            return None
        if len({moment for moment, *_ in found}) > 1:
            shown = self._visible_day()
            seen = [entry for entry in found if entry[0].date() == shown]
            if seen and len({entry[0].date() for entry in found}) > 1:
                found = seen
            found.sort()  # earliest; then a local offset before a UTC label; then the layer order
        else:
            found.sort(key=lambda entry: entry[1:3])  # a local offset before a UTC label; then the layer order
        _, _, _, name, text = found[0]
        return name, text

    def _visible_day(self) -> date | None:
        line = self.date_line() or self.date_text_from_time_element()
        parsed = read_date(line) if line else None
        return datetime.fromisoformat(parsed.iso).date() if parsed else None

    def _declared_by(self, name: str) -> str | None:
        declared = self.declared_date
        return declared[1] if declared and declared[0] == name else None

    def declared_in_jsonld(self) -> str | None:
        return self._declared_by("jsonld")

    def declared_in_meta(self) -> str | None:
        return self._declared_by("meta")

    def declared_in_microdata(self) -> str | None:
        return self._declared_by("microdata")

    def date_from_htmldate(self) -> str | None:
        """The day htmldate finds (URL, free text, other markup), ``original_date`` semantics."""
        import htmldate  # noqa: PLC0415 - imported on the first page that needs it

        try:
            # bytes, never a str: htmldate downloads a str that looks like a URL
            return htmldate.find_date(
                etree.tostring(self.root), url=self.url, original_date=True, extensive_search=False
            )
        except Exception as error:  # noqa: BLE001 - a third-party parser on hostile markup: no date, not a crash
            logger.warning("htmldate failed on %s (%s: %.200s): no date from it", self.url, type(error).__name__, error)
            return None
