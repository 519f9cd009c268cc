"""The catalogue of outcomes: every way a page ends other than as a record, in one table.

Each :class:`Outcome` names its stats key, the exception a pipeline raises for it (by
name: the core knows nothing of Scrapy; ``newscrawl.crawler.drops`` builds the
``DropItem`` subclasses from this table, so Scrapy counts them under
``item_dropped_reasons_count/<exception>``), whether it means "this page is no article"
(the cron layout rule and the dropped-pages memory judge by that) and a one-line doc.
docs/stats.md's table of drops is tested against this table (tests/pipelines/test_outcomes.py).

A name with ``<...>`` is a family of keys: ``language_<code>`` is ``language_en``,
``language_ar`` ...

>>> outcome("newscrawl/dropped/language_en").exception
'OtherLanguage'
>>> outcome("newscrawl/dropped/short_body").no_article, outcome("newscrawl/dedup/seen_hash").no_article
(True, False)
>>> outcome("newscrawl/dropped/nothing_we_know") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Outcome:
    name: str  # the key's last part; ``<...>`` marks a family (``language_<code>``)
    doc: str
    group: str = "dropped"  # newscrawl/<group>/<name>: dropped, dedup, limit, errors
    exception: str | None = None  # the DropItem subclass a pipeline raises; None: the spider counts it
    parent: str = "DropItem"  # that exception's base (a family that other stages catch as one)
    no_article: bool = False  # the page yielded no article (health's layout rule, the dropped-pages memory)
    info: bool = False  # logged at INFO: a limit the user asked for, not a problem of the site

    @property
    def key(self) -> str:
        return f"newscrawl/{self.group}/{self.name}"

    def key_for(self, detail: str | None = None) -> str:
        """The stats key; *detail* fills a family's ``<...>``."""
        return re.sub(r"<[^>]+>", detail or "", self.key) if detail is not None else self.key


@dataclass(frozen=True)
class Verdict:
    """A rule's answer for one record: keep (``reason`` None), or drop as ``newscrawl/<group>/<reason>``.

    *fields*: what a kept record learns (the language gate's code); *warnings*: ``(name, one log
    line)`` pairs the adapter counts as ``newscrawl/warnings/<name>`` and logs.
    """

    reason: str | None = None
    why: str = ""
    group: str = "dropped"
    fields: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[tuple[str, str], ...] = ()


KEEP = Verdict()

#: Exception families: a base class other stages catch as one, with no stats key of its own.
FAMILIES: dict[str, str] = {
    "FurnitureText": "The page's text is page furniture (a soft 404, a shell, menus): never marked seen, counted as "
    "a text by the same-text rule.",
}

OUTCOMES: tuple[Outcome, ...] = (
    # pipelines: what the page held was no article (validation, then the quality gates)
    Outcome(
        "no_headline", "The page yielded no headline by any strategy.", exception="MissingHeadline", no_article=True
    ),
    Outcome(
        "no_body", "The page yielded no body paragraphs by any strategy.", exception="MissingBody", no_article=True
    ),
    Outcome(
        "site_name_headline",
        "The headline is only the site's name: a shell, an error page, a home page.",
        exception="SiteNameHeadline",
        no_article=True,
    ),
    Outcome(
        "boilerplate_body",
        "The body is mostly page furniture (menus, footers, lists found on the site's other pages).",
        exception="BoilerplateBody",
        parent="FurnitureText",
        no_article=True,
    ),
    Outcome(
        "short_body",
        "Fewer words than NEWSCRAWL_MIN_BODY_WORDS once furniture is removed.",
        exception="ShortBody",
        no_article=True,
    ),
    Outcome(
        "language_<code>",
        "Written in a language the site does not keep (NewsSpider.languages).",
        exception="OtherLanguage",
        no_article=True,
    ),
    Outcome(
        "shared_text",
        "Its text is on NEWSCRAWL_DEDUP_SHARED_TEXT_URLS URLs of the site: page furniture (a soft 404, a JS shell).",
        exception="SharedText",
        parent="FurnitureText",
        no_article=True,
    ),
    # pipelines: an article, not kept
    Outcome("older_than_since", "Published before the crawl's `-a since=DATE`.", exception="OlderThanSince"),
    Outcome(
        "canonical_url",
        "Same canonical URL as an article already exported in this run.",
        group="dedup",
        exception="DuplicateArticle",
    ),
    Outcome(
        "content_hash",
        "Same text as an article already exported in this run.",
        group="dedup",
        exception="DuplicateArticle",
    ),
    Outcome(
        "seen_hash",
        "Its text was already exported by an earlier run (incremental runs only).",
        group="dedup",
        exception="SeenDuplicate",
        parent="DuplicateArticle",
    ),
    Outcome(
        "max_articles",
        "The run already passed NEWSCRAWL_MAX_ARTICLES articles on.",
        group="limit",
        exception="OverMaxArticles",
        info=True,
    ),
    # the spider and its middlewares: an article page that never reached the pipelines
    Outcome("not_html", "The article page was not HTML (its Content-Type)."),
    Outcome("empty_page", "The article page's body was empty."),
    Outcome("unparseable", "The article page held no HTML document lxml could parse."),
    Outcome("robots_forbidden", "robots.txt forbids the article page."),
    Outcome("ignored", "A middleware refused the article request on purpose (not a failure of the site)."),
    Outcome("out_of_scope", "The scope guard refused the request (other host, scheme, private address)."),
    Outcome(
        "spider_exception",
        "The article callback raised (Scrapy also counts `spider_exceptions/<Class>`; cron fails the run).",
    ),
    Outcome("<kind>", "The article page's request failed (`http_<status>`, `timeout` ...); also an error."),
    Outcome(
        "<kind>",
        "A request of any page failed, by kind: `http_<status>`, `timeout`, `cannot_resolve_host_error` (DNS), "
        "`connection_refused`, `connection_lost` ...",
        "errors",
    ),
)


def outcome(key: str) -> Outcome | None:
    """The catalogue's outcome for a stats key (a family matches its members), or None."""
    for entry in OUTCOMES:
        if entry.name.startswith("<"):
            continue  # the catch-all families (<kind>) name no particular reason
        if _pattern(entry.key).fullmatch(key):
            return entry
    return None


def by_exception(name: str) -> Outcome | None:
    """The first outcome raised as exception *name* (its doc is that exception's doc)."""
    return next((entry for entry in OUTCOMES if entry.exception == name), None)


def no_article_keys(stats: dict[str, Any]) -> dict[str, Any]:
    """``{reason: count}`` of the stats' drops that mean "no article", non-zero only."""
    prefix = "newscrawl/dropped/"
    found = {}
    for key, value in stats.items():
        if key.startswith(prefix) and value:
            entry = outcome(key)
            if entry is not None and entry.no_article:
                found[key[len(prefix) :]] = value
    return found


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"<[^>]+>", "[^/]+", re.escape(key)))


def markdown_table() -> str:
    """The catalogue as docs/stats.md shows it (a test keeps the two equal)."""
    rows = ["| key | exception | no article | meaning |", "|---|---|---|---|"]
    for entry in OUTCOMES:
        exception = f"`{entry.exception}`" if entry.exception else "(spider)"
        rows.append(f"| `{entry.key}` | {exception} | {'yes' if entry.no_article else ''} | {entry.doc} |")
    return "\n".join(rows)
