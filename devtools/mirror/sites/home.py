"""A real saved home page, served from the mirror: its own links rewritten to the mirror.

The page is read from the team's ``shared/realpages/`` at build time (never copied
into the project). Links to the site's own hosts become root-relative, so the page
works on whatever port the mirror listens; links to other hosts (the ePaper
sub-domain, social networks) stay as they are, off-site for the crawler.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

SHARED = Path(__file__).resolve().parents[4] / "shared"


def rewrite_links(page: str, hosts: Iterable[str]) -> str:
    """Absolute and protocol-relative links to *hosts* -> root-relative links.

    >>> rewrite_links('<a href="https://jang.com.pk/news/1">x</a><a href="https://www.jang.com.pk">h</a>', ["jang.com.pk"])
    '<a href="/news/1">x</a><a href="/">h</a>'
    >>> rewrite_links('<a href="//www.express.pk/story/2/1">', ["express.pk"])
    '<a href="/story/2/1">'
    >>> rewrite_links('<a href="https://e.jang.com.pk/">', ["jang.com.pk"])
    '<a href="https://e.jang.com.pk/">'
    """
    names = "|".join(re.escape(host) for host in hosts)
    own = rf"(?:https?:)?//(?:www\.)?(?:{names})"
    page = re.sub(own + r"(?=[\"'])", "/", page, flags=re.IGNORECASE)
    return re.sub(own + r"(?=[/?#])", "", page, flags=re.IGNORECASE)


@dataclass
class Linked:
    """An article the home page links to: every path it is linked by, and its best link text."""

    article_id: str
    paths: list[str]
    headline: str | None


def linked_articles(page: str, article_path: str) -> list[Linked]:
    """Articles linked from *page* (already rewritten), in page order, by the mirror's own
    reading of the site's article shape (*article_path*, group 1 the id), independent of the spider.

    >>> [(a.article_id, a.paths, a.headline) for a in linked_articles(
    ...     '<a href="/news/7"><img></a> <a href="/news/7" title="t">سرخی </a><a href="/x">x</a>', r"^/news/(\\d+)$")]
    [('7', ['/news/7'], 'سرخی')]
    """
    shape = re.compile(article_path)
    found: dict[str, Linked] = {}
    for anchor in lxml_html.fromstring(page).iter("a"):
        href = (anchor.get("href") or "").strip()
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        match = shape.search(parts.path)
        if not match:
            continue
        linked = found.setdefault(match.group(1), Linked(match.group(1), [], None))
        path = unquote(parts.path)
        if path not in linked.paths:
            linked.paths.append(path)
        text = " ".join(anchor.text_content().split())
        if text and len(text) > len(linked.headline or ""):
            linked.headline = text
    return list(found.values())


def read_home(file_name: str, shared: Path = SHARED) -> str:
    """The saved page as text (UTF-8, as every saved page here is)."""
    path = shared / "realpages" / file_name
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: the site mirrors read the team's shared/ folder beside the checkout"
        )
    return path.read_text(encoding="utf-8")
