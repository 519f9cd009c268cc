"""The run's verdict: health rules over the crawl's stats, first failing rule wins.

Each rule is a small object (Spidermon's monitor-per-rule shape): its name, the setting that
holds its threshold, a docstring saying what it guards, and ``check(run)`` giving the one-line
reason when the run fails it. ``RULES`` is their order; :func:`judge` asks them in turn. The rules
that say the layout changed are in newscrawl/rules/layout.py; the run and the rule's shape in health_run.py.
*settings* is anything with Scrapy's ``getint``/``getfloat`` (the core imports no Scrapy).

>>> from scrapy.settings import Settings
>>> s = Settings({"NEWSCRAWL_HEALTH_MAX_LAYOUT_FAILURE_RATIO": 0.5, "NEWSCRAWL_HEALTH_MIN_ARTICLE_PAGES": 3,
...               "NEWSCRAWL_HEALTH_MAX_ERROR_RATIO": 0.5, "NEWSCRAWL_HEALTH_MAX_SAME_TEXT_RATIO": 0.5})
>>> ok = {"finish_reason": "finished", "response_received_count": 4, "downloader/response_status_count/200": 4}
>>> judge({**ok, "downloader/response_status_count/200": 1, "robotstxt/response_status_count/200": 1}, 0, s)[2]
3
>>> judge({**ok, "newscrawl/validated": 1, "newscrawl/dropped/no_headline": 4}, 0, s)[1]
'layout changed: 4 of 5 article pages yielded no article (no_headline 4; limit 50%)'
>>> judge({**ok, "newscrawl/validated": 5, "newscrawl/dropped/boilerplate_body": 3,
...        "newscrawl/dropped/site_name_headline": 1}, 0, s)[1]
'layout changed: 4 of 5 article pages yielded no article (boilerplate_body 3, site_name_headline 1; limit 50%)'
>>> judge({**ok, "newscrawl/validated": 8, "newscrawl/dropped/short_body": 7, "newscrawl/health/dropped_again": 7}, 0, s)
('ok', 'healthy', 0)
>>> judge({**ok, "newscrawl/health/texts": 6, "newscrawl/health/same_text_max": 5}, 0, s)[1]
'layout changed: 5 of 6 article pages had one and the same text (limit 50%)'
>>> judge({**ok, "newscrawl/health/texts": 3, "newscrawl/health/same_text_max": 2}, 0, s)  # a syndicated pair
('ok', 'healthy', 0)
>>> judge(ok, 0, s, fallen_field="layout changed: keywords on 0% of pages, was 96%")[2]
4
>>> judge({**ok, "newscrawl/errors/http_500": 3}, 0, s)[2]
5
>>> judge({**ok, "newscrawl/redis/undecodable": 1}, 0, s)[2]
5
>>> judge({**ok, "newscrawl/seen/store_recreated": 1}, 0, s)[2]
6
>>> judge(ok, 0, s, damaged=("cron.lock: holds b'1'; overwritten",))
('unhealthy', "state file damaged: cron.lock: holds b'1'; overwritten", 6)
>>> judge({**ok, "spider_exceptions/count": 2, "spider_exceptions/RecursionError": 2}, 0, s)[1]
'the spider raised on 2 pages (RecursionError: 2); their articles were lost, see the tracebacks in the log'
>>> judge(ok, 0, s)
('ok', 'healthy', 0)
>>> judge(ok, 0, s, expect_articles=True)[1]
'nothing readable: 4 pages fetched, no article found (wrong site or section, or the layout changed)'
>>> judge({**ok, "finish_reason": "closespider_itemcount", "newscrawl/exported": 2}, 0, s, True)
('ok', 'healthy', 0)
>>> judge({**ok, "newscrawl/dropped/older_than_since": 3}, 0, s, expect_articles=True)  # nothing new since
('ok', 'healthy', 0)
>>> judge({**ok, "finish_reason": "shutdown", "newscrawl/exported": 7}, 0, s, True)[1]
'the crawl stopped early (shutdown); the 7 articles written are kept; a new crawl starts from the beginning (only newscrawl cron resumes)'
"""

from __future__ import annotations

from typing import Any

from newscrawl.rules.exitcodes import (
    EXIT_CRAWL_FAILED,
    EXIT_ARCHIVE_FAILED,
    EXIT_ERRORS,
    EXIT_FETCHED_NOTHING,
    EXIT_OK,
    EXIT_STORE_CORRUPT,
)
from newscrawl.rules.health_run import COMPLETE_FINISH_REASONS, Rule, Run
from newscrawl.rules.layout import FallenField, FurnitureAteExported, NoArticles, NothingReadable, SameText


class NoReport(Rule):
    """The crawl process wrote no stats at all (it died, or the disk was full before the report)."""

    name, status, exit_code = "no_report", "failed", EXIT_CRAWL_FAILED

    def check(self, run: Run) -> str | None:
        if run.stats:
            return None
        return f"the crawl process exited with status {run.crawl_status} and wrote no report (is the disk full?)"


class DiskFull(Rule):
    """The disk filled up: the crawl stopped at once, what it wrote before is kept."""

    name, status, exit_code = "disk_full", "failed", EXIT_CRAWL_FAILED

    def check(self, run: Run) -> str | None:
        if run.stats.get("finish_reason") != "disk_full" and not run.stats.get("newscrawl/errors/disk_full"):
            return None
        return (
            f"disk full: the crawl stopped at once; the {run.stats.get('newscrawl/exported', 0)} records "
            "written before are kept (free space, then the next run goes on)"
        )


class Interrupted(Rule):
    """The crawl stopped before its end (a signal, a shutdown): cron's next run resumes it; a plain
    crawl keeps what it wrote and has no JOBDIR, so a new one starts from the beginning."""

    name, status, exit_code = "interrupted", "interrupted", EXIT_CRAWL_FAILED

    def check(self, run: Run) -> str | None:
        finish = run.stats.get("finish_reason")
        if finish in COMPLETE_FINISH_REASONS:
            return None
        if run.expect_articles:
            return (
                f"the crawl stopped early ({finish}); the {run.stats.get('newscrawl/exported', 0)} articles written "
                "are kept; a new crawl starts from the beginning (only newscrawl cron resumes)"
            )
        return f"the crawl stopped early ({finish}); the next run resumes its pending requests"


class FetchedNothing(Rule):
    """No page answered: site down, blocked, a wrong base URL, or 404 everywhere."""

    name, exit_code = "fetched_nothing", EXIT_FETCHED_NOTHING

    def check(self, run: Run) -> str | None:
        if run.answered > 0:
            return None
        return "fetched nothing: no page answered (site down, blocked, or wrong base URL)"


class SpiderExceptions(Rule):
    """The spider raised on more pages than allowed: their articles were lost."""

    name, setting, exit_code = "spider_exceptions", "NEWSCRAWL_HEALTH_MAX_SPIDER_EXCEPTIONS", EXIT_ERRORS

    def check(self, run: Run) -> str | None:
        failed = run.stats.get("spider_exceptions/count", 0)
        if failed <= run.settings.getint(self.setting, 0):
            return None
        kinds = ", ".join(
            f"{key.split('/', 1)[1]}: {value}"
            for key, value in sorted(run.stats.items())
            if key.startswith("spider_exceptions/") and key != "spider_exceptions/count"
        )
        return f"the spider raised on {failed} pages ({kinds}); their articles were lost, see the tracebacks in the log"


class TooManyErrors(Rule):
    """Failed requests (``newscrawl/errors/*``) over the pages fetched."""

    name, setting, exit_code = "too_many_errors", "NEWSCRAWL_HEALTH_MAX_ERROR_RATIO", EXIT_ERRORS

    def check(self, run: Run) -> str | None:
        errors = sum(value for key, value in run.stats.items() if key.startswith("newscrawl/errors/"))
        limit = run.settings.getfloat(self.setting)
        if errors / run.fetched <= limit:
            return None
        return f"too many errors: {errors} failed requests for {run.fetched} pages fetched (limit {limit:.0%})"


class UndecodableQueue(Rule):
    """Entries of the shared Redis queue were not requests: a request lost, or someone else writing to the Redis."""

    name, exit_code = "undecodable_queue", EXIT_ERRORS

    def check(self, run: Run) -> str | None:
        undecodable = run.stats.get("newscrawl/redis/undecodable", 0)
        if not undecodable:
            return None
        return (
            f"{undecodable} entries of the shared Redis queue were not requests: set aside under "
            "newscrawl:<spider>:dead-letter, skipped (who else writes to this Redis?)"
        )


class StoreRecreated(Rule):
    """The seen-store was corrupt: the run went through on an empty one, but an operator must hear of it."""

    name, exit_code = "store_recreated", EXIT_STORE_CORRUPT

    def check(self, run: Run) -> str | None:
        if not run.stats.get("newscrawl/seen/store_recreated"):
            return None
        return (
            "seen-store was corrupt: moved aside as seen.sqlite3.corrupt-*, recreated empty; "
            "this run re-fetched articles the old store knew"
        )


class StateDamaged(Rule):
    """A state file was damaged (cron's lock, a run report, coverage.json, the export ledger, the JOBDIR's
    queue state, dropped.json): the run went on without it, but an operator must hear that something wrote there."""

    name, exit_code = "state_damaged", EXIT_STORE_CORRUPT

    def check(self, run: Run) -> str | None:
        lines = list(run.damaged)
        if run.stats.get("newscrawl/health/dropped_unreadable"):
            lines.append(
                "dropped.json was unreadable (named in the log), so the layout was not judged this run: "
                "the next run judges it with a fresh file"
            )
        if not lines:
            return None
        return "state file damaged: " + " | ".join(lines)


class ArchiveFailed(Rule):
    """Archiving was asked for and responses went unarchived: their records carry ``warc: null``."""

    name, exit_code = "archive_failed", EXIT_ARCHIVE_FAILED

    def check(self, run: Run) -> str | None:
        failed = run.stats.get("newscrawl/warc/write_errors", 0)
        if not failed:
            return None
        return (
            f"archiving failed: {failed} responses could not be written to the WARC directory "
            "(their records have warc: null; see the log for why: permissions, a full disk, the writer process died)"
        )


class CrawlFailed(Rule):
    """The crawl process exited non-zero though its stats look healthy."""

    name, status, exit_code = "crawl_failed", "failed", EXIT_CRAWL_FAILED

    def check(self, run: Run) -> str | None:
        return None if run.crawl_status == 0 else f"the crawl process exited with status {run.crawl_status}"


#: The rules in the order they are asked; the first that fails gives the verdict.
RULES: tuple[Rule, ...] = (
    NoReport(),
    DiskFull(),
    Interrupted(),
    FetchedNothing(),
    NoArticles(),
    FurnitureAteExported(),
    SameText(),
    FallenField(),
    SpiderExceptions(),
    NothingReadable(),
    TooManyErrors(),
    UndecodableQueue(),
    StoreRecreated(),
    StateDamaged(),
    ArchiveFailed(),
    CrawlFailed(),
)


def judge(
    stats: dict[str, Any],
    crawl_status: int,
    settings: Any,
    expect_articles: bool = False,
    fallen_field: str | None = None,
    damaged: tuple[str, ...] = (),
) -> tuple[str, str, int]:
    """(status, one-line reason, exit code) from the crawl's stats; first failing rule of ``RULES`` wins."""
    run = Run(stats, crawl_status, settings, expect_articles, fallen_field, damaged)
    for rule in RULES:
        reason = rule.check(run)
        if reason:
            return rule.status, reason, rule.exit_code
    return "ok", "healthy", EXIT_OK
