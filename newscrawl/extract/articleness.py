"""Is this page an article? Read from the page itself, for the generic spider (no site file, no URL shapes).

A real article page is rarely only its article: most-read boxes, related news, sidebars and
footers carry 25-55 teaser links around 2-9 running paragraphs. So the page is judged by its
*main column*, the smallest block that holds both the headline (``<h1>``) and the longest run of
running paragraphs; teasers outside it (sidebars, header, footer) do not make an article a
listing. Declared types come first: JSON-LD and schema.org microdata (``itemtype``) naming an
article or a listing, then an ``<article>`` element with its headline and the run, then the
Open Graph type and ``article:published_time``, then a headline, a run and a visible date.

Running text means paragraphs mostly in the Arabic script (Urdu, and Persian or Arabic too: the
language gate decides the language later); ``letters`` names another script for layout tests on
real pages in other languages.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree
from parsel import Selector

from newscrawl.core.dates import parse_date, parse_fast
from newscrawl.core.text import normalize_urdu, to_ascii_digits

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNews",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "Report",
    }
)
LISTING_TYPES = frozenset({"CollectionPage", "ItemList", "SearchResultsPage", "ProfilePage"})
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
YEAR = re.compile(r"(?:19|20)\d\d")
# A paragraph of running text: this many characters, mostly letters of the script.
PARAGRAPH_CHARS = 100
LETTER_SHARE = 0.6
RUN = 2
# Shorter non-paragraph elements between paragraphs (ads, scripts, captions) do not end a run; headings do.
FURNITURE_CHARS = 40
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
HEADLINE_CHARS = 10
# Where paragraphs sit: directly, or each wrapped in up to three blocks of its own (React sites).
_PARAGRAPH_PARENTS = etree.XPath("//body/descendant-or-self::*[p or br or */p or */*/p or */*/*/p]")
_WRAPPED_PARAGRAPH = etree.XPath("p | */p | */*/p")
_LONG_LINK = etree.XPath("boolean(.//a[string-length(normalize-space(.)) > 20])")
_NODES = etree.XPath("./node()")
_STRING = etree.XPath("string(.)")
_LENGTH = etree.XPath("string-length(normalize-space(.))")
WRAPPED_CHARS = 3000  # longer blocks are not one paragraph: not looked into
# A heading that links elsewhere with this much text is a teaser (what a listing is made of).
# Those in HTML5's own parts for what is not the main content (aside, nav, header, footer) do not count.
TEASERS = (
    "descendant-or-self::*[self::h2 or self::h3 or self::h4][.//a[string-length(normalize-space(.)) >= 20]]"
    "[not(ancestor::aside or ancestor::nav or ancestor::header or ancestor::footer)]"
)
JOINERS = str.maketrans("", "", "\u200c\u200d\u200e\u200f")  # Persian ZWNJ and direction marks: not text


def is_article_type(kind: str) -> bool:
    """schema.org's article types, and the ``...Article`` names sites make up (``ReportageNewsArticle``).

    >>> is_article_type("NewsArticle"), is_article_type("ReportageNewsArticle"), is_article_type("WebPage")
    (True, True, False)
    """
    return kind in ARTICLE_TYPES or kind.endswith("Article")


def jsonld_types(page: Selector) -> set[str]:
    """Every ``@type`` in the page's JSON-LD, ``@graph`` and lists included."""
    types: set[str] = set()
    stack: list[Any] = []
    for script in page.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            stack.append(json.loads(script, strict=False))
        except ValueError:
            continue
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            kind = node.get("@type")
            types.update([kind] if isinstance(kind, str) else [k for k in kind or () if isinstance(k, str)])
            stack.extend(node.get("@graph") or [])
    return types


def microdata_types(page: Selector) -> set[str]:
    """The schema.org types of the page's microdata items (``itemtype="https://schema.org/NewsArticle"``)."""
    return {url.rstrip("/").rsplit("/", 1)[-1] for value in page.xpath("//@itemtype").getall() for url in value.split()}


def _is_running(text: str, letters: re.Pattern[str]) -> bool:
    dense = text.translate(JOINERS).replace(" ", "")
    return len(text) >= PARAGRAPH_CHARS and len(letters.findall(dense)) >= LETTER_SHARE * len(dense)


def longest_run(page: Selector, letters: re.Pattern[str] = ARABIC_SCRIPT) -> tuple[int, Any]:
    """The longest run of consecutive running-text paragraphs (``<p>``, a block holding one ``<p>``
    and nothing else, or text between ``<br>``), and the element holding it (``None`` if none).
    Read on lxml elements with compiled XPaths: a parsel selector per node costs twice the judging."""
    best, holder = 0, None
    for parent in _PARAGRAPH_PARENTS(page.root):
        run = 0
        for child in _NODES(parent):
            kind, text, length = _paragraph(child)
            if kind is None or kind in ("br", "") and not length:
                continue  # a comment, a <br> or blank text between paragraphs keeps the run going
            running = kind in ("p", "") and _is_running(text, letters) and not (kind and _LONG_LINK(child))
            if not running and kind not in HEADINGS and length < FURNITURE_CHARS:
                continue  # an ad slot, a script or a caption between paragraphs keeps the run going
            run = run + 1 if running else 0
            if run > best:
                best, holder = run, parent
    return best, holder


def _paragraph(child: Any) -> tuple[str | None, str, int]:
    """(kind, text, length) of one node between paragraphs: kind ``p`` for a paragraph, also one
    wrapped in blocks of its own (``<div><div><p>``), ``""`` for bare text, else the tag; a block
    that is not a paragraph is judged by its length alone (no text read)."""
    if isinstance(child, str):  # a text node (between <br>s)
        text = " ".join(child.split())
        return "", text, len(text)
    if not isinstance(child.tag, str):
        return None, "", 0  # a comment or processing instruction
    kind = child.tag
    if kind == "p":
        text = " ".join(_STRING(child).split())
        return kind, text, len(text)
    length = int(_LENGTH(child))
    if kind not in HEADINGS and PARAGRAPH_CHARS <= length <= WRAPPED_CHARS:
        inner = _WRAPPED_PARAGRAPH(child)
        if len(inner) == 1 and int(_LENGTH(inner[0])) == length:
            return "p", " ".join(_STRING(inner[0]).split()), length
    return kind, "", length


def text_run(page: Selector, letters: re.Pattern[str] = ARABIC_SCRIPT) -> int:
    """The length of the longest run of running-text paragraphs."""
    return longest_run(page, letters)[0]


def headline_above(holder: Any, title: str = "") -> Any:
    """The ``<h1>`` nearest before the run of paragraphs (or above it in the same block): the
    article's headline. Without one, the nearest ``<h2>`` before it that says what ``og:title``
    says (sites whose ``<h1>`` is the logo, or who have none, set the headline in an ``<h2>``)."""
    long_enough = f"[string-length(normalize-space(.)) >= {HEADLINE_CHARS}]"
    found = holder.xpath(f"descendant::h1{long_enough}[1]") or holder.xpath(f"preceding::h1{long_enough}[1]")
    if found:
        return found[0]
    title = " ".join(title.split())
    if len(title) >= HEADLINE_CHARS:
        inside, before = holder.xpath(f"descendant::h2{long_enough}"), holder.xpath(f"preceding::h2{long_enough}")
        for heading in (*inside, *reversed(before)):  # nearest first (XPath gives document order)
            text = " ".join(_STRING(heading).split())
            if text in title or title in text:
                return heading
    return None


def main_column(holder: Any, headline: Any) -> Any:
    """The smallest element holding both the headline and the run: the article, not the page around it."""
    around_run = {holder, *holder.iterancestors()}
    for element in headline.iterancestors():
        if element in around_run:
            return element
    return holder.getroottree().getroot()


def teasers(column: Any) -> int:
    """Linked headings in the column, outside its ``aside``/``nav``/``header``/``footer``."""
    return len(column.xpath(TEASERS))


def has_date(page: Selector) -> bool:
    """A date a reader sees: a ``<time>``, or a short line with a year that parses as a date."""
    if page.xpath("//time[@datetime]"):
        return True
    lines = page.xpath("//body//text()[string-length(normalize-space(.)) < 80]").getall()
    dated = [normalize_urdu(line) for line in lines if YEAR.search(to_ascii_digits(line))][:20]
    # the regex fast path first (no warning per miss); a label before a colon is dropped
    if any(parse_fast(line) or parse_fast(line.rpartition(":")[2].strip()) for line in dated):
        return True
    return any(parse_date(line) for line in dated[:3])  # Hijri + Gregorian lines and other shapes


def article_signal(page: Selector, letters: re.Pattern[str] = ARABIC_SCRIPT) -> str | None:
    """Why the page is an article (``jsonld``, ``microdata``, ``article``, ``opengraph``,
    ``published_time``, ``text``), or None.

    Running text must back any signal: some sites mark every page ``og:type=article``, and a
    listing (home, section, tag, author page) is teasers, not a run of long paragraphs; a main
    column with more teasers than running paragraphs is a listing.
    """
    declared, microdata = jsonld_types(page), microdata_types(page)
    articles = {kind for kind in declared | microdata if is_article_type(kind)}
    if (declared | microdata) & LISTING_TYPES and not articles:
        return None
    run, holder = longest_run(page, letters)
    if run == 0:
        return None
    if articles:
        return "jsonld" if articles & declared else "microdata"
    og_title = page.xpath('//meta[@property="og:title"]/@content').get() or ""
    headline = headline_above(holder, og_title)
    column = main_column(holder, headline) if headline is not None else page.root
    if headline is not None and run >= RUN and column.xpath("ancestor-or-self::article"):
        return "article"
    if teasers(column) >= max(5, run + 1):
        return None
    if (page.xpath('//meta[@property="og:type"]/@content').get() or "").strip().lower() == "article":
        return "opengraph"
    if page.xpath('//meta[@property="article:published_time" or @name="article:published_time"]'):
        return "published_time"
    title = page.xpath("normalize-space(//h1)").get() or og_title
    if run >= RUN and len(title or "") >= HEADLINE_CHARS and has_date(page):
        return "text"
    return None
