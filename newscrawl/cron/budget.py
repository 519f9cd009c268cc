"""A scheduled run's budgets: it ends cleanly, and the next run goes on where it stopped.

Four limits, each an option of ``newscrawl cron`` (0 switches one off):

- ``--max-minutes`` (default 50, under an hourly schedule), ``--max-pages``
  (default 20,000 responses) and ``--max-articles`` (default 0: no limit) are
  Scrapy's CloseSpider extension (``CLOSESPIDER_TIMEOUT`` / ``_PAGECOUNT`` /
  ``_ITEMCOUNT``). The spider closes gracefully, its pending requests stay in
  JOBDIR, and the next run resumes them;
- ``--max-depth`` (default 25) is the pagination budget of
  :mod:`newscrawl.crawler.budget`: listing pages past the last one linking a known
  article; deeper requests are held in ``DIR/<spider>/held-requests.json``
  and started by the next run.

A run that reached a budget is healthy (exit 0): its report's ``run.budget``
says which budget and how much was left for the next run, and the verdict line
ends with ``budget: ...``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

#: CloseSpider's finish reasons -> the budget's name in the report.
BUDGET_REASONS = {"closespider_timeout": "time", "closespider_pagecount": "pages", "closespider_itemcount": "articles"}
HELD_NAME = "held-requests.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-minutes",
        type=float,
        default=50,
        metavar="M",
        help="end the run cleanly after M minutes; the next run resumes (default 50; 0: no limit)",
    )
    parser.add_argument(
        "--max-pages",
        type=int,
        default=20_000,
        metavar="N",
        help="end the run cleanly after N responses (default 20000; 0: no limit)",
    )
    parser.add_argument(
        "--max-articles",
        type=int,
        default=0,
        metavar="N",
        help="end the run cleanly after N articles written (default 0: no limit)",
    )
    parser.add_argument(
        "--max-depth",
        type=int,
        default=25,
        metavar="N",
        help="follow pagination at most N listing pages past the last known article; deeper "
        "pages wait for the next run (default 25; 0: no limit)",
    )


def problems(args: argparse.Namespace) -> list[str]:
    """Budget options that make no sense (negative)."""
    return [
        f"{option} must be 0 or more, got {value}"
        for option, value in (
            ("--max-minutes", args.max_minutes),
            ("--max-pages", args.max_pages),
            ("--max-articles", args.max_articles),
            ("--max-depth", args.max_depth),
        )
        if value < 0
    ]


def settings(args: argparse.Namespace, root: Path) -> list[str]:
    """The crawl settings that enforce the budgets (the operator's --set still wins)."""
    return [
        f"CLOSESPIDER_TIMEOUT={args.max_minutes * 60:g}",
        f"CLOSESPIDER_PAGECOUNT={args.max_pages}",
        f"CLOSESPIDER_ITEMCOUNT={args.max_articles}",
        # as in `newscrawl crawl`: exactly N written, the items already in flight are dropped
        f"NEWSCRAWL_MAX_ARTICLES={args.max_articles}",
        f"NEWSCRAWL_INCREMENTAL_MAX_DEPTH={args.max_depth}",
        f"NEWSCRAWL_INCREMENTAL_RESUME_PATH={root / HELD_NAME}",
    ]


def note(stats: dict[str, Any]) -> dict[str, Any] | None:
    """The report's ``run.budget``: which budget ended or shortened the run, or None.

    >>> note({"finish_reason": "closespider_timeout", "scheduler/enqueued": 9, "scheduler/dequeued": 5})
    {'reached': ['time'], 'pending_requests': 4, 'held_listing_requests': 0}
    >>> note({"finish_reason": "finished", "newscrawl/crawler/budget/pagination_depth": 2})["reached"]
    ['pagination_depth']
    >>> note({"finish_reason": "finished"}) is None
    True
    """
    reached = []
    if stats.get("finish_reason") in BUDGET_REASONS:
        reached.append(BUDGET_REASONS[stats["finish_reason"]])
    held = stats.get("newscrawl/crawler/budget/pagination_depth", 0)
    if held:
        reached.append("pagination_depth")
    if not reached:
        return None
    pending = max(0, stats.get("scheduler/enqueued", 0) - stats.get("scheduler/dequeued", 0))
    return {"reached": reached, "pending_requests": pending, "held_listing_requests": held}


def describe(budget: dict[str, Any]) -> str:
    """One phrase for the verdict line.

    >>> describe({"reached": ["time"], "pending_requests": 4, "held_listing_requests": 0})
    'budget: time reached; the next run resumes 4 pending requests'
    """
    parts = [f"{' and '.join(budget['reached'])} reached"]
    left = []
    if budget["pending_requests"]:
        left.append(f"{budget['pending_requests']} pending requests")
    if budget["held_listing_requests"]:
        left.append(f"{budget['held_listing_requests']} listing pages held back")
    if left:
        parts.append("the next run resumes " + " and ".join(left))
    return "budget: " + "; ".join(parts)
