"""One parsed article page, and every way of reading a field off it.

Live news markup is unknown and changes without notice, so nothing here hangs
on one class name. Each ``ArticlePage`` method is one *strategy* for one field
(JSON-LD, OpenGraph, an Urdu label, a density heuristic, a site selector);
``newscrawl.extract.layers`` lists them per field in order of trust.

Labels are matched on *normalized* text, so legacy pages that spell
``کلیدی لفظ`` with an Arabic yeh still match. The page is walked once,
iteratively (deeply nested markup must not hit the recursion limit), into a
flat list of text, link and break pieces that the label readers scan.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, TypeAlias

from lxml import etree
from lxml.cssselect import CSSSelector
from parsel.selector import create_root_node

from newscrawl.text import normalize_urdu, split_list, strip_label
from newscrawl.urls import canonicalize_url, clean_link

logger = logging.getLogger(__name__)

# Plain lxml elements: the spider parses article pages without lxml.html's element
# classes, whose Python-level class lookup runs for every node Python touches
# (a quarter of the page walk). Anything lxml.html parses works here too.
Element: TypeAlias = etree._Element

# Tags whose content nobody reads: scanned for neither labels nor body.
INVISIBLE_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "button", "select", "textarea",
    "head", "input", "img", "picture", "map", "object", "embed", "canvas", "video", "audio",
})
# Page furniture: may hold labelled sections (tags in an <aside>, source in a <footer>),
# never body text.
SKIP_TAGS = INVISIBLE_TAGS | {"figure", "figcaption", "nav", "aside", "header", "footer", "form"}
# Tags that end a line of text for a reader.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "blockquote", "li", "ul", "ol", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "tbody", "thead", "pre",
    "address", "center", "body", "html", "br", "hr", "figure", "header", "footer", "nav",
    "aside", "form",
})
# class/id tokens of page furniture: ads, sharing bars, captions, comment threads.
NOISE = re.compile(
    r"(?:^|[\s_-])(?:ads?|adv|advert\w*|adsbygoogle|banner|sponsor\w*|promo\w*|share\w*|sharing|social|"
    r"caption|credit|breadcrumbs?|comments?|newsletter|subscribe|print|widget|sidebar|menu)(?:$|[\s_-])",
    re.IGNORECASE,
)
LEAD_CLASS = re.compile(
    r"(?:^|[\s_-])(?:lead|summary|intro|excerpt|abstract|teaser|standfirst|rotitr|subtitle|"
    r"description|dek)(?:$|[\s_-])",
    re.IGNORECASE,
)
BODY_CONTAINER_TAGS = ("div", "section", "article", "td", "main", "body")

# Urdu section labels as they appear on pages in this style (normalized spelling),
# longest first so "یہ بھی پڑھیں" wins over "پڑھیں".
LABELS: dict[str, tuple[str, ...]] = {
    "date": ("تاریخ اشاعت", "اشاعت کی تاریخ", "شائع شدہ", "تاریخ"),
    "source": ("بشکریہ", "ذرائع", "ذریعہ", "ماخذ"),
    "keywords": ("کلیدی الفاظ", "کلیدی لفظ", "ٹیگز", "ٹیگ"),
    "read_also": ("یہ بھی پڑھیں", "مزید پڑھیں", "پڑھیں"),
}
_ALL_LABELS = sorted(
    ((label, kind) for kind, labels in LABELS.items() for label in labels),
    key=lambda pair: -len(pair[0]),
)
_LABEL_AT_START = re.compile(
    "^(" + "|".join(re.escape(label) for label, _ in _ALL_LABELS) + r")\s*(?:[:：]|$)"
)
_LABEL_KIND = dict(_ALL_LABELS)
# A label is followed by a colon (maybe full-width) or stands alone in its own element;
# the raw text is tested cheaply first, and only candidates are normalized and matched.
_LONGEST_LABEL = max(len(label) for label, _ in _ALL_LABELS)


def _may_be_label(raw: str) -> bool:
    """Cheap test on raw text before normalizing it: a colon, or a run short enough to be
    a label standing alone (``<dt>ذریعہ</dt>``, spelled in any code points).

    >>> _may_be_label("ذریعہ: Islam Times"), _may_be_label(" كليدي لفظ "), _may_be_label("  ")
    (True, True, False)
    """
    return ":" in raw or "：" in raw or 0 < len(raw.strip()) <= _LONGEST_LABEL + 4

ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "blogposting", "report",
})


@dataclass(slots=True)
class Piece:
    """A run of text, a link or a line break, in reading order."""

    kind: str  # "text" | "link" | "break"
    text: str = ""
    href: str | None = None
    owner: Element | None = None


@dataclass(slots=True)
class Label:
    """A labelled section: where its label stands and what follows it."""

    kind: str
    index: int  # position of the label's piece
    end: int  # first piece past the section's container
    rest: str  # text after the label within the label's own piece
    standalone: bool  # the label is a heading of its own (nothing else on its line)
    container: Element | None = None


def label_kind(text: str) -> tuple[str, str] | None:
    """``(kind, text after the label)`` when normalized *text* opens with a section label.

    >>> label_kind("ذریعہ: Islam Times")
    ('source', 'Islam Times')
    >>> label_kind("یہ بھی پڑھیں:")
    ('read_also', '')
    >>> label_kind("پاکستان اور چین") is None
    True
    """
    match = _LABEL_AT_START.match(text)
    if not match:
        return None
    return _LABEL_KIND[match.group(1)], strip_label(text, [match.group(1)])


#: All text inside an element, as XPath's string() (lxml.html's text_content()).
string_value = etree.XPath("string()", smart_strings=False)


def element_text(element: Element) -> str:
    """Normalized visible text of *element*, without scripts and styles."""
    return normalize_urdu(" ".join(
        text for text in element.itertext(tag=etree.Element) if text
    )) if len(element) else normalize_urdu(element.text or "")


def _classes(element: Element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _is_noise(element: Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str) or tag in SKIP_TAGS:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    names = _classes(element)
    return bool(names.strip()) and NOISE.search(names) is not None


def _is_invisible(element: Element) -> bool:
    tag = element.tag  # each .tag read builds a new str in lxml: read once
    return not isinstance(tag, str) or tag in INVISIBLE_TAGS or element.get("hidden") is not None


def flatten(root: Element, skip: Callable[[Element], bool] = _is_noise) -> list[Piece]:
    """Walk *root* once into text, link and break pieces, skipping page furniture.

    >>> import lxml.html
    >>> page = lxml.html.fromstring("<div>a<script>x</script><p>b <a href='/n'>c</a></p>d<br>e</div>")
    >>> [(p.kind, p.text.strip(), p.href) for p in flatten(page) if p.kind != "break"]
    [('text', 'a', None), ('text', 'b', None), ('link', 'c', '/n'), ('text', 'd', None), ('text', 'e', None)]
    """
    # Hot loop (every element of a page): locals, positional Piece arguments, each
    # lxml attribute read once (every read builds a new Python object).
    pieces: list[Piece] = []
    append = pieces.append
    block_tags = BLOCK_TAGS
    skipped: Element | None = None
    walker = etree.iterwalk(root, events=("start", "end"))
    skip_subtree = walker.skip_subtree
    for event, element in walker:
        if event == "start":
            if element is not root and skip(element):
                # skip_subtree: the next event is this element's own "end"
                skipped = element
                skip_subtree()
                continue
            tag = element.tag
            if tag in block_tags:
                append(Piece("break", "", None, element))
            if tag == "a":
                append(Piece("link", element_text(element), element.get("href"), element))
                skip_subtree()
            else:
                text = element.text
                if text:
                    append(Piece("text", text, None, element))
            continue
        if element is skipped:
            skipped = None
        elif element.tag in block_tags:
            append(Piece("break", "", None, element))
        if element is not root:
            tail = element.tail
            if tail:
                append(Piece("text", tail, None, element.getparent()))
    return pieces


def paragraphs(pieces: list[Piece]) -> list[str]:
    """Join pieces between line breaks into normalized paragraphs, as a browser shows them:
    no space added where the page has none (``<a>link</a>۔`` stays ``link۔``).

    >>> paragraphs([Piece("text", "a "), Piece("link", "b"), Piece("break"), Piece("text", " c")])
    ['a b', 'c']
    >>> import lxml.html
    >>> paragraphs(flatten(lxml.html.fromstring("<p>یو<a href='/x'> آر ایل لنک ہے</a>۔ <a href='/y'>b </a>c</p>")))
    ['یو آر ایل لنک ہے۔ b c']
    """
    result: list[str] = []
    line: list[str] = []
    for piece in pieces:
        if piece.kind == "break":
            if line:
                text = normalize_urdu("".join(line))
                if text:
                    result.append(text)
                line = []
        elif piece.kind == "link" and piece.owner is not None and piece.text:
            line.append("".join(piece.owner.itertext()))  # the link's own spacing, not its stripped text
        elif piece.text:
            line.append(piece.text)
    if line:
        text = normalize_urdu("".join(line))
        if text:
            result.append(text)
    return result


def parse_html(text: str, base_url: str | None = None) -> Element:
    """An article page's tree, parsed as Scrapy's own selector parses it, minus the
    ``lxml.html`` element classes (see ``Element``).

    >>> parse_html("<p>سرخی</p>").findtext(".//p")
    'سرخی'
    """
    return create_root_node(text, etree.HTMLParser, base_url=base_url)


@dataclass
class SiteSelectors:
    """A site's own CSS selectors: the last resort after metadata and labels."""

    headline: tuple[str, ...] = ("h1",)
    date: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    read_also: tuple[str, ...] = ()
    site_names: tuple[str, ...] = ()  # stripped from <title> ("... - اسلام ٹائمز")


@dataclass
class ArticlePage:
    """An article page parsed once; its methods read fields off it by one strategy each."""

    root: Element
    url: str
    selectors: SiteSelectors = field(default_factory=SiteSelectors)
    is_article_url: Callable[[str], bool] = lambda url: True
    urljoin: Callable[[str], str] = lambda href: href
    problems: list[str] = field(default_factory=list)

    # -- parsed once, shared by strategies --------------------------------------------

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
                data = json.loads(script.text, strict=False)
            except ValueError:
                self.problems.append("jsonld_invalid")
                logger.warning("Invalid JSON-LD on %s: ignored, other strategies used", self.url)
                continue
            article = _find_article(data)
            if article:
                return article
        return {}

    @cached_property
    def pieces(self) -> list[Piece]:
        body = self.root.find("body")
        return flatten(body if body is not None else self.root, _is_invisible)

    @cached_property
    def labels(self) -> dict[str, Label]:
        """The first labelled section of each kind."""
        return {kind: sections[0] for kind, sections in self.sections.items()}

    @cached_property
    def sections(self) -> dict[str, list[Label]]:
        """Every labelled section, by kind, in page order, found on normalized text.

        A page may say ``یہ بھی پڑھیں:`` inline in the body and again above its
        related-articles box; read-also takes the links of all of them.
        """
        found: dict[str, list[Label]] = {}
        pieces = self.pieces
        candidates = [index for index, piece in enumerate(pieces)
                      if piece.kind == "text" and _may_be_label(piece.text)]
        for index in candidates:
            piece = pieces[index]
            text = normalize_urdu(piece.text)
            parsed = label_kind(text)
            if parsed is None:
                continue
            kind, rest = parsed
            container, standalone = self._label_container(piece.owner, text)
            end = self._end_of(container, index) if container is not None else len(pieces)
            if container is not None and not self._opens(container, index):
                container = None  # a label inside running text: its block is not its section
            found.setdefault(kind, []).append(Label(kind, index, end, rest, standalone and not rest, container))
        return found

    def _opens(self, container: Element, index: int) -> bool:
        """Whether nothing but white space comes before piece *index* in *container*."""
        for position in range(index - 1, -1, -1):
            piece = self.pieces[position]
            if piece.kind == "break" and piece.owner is container:
                return True
            if piece.kind == "link" or (piece.kind == "text" and piece.text.strip()):
                return False
        return True

    def _label_container(self, owner: Element | None, label_text: str) -> tuple[Element | None, bool]:
        """The block that holds a label and its value, and whether the label stands alone.

        ``<div><span>ذریعہ:</span> Islam Times</div>``: the div. ``<h2>پڑھیں:</h2>``
        alone in its block: the block's parent, where the related links are.
        """
        block = owner
        while block is not None and block.tag not in BLOCK_TAGS:
            block = block.getparent()
        if block is None:
            return None, False
        standalone = element_text(block) == label_text
        if standalone and block.getparent() is not None:
            return block.getparent(), True
        return block, False

    def _end_of(self, container: Element, start: int) -> int:
        """Index of the first piece after *container*'s closing break."""
        pieces = self.pieces
        for index in range(start + 1, len(pieces)):
            piece = pieces[index]
            if piece.kind == "break" and piece.owner is container:
                return index
        return len(pieces)

    def _after_label(self, kind: str, label: Label | None = None) -> Iterator[Piece]:
        """Pieces after a label (the kind's first), up to the next label or the end of its container."""
        label = label or self.labels.get(kind)
        if label is None:
            return
        if label.rest:
            yield Piece("text", label.rest)
        for piece in self.pieces[label.index + 1:label.end]:
            if piece.kind == "text" and _may_be_label(piece.text) and label_kind(normalize_urdu(piece.text)):
                return
            yield piece

    def _label_line(self, kind: str) -> str | None:
        """The text of a label's value: up to the first line break after some text."""
        parts: list[str] = []
        for piece in self._after_label(kind):
            if piece.kind == "break":
                if parts and normalize_urdu(" ".join(parts)):
                    break
                continue
            parts.append(piece.text)
        text = normalize_urdu(" ".join(parts)).lstrip(":： ").strip()
        return text or None

    @cached_property
    def excluded(self) -> set[Element]:
        """Containers of labelled sections other than the date: never body, never lead."""
        return {label.container for kind, sections in self.sections.items() if kind != "date"
                for label in sections if label.container is not None and label.container.tag != "body"}

    @cached_property
    def _excluded_elements(self) -> set[Element]:
        """Every element inside an excluded section, containers included: one set lookup
        per question instead of a walk up the ancestors."""
        return {element for container in self.excluded for element in container.iter()}

    def _inside_excluded(self, element: Element) -> bool:
        return element in self._excluded_elements

    def css(self, selectors: tuple[str, ...], outside_sections: bool = False) -> list[Element]:
        """Elements of the first selector that matches anything.

        *outside_sections* ignores matches inside the keywords and read-also sections,
        for fields of the article itself: a teaser's ``related-lead`` is not our lead.
        """
        for selector in selectors:
            found = _compiled_css(selector)(self.root)
            if outside_sections:
                found = [element for element in found if not self._inside_excluded(element)]
            if found:
                return found
        return []

    # -- headline -------------------------------------------------------------------

    def headline_from_jsonld(self) -> str | None:
        return _text_value(self.jsonld.get("headline") or self.jsonld.get("name"))

    def headline_from_opengraph(self) -> str | None:
        return self.meta_first("og:title", "twitter:title", "dc.title", "dcterms.title")

    def headline_from_selectors(self) -> str | None:
        return self._selector_headline

    @cached_property
    def _selector_headline(self) -> str | None:
        """Read once: the headline layer and the body cleaner (_clean_body) both ask."""
        for element in self.css(self.selectors.headline, outside_sections=True):
            text = element_text(element)
            if text:
                return text
        return None

    def headline_from_title(self) -> str | None:
        """``<title>`` minus the site name suffix (``... - اسلام ٹائمز``)."""
        title = self.root.find(".//title")
        text = normalize_urdu(string_value(title)) if title is not None else ""
        names = {normalize_urdu(name) for name in self.selectors.site_names}
        site_name = self.meta_first("og:site_name")
        if site_name:
            names.add(normalize_urdu(site_name))
        for separator in (" - ", " | ", " – ", " — ", " :: "):
            head, sep, tail = text.rpartition(separator)
            if sep and tail.strip() in names:
                return head.strip() or None
        return text or None

    # -- dates ----------------------------------------------------------------------

    def date_from_jsonld(self) -> str | None:
        return _text_value(self.jsonld.get("datePublished") or self.jsonld.get("dateCreated"))

    def date_from_meta(self) -> str | None:
        return self.meta_first(
            "article:published_time", "og:published_time", "og:article:published_time",
            "dcterms.created", "dcterms.issued", "dcterms.date", "dc.date.issued", "dc.date",
            "datepublished", "pubdate", "publishdate", "publish-date", "date", "sailthru.date",
        )

    def date_from_time_element(self) -> str | None:
        for element in self.root.iter("time"):
            value = element.get("datetime")
            if value and not self._inside_excluded(element):
                return value
        return None

    def date_line(self) -> str | None:
        """The visible date line after ``اشاعت کی تاریخ:``."""
        return self._label_line("date")

    def date_text_from_time_element(self) -> str | None:
        for element in self.root.iter("time"):
            if not self._inside_excluded(element):
                text = element_text(element)
                if text:
                    return text
        return None

    def date_from_selectors(self) -> str | None:
        for element in self.css(self.selectors.date, outside_sections=True):
            text = element.get("datetime") or element.get("title") or element_text(element)
            if text:
                return text
        return None

    def date_text_from_selectors(self) -> str | None:
        """The visible date line a site selector finds: its text, not its machine ``title``;
        the first that carries a year (``03:39pm`` alone is a clock, not a date line)."""
        for selector in self.selectors.date:
            for element in self.css((selector,), outside_sections=True):
                text = element_text(element)
                if text and re.search(r"\d{4}|[۰-۹]{4}", text):
                    return text
        return None

    # -- summary --------------------------------------------------------------------

    @cached_property
    def lead_element(self) -> Element | None:
        """The visible lead: an element named like one (``lead``, ``summary``, ...)."""
        for element in self.root.iter("p", "div", "h2", "h3", "span", "section", "strong"):
            names = _classes(element)
            itemprop = element.get("itemprop") or ""
            if not (itemprop == "description" or (names.strip() and LEAD_CLASS.search(names))):
                continue
            if _is_noise(element) or self._inside_excluded(element):
                continue
            if element.tag in ("div", "section") and element.find(".//p") is not None \
                    and len(element.findall(".//p")) > 1:
                continue  # a wrapper around several paragraphs is a body, not a lead
            if element_text(element):
                return element
        return None

    def summary_from_lead(self) -> str | None:
        return self._lead_text

    @cached_property
    def _lead_text(self) -> str | None:
        """Read once: the summary layer and the body cleaner (_clean_body) both ask."""
        return element_text(self.lead_element) if self.lead_element is not None else None

    def summary_from_meta(self) -> str | None:
        text = _text_value(self.jsonld.get("description")) or self.meta_first(
            "og:description", "description", "twitter:description", "dcterms.abstract", "dc.description")
        # BBC (simorgh) declares the headline as the description when there is no summary
        if text and normalize_urdu(text) in (normalize_urdu(self.headline_from_jsonld()),
                                             normalize_urdu(self.headline_from_opengraph())):
            return None
        return text

    def summary_from_selectors(self) -> str | None:
        found = self.css(self.selectors.summary, outside_sections=True)
        return element_text(found[0]) if found else None

    # -- body -----------------------------------------------------------------------

    @cached_property
    def body_container(self) -> Element | None:
        """Where the article's paragraphs are: ``itemprop=articleBody``, else densest text."""
        candidates = []
        for element in self.root.iter(*BODY_CONTAINER_TAGS):
            if (element.get("itemprop") or "").lower() == "articlebody":
                return element
            candidates.append(element)
        best, best_score = None, 0
        for element in candidates:
            if _is_noise(element) or self._inside_excluded(element):
                continue
            score = _paragraph_density(element)
            if score > best_score:
                best, best_score = element, score
        return best

    def body_from_container(self) -> list[str]:
        container = self.body_container
        return self._clean_body(self._container_paragraphs(container)) if container is not None else []

    def body_from_selectors(self) -> list[str]:
        found = self.css(self.selectors.body, outside_sections=True)
        return self._clean_body(self._container_paragraphs(found[0])) if found else []

    def body_from_jsonld(self) -> list[str]:
        text = _text_value(self.jsonld.get("articleBody"), join="\n")
        if not text:
            return []
        return [line for line in (normalize_urdu(part) for part in re.split(r"\n\s*\n|\n", text)) if line]

    def _container_paragraphs(self, container: Element) -> list[str]:
        lead, excluded = self.lead_element, self.excluded

        def skip(element: Element) -> bool:
            return element is lead or element in excluded or element.tag == "h1" or _is_noise(element)

        return paragraphs(flatten(container, skip))

    def _clean_body(self, lines: list[str]) -> list[str]:
        """Drop what a reader does not count as body: labels, teasers, the lead repeated."""
        # ... and the visible date line standing on its own (BBC puts its <time> inside <main>)
        drop = {self.summary_from_lead(), self.headline_from_selectors(), self.headline_from_opengraph(),
                self.date_text_from_time_element()}
        body: list[str] = []
        for line in lines:
            parsed = label_kind(line)
            if parsed is not None:
                kind, rest = parsed
                if kind == "read_also" and not rest:
                    break  # "پڑھیں:" heading: what follows are teasers of other articles
                continue
            if line in drop:
                continue
            body.append(line)
        return body

    # -- labelled lists ---------------------------------------------------------------

    def source_from_label(self) -> str | None:
        return self._label_line("source")

    def source_from_selectors(self) -> str | None:
        found = self.css(self.selectors.source)
        return strip_label(element_text(found[0]), LABELS["source"]) if found else None

    def keywords_from_label(self) -> list[str]:
        """Links after ``کلیدی لفظ:``, one keyword each; else the line split on commas."""
        links = [piece.text for piece in self._after_label("keywords") if piece.kind == "link" and piece.text]
        if links:
            return links
        line = self._label_line("keywords")
        return split_list(line) if line else []

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

    def keywords_from_selectors(self) -> list[str]:
        return [text for text in (element_text(e) for e in self.css(self.selectors.keywords)) if text]

    def read_also_from_label(self) -> list[dict[str, str]]:
        return self._related(
            piece for label in self.sections.get("read_also", [])
            for piece in self._after_label("read_also", label) if piece.kind == "link"
        )

    def read_also_from_selectors(self) -> list[dict[str, str]]:
        return self._related(
            Piece("link", element_text(e), e.get("href")) for e in self.css(self.selectors.read_also)
        )

    def _related(self, links: Iterator[Piece]) -> list[dict[str, str]]:
        """Article links with their titles; an image link and a title link to one URL merge."""
        related: dict[str, str] = {}
        for link in links:
            href = clean_link(link.href) if link.href else None
            if not href:
                continue
            url = canonicalize_url(self.urljoin(href))
            if url and self.is_article_url(url) and (url not in related or not related[url]):
                related[url] = link.text
        return [{"url": url, "title": title} for url, title in related.items()]

    # -- identity -------------------------------------------------------------------

    def canonical_from_link(self) -> str | None:
        for element in self.root.iter("link"):
            if "canonical" in (element.get("rel") or "").lower().split() and element.get("href"):
                return element.get("href").strip()
        return None

    def canonical_from_meta(self) -> str | None:
        return self.meta_first("og:url") or _text_value(
            self.jsonld.get("url") or _id_of(self.jsonld.get("mainEntityOfPage")))


@lru_cache(maxsize=256)
def _compiled_css(selector: str) -> CSSSelector:
    """A CSS selector translated to XPath once per process, not once per page.

    ``element.cssselect(selector)`` parses the CSS and builds an XPath on every call.
    """
    return CSSSelector(selector, translator="html")


def _paragraph_density(element: Element) -> int:
    """Characters of paragraph text directly inside *element* (``<p>`` children and loose text)."""
    score = len((element.text or "").strip())
    for child in element:
        tag = child.tag
        if tag == "p" or (tag == "div" and not any(grand.tag in BLOCK_TAGS for grand in child)):
            # <p>, or a <div> holding only inline content: some CMSs wrap paragraphs in divs
            score += len(string_value(child).strip())
        elif tag in ("br", "span", "b", "strong", "i", "em", "a", "font"):
            if tag != "br":
                score += len((child.text or "").strip())
        if child.tail:
            score += len(child.tail.strip())
    return score


def _find_article(data: Any) -> dict[str, Any] | None:
    """The first JSON-LD object whose @type is an article type, searching lists and @graph."""
    stack = [data]
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types):
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
