"""OneLineLogFormatter: a dropped item is one log line (its reason), not the whole item.

Scrapy's LogFormatter logs every dropped item with its full repr: an in-run
duplicate of an Urdu article is ~30 lines of body text. The reason already
names the URL and the counted key. Setting: LOG_FORMATTER (settings.py).
"""

from __future__ import annotations

from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult


class OneLineLogFormatter(LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        level = super().dropped(item, exception, response, spider)["level"]  # Scrapy's choice of level
        return {"level": level, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
