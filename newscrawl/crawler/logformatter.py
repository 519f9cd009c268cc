"""OneLineLogFormatter: a dropped item is one log line (its reason), not the whole item.

Scrapy's LogFormatter logs every dropped item with its full repr: an in-run
duplicate of an Urdu article is ~30 lines of body text. The reason already
names the URL and the counted key. Setting: LOG_FORMATTER (settings.py).

Scrapy logs every response ("Crawled (200) ...") and every item ("Scraped from ...") at
DEBUG, and Python's logging builds each record (the caller's frame looked up, the
arguments gathered) before its handlers drop it under LOG_LEVEL=INFO: two records a page
that nobody reads. When no handler would take a DEBUG record, these two return None,
which Scrapy documents as "log nothing" (docs/performance.md, "Around extraction", third round).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult

_ENGINE = logging.getLogger("scrapy.core.engine")  # Scrapy logs "Crawled" here
_SCRAPER = logging.getLogger("scrapy.core.scraper")  # and "Scraped from" here


def heard(logger: logging.Logger, level: int) -> bool:
    """Whether a record of *level* from *logger* would reach a handler that takes its level,
    which logging only finds out after building the record.

    >>> quiet = logging.getLogger("newscrawl.doctest.quiet")
    >>> quiet.propagate, quiet.level = False, logging.DEBUG
    >>> quiet.addHandler(logging.NullHandler(logging.INFO))
    >>> heard(quiet, logging.DEBUG), heard(quiet, logging.INFO)
    (False, True)
    """
    if not logger.isEnabledFor(level):
        return False
    current: logging.Logger | None = logger
    found = False
    while current is not None:
        for handler in current.handlers:
            found = True
            if level >= handler.level:
                return True
        if not current.propagate:
            break
        current = current.parent
    # no handler at all: logging's last resort takes the record (WARNING and up)
    return not found and logging.lastResort is not None and level >= logging.lastResort.level


class OneLineLogFormatter(LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        level = super().dropped(item, exception, response, spider)["level"]  # Scrapy's choice of level
        return {"level": level, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}

    def crawled(self, request: Any, response: Any, spider: Any) -> LogFormatterResult | None:  # type: ignore[override]
        return super().crawled(request, response, spider) if heard(_ENGINE, logging.DEBUG) else None

    def scraped(self, item: Any, response: Any, spider: Any) -> LogFormatterResult | None:  # type: ignore[override]
        return super().scraped(item, response, spider) if heard(_SCRAPER, logging.DEBUG) else None
