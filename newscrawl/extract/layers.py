"""Which strategy reads which field, most trustworthy first: the fallbacks, as data.

Identity fields (headline, dates, canonical URL) trust structured metadata
first: it is what the publisher declares for machines. Fields a reader sees and
publishers' SEO metadata mangles trust the visible, labelled page first:
``meta description`` is a truncated lead, and on this CMS ``meta keywords`` of
non-article pages is a site-wide list (see the saved real homepage). The body
has no trustworthy metadata twin (JSON-LD ``articleBody`` often lacks paragraph
breaks), so the DOM comes first there, as fundus does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newscrawl.extract.page import ArticlePage

Strategy = Callable[[ArticlePage], Any]

LAYERS: dict[str, tuple[tuple[str, Strategy], ...]] = {
    "headline": (
        ("jsonld", ArticlePage.headline_from_jsonld),
        ("opengraph", ArticlePage.headline_from_opengraph),
        ("selector", ArticlePage.headline_from_selectors),
        ("title", ArticlePage.headline_from_title),
    ),
    "published_at": (  # the declarations: the one newscrawl.extract.published's rule picks
        ("jsonld", ArticlePage.declared_in_jsonld),
        ("meta", ArticlePage.declared_in_meta),
        ("microdata", ArticlePage.declared_in_microdata),
        ("time_element", ArticlePage.date_from_time_element),
        ("label", ArticlePage.date_line),
        ("selector", ArticlePage.date_from_selectors),
        ("line", ArticlePage.date_line_by_headline),
        ("htmldate", ArticlePage.date_from_htmldate),  # several ms a page: only when all above gave nothing
    ),
    "published_text": (
        ("label", ArticlePage.date_line),
        ("time_element", ArticlePage.date_text_from_time_element),
        ("selector", ArticlePage.date_text_from_selectors),
        ("line", ArticlePage.date_line_by_headline),
    ),
    "summary": (
        ("lead", ArticlePage.summary_from_lead),
        ("selector", ArticlePage.summary_from_selectors),
        ("meta", ArticlePage.summary_from_meta),
    ),
    "body": (
        ("container", ArticlePage.body_from_container),
        ("selector", ArticlePage.body_from_selectors),
        ("jsonld", ArticlePage.body_from_jsonld),
        ("article", ArticlePage.body_from_article),  # no block held paragraphs: the <article> whole
    ),
    "source": (
        ("label", ArticlePage.source_from_label),
        ("selector", ArticlePage.source_from_selectors),
    ),
    "keywords": (
        ("label", ArticlePage.keywords_from_label),
        ("meta", ArticlePage.keywords_from_meta),
        ("selector", ArticlePage.keywords_from_selectors),
    ),
    "read_also": (
        ("label", ArticlePage.read_also_from_label),
        ("selector", ArticlePage.read_also_from_selectors),
    ),
    "canonical_url": (
        ("link", ArticlePage.canonical_from_link),
        ("meta", ArticlePage.canonical_from_meta),
    ),
}
