"""Quality gates: a page that is not an article of the site's languages never becomes a record.

Each gate is a plain class: it takes a record (a mapping: the item) and what the run knows
of its site, and gives a :class:`Verdict`: keep, or drop for one reason of the catalogue
(newscrawl/rules/outcomes.py). ``GATES`` runs in order (newscrawl.pipelines.gates.GatesPipeline
is its Scrapy adapter, between validation and deduplication, so a dropped page is never taken
for the original of later copies).

Adding a gate: one class here (in ``GATES``) and its line in the catalogue; docs/architecture.md
shows one, tests/pipelines/test_outcomes.py adds one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from newscrawl.rules.language import detect_language
from newscrawl.rules.outcomes import KEEP, Verdict


class Site(Protocol):
    """What the gates know of the site, learned from the run's pages (newscrawl.crawler.site)."""

    @property
    def furniture(self) -> Any: ...  # rules.furniture.SiteFurniture

    @property
    def names(self) -> Any: ...  # rules.sitenames.SiteNames


@dataclass(frozen=True)
class Context:
    """A gate's view of the run: the site's knowledge and the settings gates read."""

    site: Site
    min_words: int = 15  # NEWSCRAWL_MIN_BODY_WORDS
    languages: tuple[str, ...] = ("ur",)  # the spider's languages

    def words(self, record: Mapping[str, Any]) -> tuple[int, int]:
        """(words of the body, of which page furniture); the headline and lead are never furniture."""
        return self.site.furniture.body_words(record.get("body"), (record.get("headline"), record.get("summary")))


class Gate:
    """One quality gate; ``outcome`` is its catalogue name."""

    outcome: ClassVar[str]

    def judge(self, record: Mapping[str, Any], run: Context) -> Verdict:
        raise NotImplementedError


class SiteNameGate(Gate):
    """The headline is only the site's name: a shell, an error page, a home page."""

    outcome = "site_name_headline"

    def judge(self, record: Mapping[str, Any], run: Context) -> Verdict:
        if run.site.names.is_only_name(record.get("headline")):
            return Verdict(self.outcome, f"the headline {record.get('headline')!r} is only the site's name")
        return KEEP


class BoilerplateGate(Gate):
    """Most of the body is the site's furniture, and too little is left besides it."""

    outcome = "boilerplate_body"

    def judge(self, record: Mapping[str, Any], run: Context) -> Verdict:
        total, furniture = run.words(record)
        if furniture and total - furniture < run.min_words and furniture >= total - furniture:
            return Verdict(self.outcome, f"{furniture} of the body's {total} words are the site's page furniture")
        return KEEP


class ShortBodyGate(Gate):
    """Fewer words than NEWSCRAWL_MIN_BODY_WORDS once furniture is removed."""

    outcome = "short_body"

    def judge(self, record: Mapping[str, Any], run: Context) -> Verdict:
        total, furniture = run.words(record)
        if total - furniture < run.min_words:
            why = (
                f"the body has {total - furniture} words besides furniture (NEWSCRAWL_MIN_BODY_WORDS = {run.min_words})"
            )
            return Verdict(self.outcome, why)
        return KEEP


class LanguageGate(Gate):
    """Detects the record's language (kept as its ``language``); drops languages the site does not keep."""

    outcome = "language_<code>"

    def judge(self, record: Mapping[str, Any], run: Context) -> Verdict:
        code, _probability = detect_language(f"{record.get('headline') or ''}\n{record.get('body') or ''}")
        if code not in run.languages:
            return Verdict(f"language_{code}", f"written in {code!r}, the site keeps {', '.join(run.languages)}")
        return Verdict(fields={"language": code})


#: The gates, in the order they run: cheapest and surest first.
GATES: tuple[type[Gate], ...] = (SiteNameGate, BoilerplateGate, ShortBodyGate, LanguageGate)
