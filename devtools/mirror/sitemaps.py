"""The mirror's sitemaps and feed, as a news CMS publishes them.

``/robots.txt`` names ``/sitemap_index.xml``; the index lists a Google News
sitemap (the newest articles, with ``news:publication_date`` and ``news:title``)
and one sitemap per year, the older year gzipped as ``.xml.gz`` (served as a
file, not a Content-Encoding). ``/ur/rss`` is an RSS 2.0 feed of the newest
articles. Called by build.py; the XML is written with xml.sax.saxutils' escaping.
Locations are host-relative (the live site writes absolute URLs), so the mirror
works on any port, as its HTML links do.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any, Protocol
from xml.sax.saxutils import escape

LIVE = "https://www.islamtimes.com"
INDEX_PATH = "/sitemap_index.xml"
NEWS_PATH = "/sitemaps/news.xml"
FEED_PATH = "/ur/rss"
NEWEST = 10  # entries in the news sitemap and the feed
ROBOTS_LINES = f"Sitemap: {INDEX_PATH}\n"  # relative: robots.txt parsers join it with the robots URL

SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


class Dated(Protocol):
    data: dict[str, Any]
    path: str

    @property
    def moment(self) -> datetime | None: ...


def published(article: Dated) -> datetime:
    """The article's time, or its day's midnight UTC when the corpus gives no time."""
    moment = article.moment
    if moment is not None:
        return moment
    return datetime.fromisoformat(article.data["date"]).replace(tzinfo=timezone.utc)


def add_sitemaps_and_feed(add: Callable[..., None], articles: list[Any]) -> dict[str, Any]:
    """Add the index, its sitemaps and the feed through build.py's ``add``; return what a test needs."""
    newest = sorted(articles, key=lambda a: (published(a), a.id), reverse=True)
    years: dict[int, list[Any]] = {}
    for article in newest:
        years.setdefault(published(article).year, []).append(article)
    children = [(NEWS_PATH, published(newest[0]))]
    children += _add_year_sitemaps(add, years)
    sitemaps = "".join(
        f"<sitemap><loc>{escape(path)}</loc><lastmod>{moment.isoformat()}</lastmod></sitemap>\n"
        for path, moment in children
    )
    add(
        INDEX_PATH,
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {SITEMAP_NS}>\n{sitemaps}</sitemapindex>\n',
        content_type="application/xml; charset=utf-8",
    )
    _add_news_and_feed(add, newest[:NEWEST])
    return {
        "index": INDEX_PATH,
        "news": NEWS_PATH,
        "feed": FEED_PATH,
        "sitemaps": [path for path, _ in children[1:]],
        "news_paths": [a.path for a in newest[:NEWEST]],
        "sitemap_paths": [a.path for a in newest],
    }


def _add_year_sitemaps(add: Callable[..., None], years: dict[int, list[Any]]) -> list[tuple[str, datetime]]:
    """One sitemap a year (the oldest gzipped), newest first inside; (path, newest moment) of each."""
    children = []
    oldest_year = min(years)
    for year, entries in sorted(years.items()):
        urls = "".join(
            f"<url><loc>{escape(a.path)}</loc><lastmod>{published(a).isoformat()}</lastmod></url>\n" for a in entries
        )
        xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SITEMAP_NS}>\n{urls}</urlset>\n'
        if year == oldest_year:
            path = f"/sitemaps/articles-{year}.xml.gz"
            add(path, gzip.compress(xml.encode("utf-8"), mtime=0), content_type="application/x-gzip")
        else:
            path = f"/sitemaps/articles-{year}.xml"
            add(path, xml, content_type="application/xml; charset=utf-8")
        children.append((path, published(entries[0])))
    return children


def _add_news_and_feed(add: Callable[..., None], newest: list[Any]) -> None:
    """The Google News sitemap and the RSS feed of the newest articles."""
    news = "".join(
        f"<url><loc>{escape(a.path)}</loc><news:news><news:publication><news:name>Islam Times</news:name>"
        f"<news:language>ur</news:language></news:publication>"
        f"<news:publication_date>{published(a).isoformat()}</news:publication_date>"
        f"<news:title>{escape(a.data['headline'])}</news:title></news:news></url>\n"
        for a in newest
    )
    add(
        NEWS_PATH,
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SITEMAP_NS} {NEWS_NS}>\n{news}</urlset>\n',
        content_type="application/xml; charset=utf-8",
    )
    items = "".join(
        f"<item><title>{escape(a.data['headline'])}</title><link>{escape(a.path)}</link>"
        f'<guid isPermaLink="false">islamtimes-{a.id}</guid><pubDate>{format_datetime(published(a))}</pubDate>'
        f"<description>{escape(a.data['lead'])}</description></item>\n"
        for a in newest
    )
    add(
        FEED_PATH,
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>اسلام ٹائمز</title><link>{LIVE}/ur/</link><language>ur</language>\n{items}</channel></rss>\n",
        content_type="application/rss+xml; charset=utf-8",
    )
