"""The catalogue's exceptions as Scrapy's ``DropItem`` subclasses, built from newscrawl.rules.outcomes.

A pipeline raises ``drop(reason, item, why)``: the exception class the catalogue names for
that reason (Scrapy counts it under ``item_dropped_reasons_count/<Class>``), the message
naming the URL and the counted key. Other stages catch a family (``FurnitureText``,
``DuplicateArticle``) or ask the catalogue what an exception means (:func:`outcome_of`).

>>> issubclass(SharedText, FurnitureText), issubclass(SeenDuplicate, DuplicateArticle), SharedText.__name__
(True, True, 'SharedText')
>>> outcome_of(drop_exception("ShortBody")("x")).no_article
True
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from scrapy.exceptions import DropItem

from newscrawl.rules import outcomes

logger = logging.getLogger(__name__)


@cache
def drop_exception(name: str) -> type[DropItem]:
    """The DropItem subclass called *name* in the catalogue (a family or an outcome's exception)."""
    if name == "DropItem":
        return DropItem
    if name in outcomes.FAMILIES:
        parent, doc, info = "DropItem", outcomes.FAMILIES[name], False
    else:
        entry = outcomes.by_exception(name)
        if entry is None:
            raise KeyError(f"{name} is not an exception of newscrawl.rules.outcomes")
        parent, doc, info = entry.parent, entry.doc, entry.info
    body: dict[str, Any] = {"__doc__": doc, "__module__": __name__}
    if info:
        body["log_level"] = "INFO"  # Scrapy's LogFormatter.dropped reads it
    return type(name, (drop_exception(parent),), body)


def drop(reason: str, item: Any, why: str, group: str = "dropped") -> DropItem:
    """The exception for the catalogue's *reason* (``short_body``, ``language_en``), its message naming the key."""
    key = f"newscrawl/{group}/{reason}"
    entry = outcomes.outcome(key)
    if entry is None or entry.exception is None:
        raise KeyError(f"{key} is not a pipeline outcome of newscrawl.rules.outcomes")
    return drop_exception(entry.exception)(f"{item.get('url')}: {why} ({key})")


def enforce(verdict: outcomes.Verdict, item: Any, stats: Any) -> None:
    """Carry out a rule's verdict on *item*: count and log its warnings; keep (set its fields) or count and raise."""
    for name, line in verdict.warnings:
        stats.inc_value(f"newscrawl/warnings/{name}")
        logger.warning("%s (newscrawl/warnings/%s)", line, name)
    if verdict.reason is None:
        if verdict.fields:
            item.update(verdict.fields)
        return
    stats.inc_value(f"newscrawl/{verdict.group}/{verdict.reason}")
    error = drop(verdict.reason, item, verdict.why, verdict.group)
    if verdict.reason == "shared_text":  # furniture found only now, never marked seen: say so, loud
        logger.warning("Dropped %s", error)
    raise error


def outcome_of(exception: BaseException) -> outcomes.Outcome | None:
    """What a drop means, from the catalogue (None for a drop it does not name: a full disk)."""
    return outcomes.by_exception(type(exception).__name__)


FurnitureText = drop_exception("FurnitureText")
DuplicateArticle = drop_exception("DuplicateArticle")
MissingHeadline = drop_exception("MissingHeadline")
MissingBody = drop_exception("MissingBody")
SiteNameHeadline = drop_exception("SiteNameHeadline")
BoilerplateBody = drop_exception("BoilerplateBody")
ShortBody = drop_exception("ShortBody")
OtherLanguage = drop_exception("OtherLanguage")
SharedText = drop_exception("SharedText")
OlderThanSince = drop_exception("OlderThanSince")
SeenDuplicate = drop_exception("SeenDuplicate")
OverMaxArticles = drop_exception("OverMaxArticles")
