"""Real-weight article pages: a mirror article inside the chrome of a real news home page.

The mirror's article pages weigh about 5 KB; real ones weigh 80-300 KB of menus,
teasers with their leads, most-read lists and scripts around the article. This
module puts an article's ``<head>`` and ``<body>`` content into the home page of a
real site (``../shared/realpages/``, the team's saved pages, read in place), so
extraction is measured and tested at real weight, against real furniture:

- the home page's own identity metadata (``<title>``, description, OpenGraph,
  ``article:*``, ``dcterms.*``, canonical link, JSON-LD, charset) leaves its
  ``<head>``: the article's takes its place, as on a real article page;
- the article's body content goes into the home page's main content column (the
  child holding most of the page's text, followed down while one child dominates),
  between its teasers, so furniture stands before and after it.

Deterministic: the same article and chrome give the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import lxml.html
from lxml import etree

#: ``shared/`` beside the checkout, as the tests read it (tests/shared_pages.py)
REALPAGES = Path(__file__).resolve().parents[3] / "shared" / "realpages"
#: Home pages of Urdu sites heavy enough to be real-weight chrome (80-270 KB), five CMSs.
CHROME_SITES = ("islamtimes.org", "humsub.com.pk", "dawnnews.tv", "jang.com.pk", "express.pk")

_HEAD_MARK = "NEWSCRAWL-ARTICLE-HEAD"
_BODY_MARK = "NEWSCRAWL-ARTICLE-BODY"
_IDENTITY_META = re.compile(
    r"^(?:description|keywords|news_keywords|title|og:.*|twitter:.*|article:.*|dcterms\..*|dc\..*|"
    r"date|pubdate|publishdate|datepublished)$",
    re.IGNORECASE,
)
_HEAD = re.compile(r"<head[^>]*>(.*?)</head>", re.DOTALL | re.IGNORECASE)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
_CHARSET_META = re.compile(r"<meta\s+(?:charset=[^>]*|http-equiv=[\"']?content-type[^>]*)>", re.IGNORECASE)


@dataclass(frozen=True)
class Chrome:
    """A real home page cut open where an article's head and body go."""

    site: str
    before_head: str
    between: str
    after_body: str

    def wrap(self, article_html: str) -> bytes:
        """The article page *article_html* inside this chrome, as UTF-8 bytes.

        >>> chrome = Chrome("x", "<html><head>", "</head><body><nav>n</nav>", "</body></html>")
        >>> chrome.wrap("<html><head><title>t</title></head><body><p>a</p></body></html>").decode()
        '<html><head><meta charset="utf-8"><title>t</title></head><body><nav>n</nav><p>a</p></body></html>'
        """
        head = _HEAD.search(article_html)
        body = _BODY.search(article_html)
        head_html = _CHARSET_META.sub("", head.group(1)) if head else ""
        body_html = body.group(1) if body else article_html
        return "".join(
            (self.before_head, '<meta charset="utf-8">', head_html, self.between, body_html, self.after_body)
        ).encode("utf-8")


@cache
def load_chrome(site: str, realpages: Path = REALPAGES) -> Chrome:
    """The home page of *site* (a file name in realpages without ``.html``), cut open."""
    root = lxml.html.fromstring((realpages / f"{site}.html").read_bytes())
    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    for element in list(head):
        if _is_identity(element):
            head.remove(element)
    head.insert(0, etree.Comment(_HEAD_MARK))
    column = _main_column(root.find("body"))
    children = [child for child in column if isinstance(child.tag, str)]
    marker = etree.Comment(_BODY_MARK)
    if children:
        children[len(children) // 2].addprevious(marker)
    else:
        column.append(marker)
    html = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    before_head, rest = html.split(f"<!--{_HEAD_MARK}-->")
    between, after_body = rest.split(f"<!--{_BODY_MARK}-->")
    return Chrome(site, before_head, between, after_body)


def _is_identity(element: etree._Element) -> bool:
    """Head elements that say what the page is: the article's own replace them."""
    tag = element.tag
    if tag == "title" or tag == "base":
        return True
    if tag == "meta":
        if element.get("charset") is not None or (element.get("http-equiv") or "").lower() == "content-type":
            return True
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        return bool(_IDENTITY_META.match(key.strip()))
    if tag == "link":
        return "canonical" in (element.get("rel") or "").lower().split()
    if tag == "script":
        return (element.get("type") or "").strip().lower() == "application/ld+json"
    return False


def _main_column(body: etree._Element | None) -> etree._Element:
    """The element holding the page's main content: from ``<body>``, down into the child
    with most of the text while one child holds more than half of it (four levels at most)."""
    if body is None:
        raise ValueError("home page without <body>")
    column = body
    for _ in range(4):
        sizes = [
            (len(child.text_content()), index, child)
            for index, child in enumerate(column)
            if isinstance(child.tag, str) and child.tag not in ("script", "style", "noscript")
        ]
        if not sizes:
            break
        size, _, child = max(sizes, key=lambda entry: (entry[0], -entry[1]))
        if size * 2 <= len(column.text_content()):
            break
        column = child
    return column
