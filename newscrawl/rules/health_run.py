"""What every health rule reads and is: the run (its stats, its end, its thresholds) and the rule's shape.

newscrawl/rules/health.py lists the rules in order (``RULES``) and judges a run with them;
newscrawl/rules/layout.py holds the rules that say the site's layout changed (exit 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

#: finish reasons of a crawl that ran to its end: done, or stopped at a limit the user set
#: (--max-articles / --max-pages are Scrapy's CLOSESPIDER_ITEMCOUNT / CLOSESPIDER_PAGECOUNT; a time limit)
COMPLETE_FINISH_REASONS = ("finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout")


@dataclass(frozen=True)
class Run:
    """What the rules read: the crawl's stats, how its process ended, the thresholds it saw."""

    stats: dict[str, Any]
    crawl_status: int
    settings: Any
    expect_articles: bool = False  # a plain (not incremental) crawl: writing no article is a failure
    fallen_field: str | None = None  # the field-coverage rule's reason line (newscrawl/cron/coverage.py)
    damaged: tuple[str, ...] = ()  # cron's damaged state files, one line each (newscrawl/cron/damage.py)

    @property
    def fetched(self) -> int:
        return self.stats.get("response_received_count", 0) - self.stats.get("robotstxt/response_count", 0)

    @property
    def answered(self) -> int:
        return _count_2xx(self.stats, "downloader/response_status_count/") - _count_2xx(
            self.stats, "robotstxt/response_status_count/"
        )


class Rule:
    """One health rule: *name*, the *setting* of its threshold (if any), its status and exit code."""

    name: ClassVar[str]
    setting: ClassVar[str | None] = None
    status: ClassVar[str] = "unhealthy"
    exit_code: ClassVar[int]

    def check(self, run: Run) -> str | None:
        """The one-line reason when *run* fails this rule, else None."""
        raise NotImplementedError


def _count_2xx(stats: dict[str, Any], prefix: str) -> int:
    return sum(value for key, value in stats.items() if key.startswith(prefix) and key[len(prefix) :].startswith("2"))
