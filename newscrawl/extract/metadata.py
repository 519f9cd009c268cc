"""Strategies that read what the publisher declares for machines: ``<meta>``, JSON-LD, ``<link>``.

Read from ``<head>`` and also from the body, where pages put microdata ``<meta
itemprop>`` and JSON-LD blocks after the article: ``iter(tag)`` filters the tree in
C (about 1% of a real page's extraction), cheaper than checking every element's tag
in the Python walk.
"""

from __future__ import annotations

import json
import logging
import re
from functools import cached_property
from collections.abc import Callable
from typing import Any

from newscrawl.extract.articleness import is_article_type
from newscrawl.extract.walk import Element, string_value
from newscrawl.core.text import normalize_urdu, split_list

logger = logging.getLogger(__name__)

TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ")
# XHTML-era pages wrap their JSON-LD in CDATA markers (``//<![CDATA[ ... //]]>``): not JSON
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


class MetadataStrategies:
    """The structured-metadata strategies of ``ArticlePage`` (see newscrawl.extract.layers)."""

    root: Element
    head: Element | None
    url: str
    problems: list[str]
    site_names: tuple[str, ...]
    urljoin: Callable[[str], str]  # the response's: the page's URL and its <base href>

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """``<meta>`` values by lower-cased name / property / itemprop, in page order."""
        values: dict[str, list[str]] = {}
        for element in self.root.iter("meta"):
            key = element.get("property") or element.get("name") or element.get("itemprop")
            content = element.get("content")
            if key and content and content.strip():
                values.setdefault(key.strip().lower(), []).append(content.strip())
        return values

    def meta_first(self, *names: str) -> str | None:
        for name in names:
            values = self.meta.get(name)
            if values:
                return values[0]
        return None

    @cached_property
    def jsonld(self) -> dict[str, Any]:
        """The page's JSON-LD article object (NewsArticle and kin), or ``{}``."""
        for script in self.root.iter("script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
                continue
            try:
                data = json.loads(_CDATA.sub("", script.text), strict=False)
            except (ValueError, RecursionError):  # nested past Python's limit is unparsable too: {} is
                # cached then, where a RecursionError escaping made every strategy reading it fail again
                self.problems.append("jsonld_invalid")
                logger.warning("Invalid JSON-LD on %s: ignored, other strategies used", self.url)
                continue
            article = _find_article(data)
            if article:
                return article
        return {}

    # -- headline -------------------------------------------------------------------

    def headline_from_jsonld(self) -> str | None:
        return _text_value(self.jsonld.get("headline") or self.jsonld.get("name"))

    def headline_from_opengraph(self) -> str | None:
        return self.meta_first("og:title", "twitter:title", "dc.title", "dcterms.title")

    def headline_from_title(self) -> str | None:
        """``<title>`` minus the site name suffix (``... - اسلام ٹائمز``)."""
        title = self.head.find("title") if self.head is not None else None
        if title is None:
            title = self.root.find(".//title")
        text = normalize_urdu(string_value(title)) if title is not None else ""
        names = {normalize_urdu(name) for name in self.site_names}
        site_name = self.meta_first("og:site_name")
        if site_name:
            names.add(normalize_urdu(site_name))
        for separator in TITLE_SEPARATORS:
            head, sep, tail = text.rpartition(separator)
            if sep and tail.strip() in names:
                return head.strip() or None
        return text or None

    # -- dates, summary, body, keywords ----------------------------------------------

    def date_from_jsonld(self) -> str | None:
        return _text_value(self.jsonld.get("datePublished") or self.jsonld.get("dateCreated"))

    def date_from_meta(self) -> str | None:
        return self.meta_first(
            "article:published_time",
            "og:published_time",
            "og:article:published_time",
            "dcterms.created",
            "dcterms.issued",
            "dcterms.date",
            "dc.date.issued",
            "dc.date",
            "datepublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "date",
            "sailthru.date",
        )

    def summary_from_meta(self) -> str | None:
        text = _text_value(self.jsonld.get("description")) or self.meta_first(
            "og:description", "description", "twitter:description", "dcterms.abstract", "dc.description"
        )
        # BBC (simorgh) declares the headline as the description when there is no summary
        if text and normalize_urdu(text) in (
            normalize_urdu(self.headline_from_jsonld()),
            normalize_urdu(self.headline_from_opengraph()),
        ):
            return None
        return text

    def body_from_jsonld(self) -> list[str]:
        text = _text_value(self.jsonld.get("articleBody"), join="\n")
        if not text:
            return []
        return [line for line in (normalize_urdu(part) for part in re.split(r"\n\s*\n|\n", text)) if line]

    def keywords_from_meta(self) -> list[str]:
        value = self.jsonld.get("keywords")
        if isinstance(value, list):
            return [str(item) for item in value]
        if isinstance(value, str) and value.strip():
            return split_list(value)
        tags = self.meta.get("article:tag")
        if tags:
            return tags
        keywords = self.meta_first("keywords", "news_keywords")
        return split_list(keywords) if keywords else []

    # -- identity -------------------------------------------------------------------

    # A relative canonical (Express: href="/story/1117587/464") names a page of this site:
    # resolved here, so no record keeps a path that two sites share.
    def canonical_from_link(self) -> str | None:
        for element in self.root.iter("link"):
            href = element.get("href")
            if "canonical" in (element.get("rel") or "").lower().split() and href and href.strip():
                return self.urljoin(href.strip())
        return None

    def canonical_from_meta(self) -> str | None:
        declared = self.meta_first("og:url") or _text_value(
            self.jsonld.get("url") or _id_of(self.jsonld.get("mainEntityOfPage"))
        )
        return self.urljoin(declared.strip()) if declared and declared.strip() else None


def _find_article(data: Any) -> dict[str, Any] | None:
    """The first JSON-LD object whose @type is an article type, searching lists and @graph.

    >>> _find_article({"@graph": [{"@type": "WebSite"}, {"@type": ["NewsArticle"], "headline": "h"}]})
    {'@type': ['NewsArticle'], 'headline': 'h'}
    """
    stack = [data]
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and is_article_type(t) for t in types):
                return node
            if "@graph" in node:
                stack.extend(node["@graph"] if isinstance(node["@graph"], list) else [node["@graph"]])
    return None


def _text_value(value: Any, join: str = " ") -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        parts = [str(item) for item in value if isinstance(item, (str, int, float))]
        return join.join(parts).strip() or None
    if isinstance(value, dict):
        return _text_value(value.get("@value") or value.get("name"), join)
    return None


def _id_of(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("@id") or value.get("url")
    return value if isinstance(value, str) else None
