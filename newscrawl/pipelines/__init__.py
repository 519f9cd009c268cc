"""Item pipelines, one job each, switched on in settings.ITEM_PIPELINES.

Drop reasons are DropItem subclasses so Scrapy counts them for free under
``item_dropped_reasons_count/<Class>``; each pipeline also counts its own
``newscrawl/...`` key.
"""

from scrapy.exceptions import DropItem


class MissingHeadline(DropItem):
    """The page yielded no headline by any strategy."""


class MissingBody(DropItem):
    """The page yielded no body paragraphs by any strategy."""


class DuplicateArticle(DropItem):
    """Already exported in this run under the same canonical URL or the same text."""


class FurnitureText(DropItem):
    """The page's text is page furniture (SharedText; the quality gates' BoilerplateBody). MarkSeen
    unmarks a text only once it is on several URLs, so a syndicated pair is never unmarked."""


class SharedText(FurnitureText):
    """Its text is on several other URLs of the site: page furniture (a soft 404, a JS shell), not an article."""


class OlderThanSince(DropItem):
    """Published before the crawl's ``-a since=DATE``."""
