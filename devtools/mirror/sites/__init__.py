"""Mirrors of the named sites (issue 13), generated at serve or test time, never committed.

Each site's mirror is its real saved home page (``shared/realpages/``, links rewritten
to the mirror), one article page in the site's style for every article that page links
to, a small section page for every other link of the site it carries, robots.txt, a
sitemap and a feed. BBC Urdu has no saved home page: its front page is generated, its
article pages render the real article data (``bbc.py``).

Article text: headlines are the home page's own link texts; bodies are paragraphs of
the project's corpus (``fixtures/source/articles.json``), each used once per site, so
that no text repeats across a site's articles as furniture would.

``python -m newscrawl serve --site jang`` serves one; ``write_site(name, root)`` writes
one as a manifest + files that ``MirrorServer(root)`` serves.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

from devtools.mirror.article import FIXTURES
from devtools.mirror.sites.home import SHARED, linked_articles, read_home, rewrite_links
from devtools.mirror.sites.shared_stories import shared_articles
from devtools.mirror.sites.styles import PKT, RENDERERS, Article

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class SiteMirror:
    """What the mirror needs to know of a site, independent of its spider."""

    home_file: str
    hosts: tuple[str, ...]
    article_path: str  # the mirror's own reading of the article shape; group 1 is the id
    saved_at: datetime  # when the home page was saved, in the site's zone
    feed_path: str | None = None
    home_path: str = "/"


SITES: dict[str, SiteMirror] = {
    "urduvoa": SiteMirror(
        "urduvoa.com.html",
        ("urduvoa.com",),
        r"^/a/(?:[^/]+/)?(\d+)\.html$",
        datetime(2018, 3, 17, 22, 0, tzinfo=PKT),
        "/api/",
    ),
    "express": SiteMirror(
        "express.pk.html",
        ("express.pk",),
        r"^/story/(\d+)(?:/\d+)?/?$",
        datetime(2018, 3, 18, 11, 0, tzinfo=PKT),
        "/feed/",
    ),
    "jang": SiteMirror(
        "jang.com.pk.html", ("jang.com.pk",), r"^/news/(\d+)$", datetime(2018, 3, 17, 23, 0, tzinfo=PKT)
    ),
    "dawnnews": SiteMirror(
        "dawnnews.tv.html", ("dawnnews.tv",), r"^/news/(\d+)(?:/[\w-]*)?/?$", datetime(2018, 3, 23, 16, 18, tzinfo=PKT)
    ),
    "nawaiwaqt": SiteMirror(
        "nawaiwaqt.com.pk.html",
        ("nawaiwaqt.com.pk",),
        r"^/\d\d-[A-Z][a-z]{2}-\d{4}/(\d+)$",
        datetime(2018, 3, 24, 9, 0, tzinfo=PKT),
        "/rss",
    ),
    "humsub": SiteMirror(
        "humsub.com.pk.html",
        ("humsub.com.pk",),
        r"^/(\d{5,})/([^/]+)/$",
        datetime(2018, 3, 19, 7, 17, tzinfo=PKT),
        "/feed/",
    ),
}
NAMES = (*SITES, "bbcurdu")
# Root-relative links that are files, not pages: never given a section page.
ASSET = re.compile(r"\.(?:css|js|png|jpe?g|gif|ico|svg|xml|json|php|asp|woff2?)(?:$|\?)|^/(?:wp-|assets/|_)", re.I)


@dataclass
class SiteBuild:
    """A built mirror: route -> (status, content type, body), and each article's expected record."""

    routes: dict[str, tuple[int, str, bytes]]
    articles: list[Article]
    not_articles: list[Article] = field(default_factory=list)  # served and linked, never a record

    def expected(self) -> list[dict[str, Any]]:
        return [article.expected() for article in self.articles]


def corpus_paragraphs() -> list[str]:
    """Every corpus paragraph once, without the Islam Times dateline."""
    corpus = json.loads((FIXTURES / "source" / "articles.json").read_text(encoding="utf-8"))
    return [re.sub(r"^اسلام ٹائمز[۔:]\s*", "", p) for article in corpus for p in article["paragraphs"]]


def plan(name: str, home: str) -> list[Article]:
    """One article per article id the home page links to, newest first, 41 minutes apart."""
    site = SITES[name]
    pool = corpus_paragraphs()
    per_article = 3 if name == "urduvoa" else 2
    articles = []
    for index, linked in enumerate(linked_articles(home, site.article_path)):
        start = (index * per_article) % len(pool)
        texts = (pool + pool)[start : start + per_article]
        headline = (
            linked.headline if linked.headline and len(linked.headline) > 12 else f"{texts[0].split('۔')[0][:80]}"
        )
        article = Article(
            name,
            linked.article_id,
            linked.paths,
            headline,
            site.saved_at - timedelta(minutes=41 * (index + 1)),
            texts[:2],
            lead=texts[2] if per_article == 3 else None,
        )
        if name == "humsub":
            article.extra["author"] = re.sub(r"-\d+$", "", linked.paths[0].split("/")[2])[:40] or "web-desk"
        articles.append(article)
    articles += shared_articles(name)  # 2025 stories Islam Times ran first: in the sitemap only
    for index, article in enumerate(articles):  # the next three stories, as "more news"
        article.related = [
            (other.path, other.headline) for other in (articles * 2)[index + 1 : index + 4] if other is not article
        ]
    return articles


def build_site(name: str, shared: Path = SHARED) -> SiteBuild:
    if name == "bbcurdu":
        from devtools.mirror.sites.bbc import build_bbc  # noqa: PLC0415 - only this site needs it

        return build_bbc(shared)
    site = SITES[name]
    home = rewrite_links(read_home(site.home_file, shared), site.hosts)
    articles = plan(name, home)
    routes: dict[str, tuple[int, str, bytes]] = {site.home_path: (200, HTML, home.encode("utf-8"))}
    for article in articles:
        page = RENDERERS[name](article).encode("utf-8")
        for path in article.paths:
            routes[path] = (200, HTML, page)
    files = discovery_files(articles, home, feed_path=site.feed_path)
    for path in section_paths(home, {**routes, **files}):
        routes[path] = (200, HTML, section_page(path, articles).encode("utf-8"))
    routes.update(files)
    return SiteBuild(routes, articles)


def section_paths(home: str, taken: dict[str, Any]) -> list[str]:
    """Root-relative page links of the home page that are not articles: sections, archives, authors."""
    paths = []
    for href in re.findall(r"""href=["']?(/[^"'\s>#]*)""", home):
        path = href.split("?")[0]
        if path.startswith("//") or ASSET.search(href) or path in taken or path in paths:
            continue
        paths.append(path)
    return paths


def section_page(path: str, articles: list[Article]) -> str:
    """A small listing page: a heading and links to a few of the site's articles."""
    chosen = articles[hash_index(path, len(articles)) :][:4] if articles else []
    items = "".join(f'<li><a href="{escape(a.path)}">{escape(a.headline)}</a></li>' for a in chosen)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(path)}</title></head>'
        f'<body><h1>{escape(path)}</h1><ul class="list">{items}</ul><a href="/">صفحہ اول</a></body></html>'
    )


def hash_index(text: str, size: int) -> int:
    """A stable index from a path (Python's hash() is salted per process).

    >>> hash_index("/category/latest-news", 10)
    9
    """
    return sum(text.encode("utf-8")) % max(size, 1)


def discovery_files(
    articles: list[Article], home: str = "", sitemap_path: str = "/sitemap.xml", feed_path: str | None = None
) -> dict[str, tuple[int, str, bytes]]:
    """robots.txt naming the sitemap, the sitemap of every article, the site's feed (the newest ten)
    and an empty feed for any other feed the home page declares (Hum Sub's comments feed)."""
    urls = "".join(f"<url><loc>{escape(a.path)}</loc><lastmod>{a.local.isoformat()}</lastmod></url>" for a in articles)
    files = {
        "/robots.txt": (
            200,
            "text/plain; charset=utf-8",
            f"User-agent: *\nDisallow:\nSitemap: {sitemap_path}\n".encode(),
        ),
        sitemap_path: (
            200,
            "application/xml; charset=utf-8",
            (
                '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">{urls}</urlset>\n'
            ).encode(),
        ),
    }
    declared = re.findall(r"""<link[^>]+application/rss\+xml[^>]+href=["'](/[^"']*)["']""", home)
    for path in dict.fromkeys([p for p in (feed_path, *declared) if p and p != sitemap_path]):
        newest = articles[:10] if path == feed_path else []
        items = "".join(
            f"<item><title>{escape(a.headline)}</title><link>{escape(a.path)}</link>"
            f"<pubDate>{a.local.strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate></item>"
            for a in newest
        )
        files[path] = (
            200,
            "application/rss+xml; charset=utf-8",
            f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(path)}</title>{items}</channel></rss>\n".encode(),
        )
    return files


def write_site(name: str, root: Path, shared: Path = SHARED) -> SiteBuild:
    """Write a site's mirror under *root* as manifest.json + files, for ``MirrorServer(root)``."""
    built = build_site(name, shared)
    manifest: dict[str, Any] = {"routes": {}}
    files = root / "files"
    files.mkdir(parents=True, exist_ok=True)
    for number, (path, (status, content_type, body)) in enumerate(sorted(built.routes.items())):
        file_name = f"files/{number:05d}"
        (root / file_name).write_bytes(body)
        manifest["routes"][path] = {"status": status, "content_type": content_type, "file": file_name}
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    (root / "expected.json").write_text(json.dumps(built.expected(), ensure_ascii=False, indent=2), encoding="utf-8")
    return built
