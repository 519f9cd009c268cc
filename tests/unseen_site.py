"""A news site no spider file knows, built for the generic spider's tests.

"روشنی نیوز" is a WordPress-style Urdu site, unlike the Islam Times mirror in
every way a generic spider could lean on: article URLs of three shapes with no
id (``/2025/03/14/slug/``, ``/news/slug.html``, ``/?p=N``), three article
markups (JSON-LD ``@graph`` with NewsArticle, only ``article:published_time``,
no metadata at all), listing pages of ``<article class="post-card">`` teasers
(home with ``/page/N/`` pagination, categories, tags, two author pages with a
long biography, an about page of long paragraphs but no date), a
``<link rel="alternate">`` RSS feed, and a WordPress sitemap index with a Google
News sitemap. Articles come from the shared corpus, so what a reader sees is known.
Written as a root for ``devtools.mirror.server.MirrorServer`` (manifest + files).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "source" / "articles.json"
NAME = "روشنی نیوز"
URDU_MONTHS = ["جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر",
               "اکتوبر", "نومبر", "دسمبر"]
AUTHORS = {"ali-raza": ("علی رضا", "علی رضا روشنی نیوز کے سینئر نامہ نگار ہیں جو گزشتہ پندرہ برس سے سیاست، معیشت اور"
                        " سماجی مسائل پر لکھ رہے ہیں اور کئی قومی اخبارات کے لیے کام کر چکے ہیں۔"),
           "sana-khan": ("ثنا خان", "ثنا خان بین الاقوامی امور کی نامہ نگار ہیں، انہوں نے جامعہ کراچی سے صحافت میں"
                         " ماسٹرز کیا اور مشرق وسطیٰ اور وسطی ایشیا کے حالات پر باقاعدگی سے رپورٹنگ کرتی ہیں۔")}
PER_PAGE = 5
COUNT = 12


def _moment(data: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(f"{data['date']}T{data.get('time') or '00:00'}").replace(tzinfo=timezone.utc)


def _tag_id(keyword: str) -> str:
    """A tag's URL slug, as WordPress percent-encodes it; stable across processes."""
    return quote(keyword.replace(" ", "-"))


def visible_date(moment: datetime) -> str:
    return f"{moment.day} {URDU_MONTHS[moment.month - 1]} {moment.year}"


def _page(title: str, head: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="ur" dir="rtl"><head><meta charset="utf-8"><title>{escape(title)} – {NAME}</title>
<link rel="alternate" type="application/rss+xml" title="{NAME} فیڈ" href="/feed/">
{head}</head><body>
<header class="site-header"><a class="logo" href="/">{NAME}</a>
<nav><a href="/category/pakistan/">پاکستان</a> · <a href="/category/world/">دنیا</a> · <a href="/about/">ہمارے بارے میں</a></nav></header>
<main>{main}</main>
<footer class="site-footer">جملہ حقوق محفوظ ہیں، {NAME}</footer></body></html>
"""


def _card(article: dict[str, Any]) -> str:
    return (f'<article class="post-card"><h2 class="entry-title"><a href="{article["path"]}">'
            f'{escape(article["headline"])}</a></h2><time datetime="{article["moment"].isoformat()}">'
            f'{visible_date(article["moment"])}</time><p class="excerpt">{escape(article["lead"])}</p></article>')


def _listing(title: str, entries: list[dict[str, Any]], intro: str = "", next_path: str | None = None) -> str:
    pager = f'<nav class="pagination"><a class="next" href="{next_path}">اگلا صفحہ »</a></nav>' if next_path else ""
    head = '<meta property="og:type" content="website">' + (f'<link rel="next" href="{next_path}">' if next_path else "")
    body = f'<h1 class="page-title">{escape(title)}</h1>{intro}<div class="posts">{"".join(map(_card, entries))}</div>{pager}'
    return _page(title, head, body)


def _article_html(article: dict[str, Any], related: list[dict[str, Any]]) -> str:
    moment, style = article["moment"], article["style"]
    head = f'<meta name="description" content="{escape(article["lead"])}">'
    if style == "jsonld":
        graph = {"@context": "https://schema.org", "@graph": [
            {"@type": "WebPage", "@id": article["path"]},
            {"@type": "NewsArticle", "headline": article["headline"], "datePublished": moment.isoformat(),
             "author": {"@type": "Person", "name": AUTHORS[article["author"]][0]}}]}
        head += (f'<script type="application/ld+json">{json.dumps(graph, ensure_ascii=False)}</script>'
                 '<meta property="og:type" content="article">')
    elif style == "published_time":
        head += f'<meta property="article:published_time" content="{moment.isoformat()}">'
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in article["paragraphs"])
    tags = " ".join(f'<a rel="tag" href="/tag/{i}/">{escape(k)}</a>' for i, k in article["tags"])
    more = "".join(f'<li><h3><a href="{r["path"]}">{escape(r["headline"])}</a></h3></li>' for r in related)
    main = (f'<article class="post"><h1 class="entry-title">{escape(article["headline"])}</h1>'
            f'<div class="entry-meta"><span class="posted-on">{visible_date(moment)}</span> · '
            f'<a class="author" href="/author/{article["author"]}/">{AUTHORS[article["author"]][0]}</a></div>'
            f'<div class="entry-content">{paragraphs}</div><div class="tags">{tags}</div></article>'
            f'<aside class="related"><h2 class="widget-title">مزید خبریں</h2><ul>{more}</ul></aside>')
    return _page(article["headline"], head, main)


def build_unseen_site(root: Path) -> dict[str, Any]:
    """Write the site under *root*; return its articles (what a reader sees) and its other pages."""
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))[:COUNT]
    articles = []
    for index, data in enumerate(corpus):
        moment = _moment(data)
        style = ("jsonld", "published_time", "plain")[index % 3]
        path = {"jsonld": f"/{moment:%Y/%m/%d}/story-{index}/", "published_time": f"/news/story-{index}.html",
                "plain": f"/?p={1000 + index}"}[style]
        articles.append({"path": path, "style": style, "moment": moment, "headline": data["headline"],
                         "lead": data["lead"], "paragraphs": data["paragraphs"], "section": data["section"],
                         "author": list(AUTHORS)[index % 2],
                         "tags": [(_tag_id(k), k) for k in data["keywords"][:2]]})
    newest = sorted(articles, key=lambda a: a["moment"], reverse=True)
    routes: dict[str, dict[str, Any]] = {}
    (root / "files").mkdir(parents=True, exist_ok=True)

    def add(path: str, content: str | bytes, content_type: str = "text/html; charset=utf-8") -> None:
        name = f"files/{len(routes):03d}"
        (root / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        routes[path] = {"file": name, "status": 200, "content_type": content_type}

    for index, article in enumerate(articles):
        add(article["path"], _article_html(article, [articles[(index + 1) % COUNT], articles[(index + 2) % COUNT]]))
    listings = []
    pages = [newest[i:i + PER_PAGE] for i in range(0, COUNT, PER_PAGE)]
    for number, entries in enumerate(pages, start=1):
        path = "/" if number == 1 else f"/page/{number}/"
        next_path = f"/page/{number + 1}/" if number < len(pages) else None
        add(path, _listing("تازہ ترین", entries, next_path=next_path))
        listings.append(path)
    for section, title in (("pakistan", "پاکستان"), ("world", "دنیا")):
        entries = [a for a in newest if a["section"] == section] or newest[:3]
        add(f"/category/{section}/", _listing(title, entries).replace(
            '<meta property="og:type" content="website">',
            '<script type="application/ld+json">{"@type": "CollectionPage"}</script>'))
        listings.append(f"/category/{section}/")
    for tag_id, keyword in sorted({t for a in articles for t in a["tags"]}):
        add(f"/tag/{tag_id}/", _listing(keyword, [a for a in newest if (tag_id, keyword) in a["tags"]]))
        listings.append(f"/tag/{tag_id}/")
    for slug, (name, bio) in AUTHORS.items():
        intro = f'<div class="author-bio"><p>{escape(bio)}</p><p>{escape(bio)}</p></div>'
        add(f"/author/{slug}/", _listing(name, [a for a in newest if a["author"] == slug], intro))
        listings.append(f"/author/{slug}/")
    about = "".join(f"<p>{escape(bio)}</p>" for _, bio in AUTHORS.values()) * 2
    add("/about/", _page("ہمارے بارے میں", "", f"<h1>ہمارے بارے میں: {NAME}</h1>{about}"))
    listings.append("/about/")
    add("/robots.txt", "User-agent: *\nDisallow: /wp-admin/\nSitemap: /wp-sitemap.xml\n", "text/plain; charset=utf-8")
    xml = "application/xml; charset=utf-8"
    add("/wp-sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
        'sitemap/0.9"><sitemap><loc>/wp-sitemap-posts-post-1.xml</loc></sitemap><sitemap><loc>/news-sitemap.xml</loc>'
        '</sitemap><sitemap><loc>/wp-sitemap-taxonomies-category-1.xml</loc></sitemap></sitemapindex>', xml)
    urls = "".join(f"<url><loc>{escape(a['path'])}</loc><lastmod>{a['moment'].isoformat()}</lastmod></url>" for a in newest)
    add("/wp-sitemap-posts-post-1.xml", f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
        f'sitemap/0.9">{urls}</urlset>', xml)
    add("/wp-sitemap-taxonomies-category-1.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/'
        'schemas/sitemap/0.9"><url><loc>/category/pakistan/</loc></url><url><loc>/category/world/</loc></url></urlset>', xml)
    news = "".join(f"<url><loc>{escape(a['path'])}</loc><news:news><news:publication><news:name>{NAME}</news:name>"
                   f"<news:language>ur</news:language></news:publication><news:publication_date>"
                   f"{a['moment'].isoformat()}</news:publication_date><news:title>{escape(a['headline'])}"
                   f"</news:title></news:news></url>" for a in newest[:PER_PAGE])
    add("/news-sitemap.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{news}</urlset>', xml)
    items = "".join(f"<item><title>{escape(a['headline'])}</title><link>{escape(a['path'])}</link>"
                    f"<pubDate>{format_datetime(a['moment'])}</pubDate></item>" for a in newest[:PER_PAGE])
    add("/feed/", f'<?xml version="1.0"?><rss version="2.0"><channel><title>{NAME}</title><link>/</link>{items}'
        "</channel></rss>", "application/rss+xml; charset=utf-8")
    (root / "manifest.json").write_text(json.dumps({"routes": routes}, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"articles": articles, "listings": listings}
