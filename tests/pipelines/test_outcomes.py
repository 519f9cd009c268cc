"""The catalogue of outcomes is the one list: the docs, the code's keys, the exceptions and a new gate agree with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.crawler.drops import FurnitureText, drop_exception, outcome_of
from newscrawl.pipelines.gates import GatesPipeline
from newscrawl.rules import outcomes
from newscrawl.rules.gates import GATES, Context, Gate
from newscrawl.rules.health import judge
from newscrawl.rules.outcomes import KEEP, Outcome, Verdict
from newscrawl.spiders.islamtimes import IslamTimesSpider

PROJECT = Path(__file__).resolve().parents[2]
PARAGRAPH = "وزیر اعظم نے آج اسلام آباد میں کابینہ کے اجلاس کی صدارت کی اور ملک کی معاشی صورتحال پر تفصیلی بات چیت کی۔"


def test_docs_stats_table_is_the_catalogue():
    assert outcomes.markdown_table() in (PROJECT / "docs" / "stats.md").read_text(encoding="utf-8")


def test_every_drop_key_the_code_counts_is_in_the_catalogue():
    keys = set()
    for source in (PROJECT / "newscrawl").rglob("*.py"):
        if source.name == "outcomes.py":
            continue
        keys |= set(re.findall(r"newscrawl/(?:dropped|dedup|limit)/[a-z_]+\b(?![/<{])", source.read_text("utf-8")))
    keys |= {f"newscrawl/dropped/{reason}" for reason in ("no_headline", "no_body", "language_en")}  # built keys
    unknown = sorted(key for key in keys if outcomes.outcome(key) is None)
    assert unknown == []


@pytest.mark.parametrize("entry", [e for e in outcomes.OUTCOMES if e.exception], ids=lambda e: e.name)
def test_each_pipeline_outcome_has_its_drop_exception(entry: Outcome):
    error = drop_exception(entry.exception)
    assert issubclass(error, DropItem) and error.__name__ == entry.exception
    assert outcome_of(error("x")) is not None
    assert issubclass(error, drop_exception(entry.parent))


def test_no_article_is_what_health_and_the_dropped_memory_read():
    no_article = {e.name for e in outcomes.OUTCOMES if e.no_article}
    assert no_article == {"no_headline", "no_body", "site_name_headline", "boilerplate_body", "short_body",
                          "language_<code>", "shared_text"}
    assert outcomes.no_article_keys({"newscrawl/dropped/language_fa": 2, "newscrawl/dropped/http_404": 5,
                                     "newscrawl/dedup/content_hash": 3}) == {"language_fa": 2}


def test_the_core_imports_no_scrapy():
    for source in (PROJECT / "newscrawl" / "rules").glob("*.py"):
        code = "\n".join(line for line in source.read_text("utf-8").splitlines() if not line.lstrip().startswith(">>>"))
        assert not re.search(r"^\s*(from|import) (scrapy|twisted)\b", code, re.M), source.name


# -- adding a gate: one class and one catalogue line -----------------------------------------------------


class PlaceholderHeadlineGate(Gate):
    """The headline is a CMS placeholder ("Untitled"): an unfinished page, not an article."""

    outcome = "placeholder_headline"

    def judge(self, record, run: Context) -> Verdict:
        if (record.get("headline") or "").strip().lower() in ("untitled", "بلا عنوان"):
            return Verdict(self.outcome, f"the headline {record.get('headline')!r} is a placeholder")
        return KEEP


PLACEHOLDER = Outcome("placeholder_headline", "The headline is a CMS placeholder.", exception="PlaceholderHeadline",
                      no_article=True)


def test_a_new_gate_is_one_class_and_one_catalogue_line(monkeypatch):
    monkeypatch.setattr(outcomes, "OUTCOMES", (*outcomes.OUTCOMES, PLACEHOLDER))
    project = {name: getattr(project_settings, name) for name in dir(project_settings) if name.startswith("NEWSCRAWL_")}
    crawler = get_crawler(IslamTimesSpider, settings_dict=project)
    crawler.spider = crawler._create_spider()
    crawler.stats.open_spider()
    pipeline = GatesPipeline(crawler, gates=(*GATES, PlaceholderHeadlineGate))
    article = {"url": "https://www.islamtimes.com/ur/news/1/x", "headline": "کابینہ کا اجلاس", "body": PARAGRAPH * 3}
    assert pipeline.process_item(dict(article))["language"] == "ur"
    with pytest.raises(DropItem) as dropped:
        pipeline.process_item({**article, "headline": "بلا عنوان"})
    assert type(dropped.value).__name__ == "PlaceholderHeadline" and not isinstance(dropped.value, FurnitureText)
    assert str(dropped.value).endswith("is a placeholder (newscrawl/dropped/placeholder_headline)")
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/dropped/placeholder_headline"] == 1
    assert outcome_of(dropped.value).no_article  # the dropped-pages memory keeps it
    # and cron's layout rule counts it as a page without article
    from scrapy.settings import Settings

    limits = Settings({"NEWSCRAWL_HEALTH_MAX_LAYOUT_FAILURE_RATIO": 0.5, "NEWSCRAWL_HEALTH_MIN_ARTICLE_PAGES": 3,
                       "NEWSCRAWL_HEALTH_MAX_ERROR_RATIO": 0.5, "NEWSCRAWL_HEALTH_MAX_SAME_TEXT_RATIO": 0.5})
    run = {"finish_reason": "finished", "response_received_count": 6, "downloader/response_status_count/200": 6,
           "newscrawl/validated": 5, "newscrawl/dropped/placeholder_headline": 4}
    assert judge(run, 0, limits)[1].startswith("layout changed: 4 of 5 article pages yielded no article")
