"""Quality gates: a page that is not an article of the site's languages never becomes a record.

One pipeline per gate, between validation (100) and deduplication (200), so a dropped page
is never taken for the original of later copies. Each drop is a DropItem subclass (counted
by Scrapy under ``item_dropped_reasons_count/<Class>``), counted ``newscrawl/dropped/<reason>``
and logged once in one line (newscrawl.crawler.logformatter). What they know about the site comes
from newscrawl.crawler.site (names, furniture), learned from the run's pages.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.crawler.items import ArticleItem
from newscrawl.pipelines import FurnitureText
from newscrawl.rules.language import detect_language
from newscrawl.crawler.site import SiteKnowledge, site_knowledge


class SiteNameHeadline(DropItem):
    """The headline is only the site's name: a shell, an error page, a home page."""


class BoilerplateBody(FurnitureText):
    """The body is mostly page furniture (menus, footers, lists found on the site's other pages)."""


class ShortBody(DropItem):
    """Fewer words than NEWSCRAWL_MIN_BODY_WORDS once furniture is removed."""


class OtherLanguage(DropItem):
    """Written in a language the site does not keep (NewsSpider.languages)."""


class _Gate:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.site: SiteKnowledge = site_knowledge(crawler)
        self.min_words = crawler.settings.getint("NEWSCRAWL_MIN_BODY_WORDS")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "_Gate":
        return cls(crawler)

    def drop(self, error: type[DropItem], reason: str, item: ArticleItem, why: str) -> DropItem:
        self.stats.inc_value(f"newscrawl/dropped/{reason}")
        return error(f"{item.get('url')}: {why} (newscrawl/dropped/{reason})")

    def words(self, item: ArticleItem) -> tuple[int, int]:
        return self.site.furniture.body_words(item.get("body"), (item.get("headline"), item.get("summary")))


class SiteNameHeadlinePipeline(_Gate):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        if self.site.names.is_only_name(item.get("headline")):
            raise self.drop(
                SiteNameHeadline,
                "site_name_headline",
                item,
                f"the headline {item.get('headline')!r} is only the site's name",
            )
        return item


class BoilerplatePipeline(_Gate):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        total, furniture = self.words(item)
        if furniture and total - furniture < self.min_words and furniture >= total - furniture:
            raise self.drop(
                BoilerplateBody,
                "boilerplate_body",
                item,
                f"{furniture} of the body's {total} words are the site's page furniture",
            )
        return item


class ShortBodyPipeline(_Gate):
    def process_item(self, item: ArticleItem) -> ArticleItem:
        total, furniture = self.words(item)
        if total - furniture < self.min_words:
            raise self.drop(
                ShortBody,
                "short_body",
                item,
                f"the body has {total - furniture} words besides furniture "
                f"(NEWSCRAWL_MIN_BODY_WORDS = {self.min_words})",
            )
        return item


class LanguagePipeline(_Gate):
    """Sets the record's ``language`` to the detected code; drops languages the site does not keep."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        kept = tuple(getattr(self.crawler.spider, "languages", ("ur",)))
        text = f"{item.get('headline') or ''}\n{item.get('body') or ''}"
        code, _probability = detect_language(text)
        if code not in kept:
            raise self.drop(
                OtherLanguage, f"language_{code}", item, f"written in {code!r}, the site keeps {', '.join(kept)}"
            )
        item["language"] = code
        return item
