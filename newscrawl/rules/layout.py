"""Health rules that say the site's layout changed (exit 4): pages without articles, one text everywhere,
a field that fell, nothing readable at all. Listed in order in newscrawl/rules/health.py's ``RULES``.
"""

from __future__ import annotations

from newscrawl.rules.exitcodes import EXIT_LAYOUT
from newscrawl.rules.health_run import Rule, Run
from newscrawl.rules.outcomes import no_article_keys


class NoArticles(Rule):
    """Most article pages yielded no article (extraction or a gate dropped them): the layout changed.

    Pages dropped in an earlier run too are the site's known junk, not news (newscrawl/crawler/dropped.py).
    Which drops mean "no article" is the catalogue's word (newscrawl/rules/outcomes.py).
    """

    name, setting, exit_code = "no_articles", "NEWSCRAWL_HEALTH_MAX_LAYOUT_FAILURE_RATIO", EXIT_LAYOUT

    def check(self, run: Run) -> str | None:
        no_article = no_article_keys(run.stats)
        again = run.stats.get("newscrawl/health/dropped_again", 0)
        broken = sum(no_article.values()) - again
        # validated pages went on to the gates; those without headline or body never got there
        parsed = (
            run.stats.get("newscrawl/validated", 0)
            + no_article.get("no_headline", 0)
            + no_article.get("no_body", 0)
            - again
        )
        least = run.settings.getint("NEWSCRAWL_HEALTH_MIN_ARTICLE_PAGES")
        limit = run.settings.getfloat(self.setting)
        if parsed < least or broken / parsed <= limit:
            return None
        if run.stats.get("newscrawl/health/dropped_unreadable"):
            # The site's known junk pages cannot be told from new failures: no false alarm, the
            # damaged file's own rule (exit 6) speaks; the next run, with a fresh dropped.json, judges.
            return None
        reasons = ", ".join(
            f"{reason} {count}" for reason, count in sorted(no_article.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        return f"layout changed: {broken} of {parsed} article pages yielded no article ({reasons}; limit {limit:.0%})"


class FurnitureAteExported(Rule):
    """Articles an earlier run exported were dropped as page furniture: the learned model is wrong."""

    name, exit_code = "furniture_ate_exported", EXIT_LAYOUT

    def check(self, run: Run) -> str | None:
        eaten = run.stats.get("newscrawl/health/furniture_ate_exported", 0)
        if not eaten:
            return None
        return (
            f"{eaten} articles exported by earlier runs were dropped as boilerplate this run: the furniture "
            "model is wrong (a listing quoting articles?); delete DIR/<spider>/furniture.json and rerun"
        )


class SameText(Rule):
    """Most article pages share one text (a site serving one page under every URL).

    A syndicated copy is two pages with one text; a broken site is many: judged only from
    NEWSCRAWL_HEALTH_MIN_ARTICLE_PAGES on.
    """

    name, setting, exit_code = "same_text", "NEWSCRAWL_HEALTH_MAX_SAME_TEXT_RATIO", EXIT_LAYOUT

    def check(self, run: Run) -> str | None:
        texts, same = run.stats.get("newscrawl/health/texts", 0), run.stats.get("newscrawl/health/same_text_max", 0)
        limit = run.settings.getfloat(self.setting)
        if same < run.settings.getint("NEWSCRAWL_HEALTH_MIN_ARTICLE_PAGES") or same / texts <= limit:
            return None
        return f"layout changed: {same} of {texts} article pages had one and the same text (limit {limit:.0%})"


class FallenField(Rule):
    """A field the site filled on most pages is suddenly missing on most (newscrawl/cron/coverage.py)."""

    name, setting, exit_code = "fallen_field", "NEWSCRAWL_HEALTH_COVERAGE_NOW", EXIT_LAYOUT

    def check(self, run: Run) -> str | None:
        return run.fallen_field


class NothingReadable(Rule):
    """A plain crawl wrote no article (an incremental run with nothing new is healthy, and so is a
    crawl under ``-a since`` whose articles were all older)."""

    name, exit_code = "nothing_readable", EXIT_LAYOUT

    def check(self, run: Run) -> str | None:
        written = run.stats.get("newscrawl/exported", run.stats.get("item_scraped_count", 0))
        older = run.stats.get("newscrawl/dropped/older_than_since", 0) + run.stats.get(
            "newscrawl/discovery/older_than_since", 0
        )
        if not run.expect_articles or written or older:
            return None
        return (
            f"nothing readable: {run.fetched} pages fetched, no article found "
            "(wrong site or section, or the layout changed)"
        )
