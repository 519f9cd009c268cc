"""The run's verdict: health rules over the crawl's stats, first failing rule wins."""

from __future__ import annotations

from typing import Any

from newscrawl.rules.exitcodes import (
    EXIT_CRAWL_FAILED,
    EXIT_ERRORS,
    EXIT_FETCHED_NOTHING,
    EXIT_LAYOUT,
    EXIT_OK,
    EXIT_STORE_CORRUPT,
)


def settings_for(overrides: list[str]) -> Any:
    """The project's settings with the run's --set overrides: the thresholds the crawl saw."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    for override in overrides:
        name, _, value = override.partition("=")
        settings.set(name, value, priority="cmdline")
    return settings


#: finish reasons of a crawl that ran to its end: done, or stopped at a limit the user set
#: (--max-articles / --max-pages are Scrapy's CLOSESPIDER_ITEMCOUNT / CLOSESPIDER_PAGECOUNT; a time limit)
COMPLETE_FINISH_REASONS = ("finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout")


#: drop reasons of an article page that yielded no article: extraction failed or a quality gate
#: (newscrawl/pipelines/gates.py) refused it; ``language_<code>`` are gate drops too
NO_ARTICLE_REASONS = ("no_headline", "no_body", "site_name_headline", "boilerplate_body", "short_body", "shared_text")


def judge(
    stats: dict[str, Any],
    crawl_status: int,
    settings: Any,
    expect_articles: bool = False,
    fallen_field: str | None = None,
) -> tuple[str, str, int]:
    """(status, one-line reason, exit code) from the crawl's stats; first failing rule wins.

    *expect_articles*: a plain (not incremental) crawl that wrote no article found
    nothing readable (exit 4); an incremental run with nothing new is healthy.
    *fallen_field*: the reason line of the field-coverage rule (newscrawl/cron/coverage.py), if it failed.

    Layout rules (exit 4), in order: most article pages yielded no article (extraction or a
    gate dropped them), most texts share one content hash, a field fell (*fallen_field*).

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
    >>> judge({**ok, "spider_exceptions/count": 2, "spider_exceptions/RecursionError": 2}, 0, s)[1]
    'the spider raised on 2 pages (RecursionError: 2); their articles were lost, see the tracebacks in the log'
    >>> judge(ok, 0, s)
    ('ok', 'healthy', 0)
    >>> judge(ok, 0, s, expect_articles=True)[1]
    'nothing readable: 4 pages fetched, no article found (wrong site or section, or the layout changed)'
    >>> judge({**ok, "finish_reason": "closespider_itemcount", "newscrawl/exported": 2}, 0, s, True)
    ('ok', 'healthy', 0)
    """
    if not stats:
        return (
            "failed",
            f"the crawl process exited with status {crawl_status} and wrote no report (is the disk full?)",
            EXIT_CRAWL_FAILED,
        )
    finish = stats.get("finish_reason")
    if finish == "disk_full" or stats.get("newscrawl/errors/disk_full"):
        return (
            "failed",
            f"disk full: the crawl stopped at once; the {stats.get('newscrawl/exported', 0)} records "
            "written before are kept (free space, then the next run goes on)",
            EXIT_CRAWL_FAILED,
        )
    if finish not in COMPLETE_FINISH_REASONS:
        return (
            "interrupted",
            f"the crawl stopped early ({finish}); the next run resumes its pending requests",
            EXIT_CRAWL_FAILED,
        )
    fetched = stats.get("response_received_count", 0) - stats.get("robotstxt/response_count", 0)
    answered = _count_2xx(stats, "downloader/response_status_count/") - _count_2xx(
        stats, "robotstxt/response_status_count/"
    )
    if answered <= 0:  # down, blocked, a wrong base URL, or 404 everywhere: nothing a crawl can use
        return (
            "unhealthy",
            "fetched nothing: no page answered (site down, blocked, or wrong base URL)",
            EXIT_FETCHED_NOTHING,
        )
    verdict = _layout_verdict(stats, settings) or fallen_field
    if verdict:
        return "unhealthy", verdict, EXIT_LAYOUT
    failed_code = stats.get("spider_exceptions/count", 0)
    if failed_code > settings.getint("NEWSCRAWL_HEALTH_MAX_SPIDER_EXCEPTIONS", 0):
        kinds = ", ".join(
            f"{key.split('/', 1)[1]}: {value}"
            for key, value in sorted(stats.items())
            if key.startswith("spider_exceptions/") and key != "spider_exceptions/count"
        )
        return (
            "unhealthy",
            f"the spider raised on {failed_code} pages ({kinds}); their articles were lost, "
            "see the tracebacks in the log",
            EXIT_ERRORS,
        )
    written = stats.get("newscrawl/exported", stats.get("item_scraped_count", 0))
    if expect_articles and not written:
        return (
            "unhealthy",
            f"nothing readable: {fetched} pages fetched, no article found "
            "(wrong site or section, or the layout changed)",
            EXIT_LAYOUT,
        )
    errors = sum(value for key, value in stats.items() if key.startswith("newscrawl/errors/"))
    max_errors = settings.getfloat("NEWSCRAWL_HEALTH_MAX_ERROR_RATIO")
    if errors / fetched > max_errors:
        return (
            "unhealthy",
            f"too many errors: {errors} failed requests for {fetched} pages fetched (limit {max_errors:.0%})",
            EXIT_ERRORS,
        )
    undecodable = stats.get("newscrawl/redis/undecodable", 0)
    if undecodable:  # a request lost, or someone writing into the crawl's Redis: an operator must look
        return (
            "unhealthy",
            f"{undecodable} entries of the shared Redis queue were not requests: set aside under "
            "newscrawl:<spider>:dead-letter, skipped (who else writes to this Redis?)",
            EXIT_ERRORS,
        )
    if stats.get("newscrawl/seen/store_recreated"):
        # The run itself went through (on an empty store, so everything was new again);
        # an operator must still hear that months of state were unreadable.
        return (
            "unhealthy",
            "seen-store was corrupt: moved aside as seen.sqlite3.corrupt-*, recreated empty; "
            "this run re-fetched articles the old store knew",
            EXIT_STORE_CORRUPT,
        )
    if crawl_status != 0:
        return "failed", f"the crawl process exited with status {crawl_status}", EXIT_CRAWL_FAILED
    return "ok", "healthy", EXIT_OK


def _layout_verdict(stats: dict[str, Any], settings: Any) -> str | None:
    """Why the site's article pages no longer yield articles, or None."""
    prefix = "newscrawl/dropped/"
    no_article = {
        key[len(prefix) :]: value
        for key, value in stats.items()
        if key.startswith(prefix)
        and value
        and (key[len(prefix) :] in NO_ARTICLE_REASONS or key[len(prefix) :].startswith("language_"))
    }
    # pages dropped in an earlier run too are the site's known junk, not news (newscrawl/crawler/dropped.py)
    again = stats.get("newscrawl/health/dropped_again", 0)
    broken = sum(no_article.values()) - again
    # validated pages went on to the gates; those without headline or body never got there
    parsed = (
        stats.get("newscrawl/validated", 0) + no_article.get("no_headline", 0) + no_article.get("no_body", 0) - again
    )
    least = settings.getint("NEWSCRAWL_HEALTH_MIN_ARTICLE_PAGES")
    max_layout = settings.getfloat("NEWSCRAWL_HEALTH_MAX_LAYOUT_FAILURE_RATIO")
    if parsed >= least and broken / parsed > max_layout:
        reasons = ", ".join(
            f"{reason} {count}" for reason, count in sorted(no_article.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        return (
            f"layout changed: {broken} of {parsed} article pages yielded no article ({reasons}; limit {max_layout:.0%})"
        )
    texts, same = stats.get("newscrawl/health/texts", 0), stats.get("newscrawl/health/same_text_max", 0)
    max_same = settings.getfloat("NEWSCRAWL_HEALTH_MAX_SAME_TEXT_RATIO")
    # a syndicated copy is two pages with one text; a broken site is many: judge only from `least` on
    if same >= least and same / texts > max_same:
        return f"layout changed: {same} of {texts} article pages had one and the same text (limit {max_same:.0%})"
    return None


def _count_2xx(stats: dict[str, Any], prefix: str) -> int:
    return sum(value for key, value in stats.items() if key.startswith(prefix) and key[len(prefix) :].startswith("2"))
