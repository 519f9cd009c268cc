"""Build the bundled mirror site (fixtures/site) from the article corpus.

``python -m devtools.mirror.build`` renders ``fixtures/source/articles.json``
(the ground truth: what a reader sees on each page) through several page
templates in the Islam Times style, each marking up the same facts
differently, so that extraction is tested against layout variety rather than
one class name. It also writes ``fixtures/expected/articles.json``: the record
each article page must yield, derived from the corpus, never from the crawler.

Deterministic: the same corpus gives byte-identical files (a test checks that
the committed mirror equals a fresh build).
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from devtools.mirror import junk
from devtools.mirror.chrome import FOOTER, NAV
from devtools.mirror.sitemaps import ROBOTS_LINES, add_sitemaps_and_feed

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
LIVE = "https://www.islamtimes.com"
SITE_NAME = "اسلام ٹائمز"
ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
URDU_MONTHS = ["جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر"]
URDU_WEEKDAYS = ["پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار"]
URDU_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Legacy CMS pages: Arabic code points where Urdu has its own letters.
TO_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك", "ہ": "ه"})
SECTIONS = {"pakistan": "پاکستان", "world": "دنیا", "articles": "مضامین", "special": "خصوصی"}
PAGE_SIZE = 8

# Ids for pages that are not corpus articles.
MISSING_ID, BROKEN_ID, ROBOTS_ID, VIDEO_ID, SYNDICATED_ID = "1299001", "1299002", "1299003", "1299004", "1212901"


def ordinal(day: int) -> str:
    """The English ordinal the site prints in its date line.

    >>> [ordinal(d) for d in (1, 2, 3, 4, 11, 22, 25)]
    ['1st', '2nd', '3rd', '4th', '11th', '22nd', '25th']
    """
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def slug(headline: str) -> str:
    """The CMS's slug: the first four words, punctuation dropped, percent-encoded.

    >>> slug("موسمیاتی تبدیلی: پاکستان کے لیے")
    '%D9%85%D9%88%D8%B3%D9%85%DB%8C%D8%A7%D8%AA%DB%8C-%D8%AA%D8%A8%D8%AF%DB%8C%D9%84%DB%8C-%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86-%DA%A9%DB%92'
    """
    words = [re.sub(r"[^\w]", "", word) for word in headline.split()]
    return quote("-".join([word for word in words if word][:4]), safe="-")


@dataclass
class Article:
    """One corpus article plus how the mirror shows it."""

    data: dict[str, Any]
    template: str
    path: str
    charset: str = "utf-8"
    lead_visible: bool = True

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def day(self) -> date:
        return date.fromisoformat(self.data["date"])

    @property
    def moment(self) -> datetime | None:
        if not self.data.get("time"):
            return None
        return datetime.fromisoformat(f"{self.data['date']}T{self.data['time']}+00:00")


# -- templates ------------------------------------------------------------------------------
# Each returns (html, published_text as a reader sees it, published_at the page supports).


def _head(article: Article, extra: str = "", canonical: bool = True, title_suffix: bool = True) -> str:
    data = article.data
    keywords = ",".join(data["keywords"])
    title = escape(data["headline"]) + (f" - {SITE_NAME}" if title_suffix else "")
    parts = [
        f'<meta charset="{article.charset}">',
        f"<title>{title}</title>",
        f'<meta name="description" content="{escape(data["lead"])}">',
    ]
    if keywords:
        parts.append(f'<meta name="keywords" content="{escape(keywords)}">')
    if canonical:
        parts.append(f'<link rel="canonical" href="{LIVE}{article.path}">')
    parts.append(extra)
    return "<head>\n" + "\n".join(part for part in parts if part) + "\n</head>"


def _related_links(article: Article, by_id: dict[str, Article], style: str) -> str:
    items = []
    for related_id in article.data["read_also"]:
        related = by_id[related_id]
        title, lead = escape(related.data["headline"]), escape(related.data["lead"])
        if style == "modern":
            items.append(
                f'<div class="related-item">\n<h3><a href="{related.path}">{title}</a></h3>\n'
                f'<p class="related-lead">{lead}</p>\n</div>'
            )
        elif style == "list":
            # an image link and a title link to the same article, the image first
            items.append(
                f'<li><a href="{related.path}"><img src="/img/{related.id}.jpg" alt=""></a>'
                f' <a href="{related.path}?utm_source=related&amp;utm_medium=web">{title}</a>'
                f'<span class="teaser">{lead}</span></li>'
            )
        else:  # legacy: bare relative links without a leading slash
            items.append(f'<a href="{related.path.lstrip("/")}">{title}</a><br>{lead}<br>')
    return "\n".join(items)


def render_modern(article: Article, by_id: dict[str, Article]) -> tuple[str, str, str | None]:
    """The reference page's layout; a machine date in dcterms.created when the time is known."""
    data, day, moment = article.data, article.day, article.moment
    visible = f"{ordinal(day.day)}, {ENGLISH_MONTHS[day.month - 1]} {day.year}"
    if moment and article.id.endswith(("5", "7")):
        visible += f" {moment:%H:%M}"
    visible += " GMT"
    extra = [
        '<meta property="og:type" content="article">',
        f'<meta property="og:site_name" content="{SITE_NAME}">',
        f'<meta property="og:title" content="{escape(data["headline"])}">',
        f'<meta property="og:url" content="{LIVE}{article.path}">',
    ]
    if moment:
        extra.append(f'<meta name="dcterms.created" scheme="dcterms.ISO8601" content="{moment:%Y-%m-%d %H:%M:%S} GMT">')
    lead = f'<div class="news-lead">{escape(data["lead"])}</div>' if article.lead_visible else ""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in data["paragraphs"][:2])
    rest = "\n".join(f"<p>{escape(p)}</p>" for p in data["paragraphs"][2:])
    source = (
        f'<div class="news-source"><span class="label">ذریعہ:</span> {escape(data["source"])}</div>'
        if data["source"]
        else ""
    )
    keywords = ""
    if data["keywords"]:
        links = "\n".join(f'<a href="/ur/tag/{quote(k)}">{escape(k)}</a>' for k in data["keywords"])
        keywords = f'<div class="news-tags">\n<span class="label">کلیدی لفظ:</span>\n{links}\n</div>'
    related = ""
    if data["read_also"]:
        related = (
            f'<section class="read-also">\n<h2 class="label">پڑھیں:</h2>\n'
            f"{_related_links(article, by_id, 'modern')}\n</section>"
        )
    html = f"""<!DOCTYPE html>
<html lang="ur" dir="rtl">
{_head(article, chr(10).join(extra))}
<body>
{NAV}
<main id="content">
  <article class="news-detail" data-id="{article.id}">
    <h1 class="news-title">{escape(data["headline"])}</h1>
    <div class="news-meta"><span class="label">اشاعت کی تاریخ:</span> <span class="date">{visible}</span></div>
    {lead}
    <div class="news-body">
{paragraphs}
<div class="ad-slot"><script>window.ads && ads.push("inline-1");</script><span>اشتہار</span></div>
{rest}
    </div>
    {source}
    {keywords}
  </article>
  {related}
</main>
{FOOTER}
</body>
</html>
"""
    published = moment.isoformat() if moment else _midnight(day)
    return html, visible, published


def render_jsonld(article: Article, by_id: dict[str, Article]) -> tuple[str, str, str | None]:
    """Other class names, JSON-LD with a +05:00 local time, labels in a <dl>, keywords as text."""
    data, day, moment = article.data, article.day, article.moment
    visible = f"{day.day} {URDU_MONTHS[day.month - 1]} {day.year}"
    local = moment.astimezone(timezone(timedelta(hours=5))).isoformat() if moment else data["date"]
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": SITE_NAME, "url": LIVE + "/ur/"},
            {
                "@type": "NewsArticle",
                "headline": data["headline"],
                "datePublished": local,
                "inLanguage": "ur",
                "keywords": data["keywords"],
                "description": data["lead"],
                "mainEntityOfPage": {"@id": LIVE + article.path},
                "publisher": {"@type": "Organization", "name": SITE_NAME},
            },
        ],
    }
    extra = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    body = []
    for index, paragraph in enumerate(data["paragraphs"]):
        body.append(f"<p>{escape(paragraph)}</p>")
        if index == 0:
            body.append(
                f'<figure class="story-image"><img src="/img/{article.id}.jpg" alt="">'
                f"<figcaption>فائل فوٹو: {escape(data['headline'][:30])}</figcaption></figure>"
            )
            body.append('<div class="advert-box">اشتہار<ins class="adsbygoogle"></ins></div>')
    meta = [f"<dt>اشاعت کی تاریخ:</dt><dd>{visible}</dd>"]
    if data["source"]:
        meta.append(f"<dt>ذریعہ:</dt><dd>{escape(data['source'])}</dd>")
    keywords = (
        f'<p class="story-keywords">کلیدی لفظ: {escape("، ".join(data["keywords"]))}</p>' if data["keywords"] else ""
    )
    related = ""
    if data["read_also"]:
        related = (
            f'<aside class="related-box"><h4>یہ بھی پڑھیں:</h4><ul>'
            f"{_related_links(article, by_id, 'list')}</ul></aside>"
        )
    html = f"""<!DOCTYPE html>
<html lang="ur" dir="rtl">
{_head(article, extra)}
<body>
{NAV}
<div id="page"><div class="story">
<h1 class="story-headline">{escape(data["headline"])}</h1>
<dl class="story-info">{"".join(meta)}</dl>
<p class="story-summary">{escape(data["lead"])}</p>
<div class="story-text">
{chr(10).join(body)}
</div>
{keywords}
{related}
</div>
<div class="sidebar"><h3>مقبول</h3><a href="/ur/section/world">دنیا</a></div>
</div>
{FOOTER}
</body>
</html>
"""
    return html, visible, local if moment else _midnight(day)  # the +05:00 the page states


def render_legacy(article: Article, by_id: dict[str, Article]) -> tuple[str, str, str | None]:
    """The old CMS: a table, <br> paragraphs, Urdu digits, Arabic code points, no metadata."""
    data, day = article.data, article.day
    visible = f"{day.day} {URDU_MONTHS[day.month - 1]} {day.year}".translate(URDU_DIGITS)
    arabic = lambda text: escape(text).translate(TO_ARABIC_LETTERS)  # noqa: E731
    lines = [f"اشاعت کی تاریخ: {visible}".translate(TO_ARABIC_LETTERS)]
    body = "<br>\n".join(arabic(p) for p in data["paragraphs"])
    tail = []
    if data["source"]:
        tail.append(arabic(f"ذریعہ: {data['source']}"))
    if data["keywords"]:
        tail.append(arabic("کلیدی لفظ: " + "، ".join(data["keywords"])))
    related = ""
    if data["read_also"]:
        related = f"<br>{arabic('پڑھیں:')}<br>\n{_related_links(article, by_id, 'legacy')}"
    html = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={article.charset}">
<title>{arabic(data["headline"])} - {arabic(SITE_NAME)}</title>
</head>
<body>
<table class="main" width="100%"><tr><td class="col">
<h1 class="title">{arabic(data["headline"])}</h1>
<div class="date">{lines[0]}</div>
<p class="rotitr">{arabic(data["lead"])}</p>
</td></tr>
<tr><td class="text">
{body}
<br><br>
{"<br>".join(tail)}
{related}
</td></tr></table>
<a href="http://www.example.org/ads/click?id=1">sponsored</a>
</body>
</html>
"""
    return html, visible, _midnight(day)


def render_no_h1(article: Article, by_id: dict[str, Article]) -> tuple[str, str, str | None]:
    """Headline only in og:title and <title>; a <time> element with a weekday date line."""
    data, day, moment = article.data, article.day, article.moment
    visible = f"{URDU_WEEKDAYS[day.weekday()]}، {day.day} {URDU_MONTHS[day.month - 1]} {day.year}"
    machine = moment.isoformat().replace("+00:00", "Z") if moment else data["date"]
    extra = "\n".join(
        [
            f'<meta property="og:title" content="{escape(data["headline"])}">',
            f'<meta property="og:description" content="{escape(data["lead"])}">',
            f'<meta property="article:published_time" content="{machine}">' if moment else "",
            *(f'<meta property="article:tag" content="{escape(k)}">' for k in data["keywords"]),
        ]
    )
    keywords = ""
    if data["keywords"]:
        keywords = (
            '<footer class="entry-footer"><b>کلیدی لفظ:</b> <ul class="tag-list">'
            + "".join(f'<li><a rel="tag" href="/ur/tag/{quote(k)}">{escape(k)}</a></li>' for k in data["keywords"])
            + "</ul></footer>"
        )
    source = f'<p class="byline">ذریعہ: <em>{escape(data["source"])}</em></p>' if data["source"] else ""
    related = ""
    if data["read_also"]:
        related = (
            '<div class="more-news"><p><strong>پڑھیں:</strong></p>'
            + "".join(
                f'<p><a href="{by_id[r].path}">{escape(by_id[r].data["headline"])}</a></p>' for r in data["read_also"]
            )
            + "</div>"
        )
    html = f"""<!DOCTYPE html>
<html lang="ur" dir="rtl">
{_head(article, extra, canonical=True)}
<body>
{NAV}
<article class="entry">
<div class="entry-heading"><span class="kicker">{escape(SECTIONS[data["section"]])}</span>
<div class="big-title">{escape(data["headline"])}</div></div>
<time class="published" datetime="{machine}">{visible}</time>
<div class="intro">{escape(data["lead"])}</div>
<div class="entry-content">
{chr(10).join(f"<p>{escape(p)}</p>" for p in data["paragraphs"])}
<p class="share-tools"><a href="https://twitter.com/share">ٹویٹر</a> <a href="https://facebook.com/sharer">فیس بک</a></p>
</div>
{source}
{keywords}
</article>
{related}
{FOOTER}
</body>
</html>
"""
    return html, visible, moment.isoformat() if moment else _midnight(day)


def render_entities(article: Article, by_id: dict[str, Article]) -> tuple[str, str, str | None]:
    """The modern layout with every Urdu letter written as a numeric character reference."""
    html, visible, published = render_modern(article, by_id)
    head, sep, body = html.partition("<body>")

    def entities(text: str) -> str:
        return "".join(f"&#{ord(ch)};" if "\u0600" <= ch <= "\u06ff" else ch for ch in text)

    # only text between tags, never attribute values or tag names
    out, inside = [], False
    for ch in body:
        if ch == "<":
            inside = True
        elif ch == ">":
            inside = False
            out.append(ch)
            continue
        out.append(ch if inside else entities(ch))
    return head + sep + "".join(out).replace(" ", "&nbsp;", 3), visible, published


TEMPLATES = {
    "modern": render_modern,
    "jsonld": render_jsonld,
    "legacy": render_legacy,
    "no_h1": render_no_h1,
    "entities": render_entities,
}


def _midnight(day: date) -> str:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc).isoformat()


# -- the site -------------------------------------------------------------------------------


def plan(corpus: list[dict[str, Any]]) -> list[Article]:
    """Assign each article a template and a URL; the edge cases are named here."""
    articles = []
    cycle = ["modern", "jsonld", "no_h1", "modern", "legacy", "jsonld"]
    for index, data in enumerate(corpus):
        template = "modern" if index < 2 else cycle[index % len(cycle)]
        kind = data["kind"]
        path = f"/ur/{kind}/{data['id']}/{slug(data['headline'])}"
        if template == "legacy":
            path = f"/ur/doc/news/{data['id']}/"
        articles.append(Article(data, template, path))
    # edge cases on particular articles
    articles[5].template = "entities"
    articles[7].template, articles[7].charset = "modern", "windows-1256"
    articles[9].lead_visible = False  # lead only in meta description (a "modern" page)
    return articles


def expected_record(
    article: Article, published_text: str, published_at: str | None, by_id: dict[str, Article]
) -> dict[str, Any]:
    data = article.data
    # the templates write a time to the second, or the day alone (its midnight UTC)
    precision = "day" if published_at == _midnight(article.day) else "second"
    return {
        "path": article.path,
        "article_id": article.id,
        "template": article.template,
        "canonical_url": None if article.template == "legacy" else LIVE + article.path,
        "headline": data["headline"],
        "published_at": published_at,
        "published_precision": None if published_at is None else precision,
        "published_text": published_text,
        "summary": data["lead"],
        "body": "\n\n".join(data["paragraphs"]),
        "source": data["source"],
        "keywords": data["keywords"],
        "read_also": [{"path": by_id[r].path, "title": by_id[r].data["headline"]} for r in data["read_also"]],
    }


def listing_page(
    title: str, entries: list[Article], canonical: str, next_path: str | None, extra_links: str = ""
) -> str:
    items = []
    for article in entries:
        day = article.day
        items.append(
            f'<li class="news-list-item"><span class="time">{ordinal(day.day)}, '
            f"{ENGLISH_MONTHS[day.month - 1]} {day.year} GMT</span>\n"
            f'<a class="headline" href="{article.path}">{escape(article.data["headline"])}</a>\n'
            f'<p class="lead">{escape(article.data["lead"])}</p></li>'
        )
    pager = ""
    head_next = ""
    if next_path:
        pager = f'<nav class="pager"><a class="next" href="{next_path}">اگلا صفحہ</a></nav>'
        head_next = f'<link rel="next" href="{next_path}">'
    return f"""<!DOCTYPE html>
<html lang="ur" dir="rtl">
<head>
<meta charset="utf-8">
<title>{escape(title)} - {SITE_NAME}</title>
<link rel="canonical" href="{LIVE}{canonical}">
{head_next}
</head>
<body>
{NAV}
<main id="content">
<h1>{escape(title)}</h1>
<ul class="news-list">
{chr(10).join(items)}
</ul>
{extra_links}
{pager}
</main>
{FOOTER}
</body>
</html>
"""


def build(corpus_path: Path, out: Path) -> dict[str, Any]:
    """Render the whole mirror into *out* (site/ and expected/); return the manifest."""
    corpus = json.loads(corpus_path.read_text(encoding="utf-8"))
    articles = plan(corpus)
    by_id = {article.id: article for article in articles}
    site = out / "site"
    routes: dict[str, dict[str, Any]] = {}

    def add(
        path: str, content: str | bytes, *, status: int = 200, content_type: str = "text/html; charset=utf-8"
    ) -> None:
        name = (
            f"{len(routes):03d}.html"
            if isinstance(content, str) or content_type.startswith("text/html")
            else f"{len(routes):03d}.bin"
        )
        if content_type.startswith("text/plain"):
            name = f"{len(routes):03d}.txt"
        elif "xml" in content_type:
            name = f"{len(routes):03d}.xml"
        data = content.encode("utf-8") if isinstance(content, str) else content
        (site / "files" / name).write_bytes(data)
        routes[path] = {"file": f"files/{name}", "status": status, "content_type": content_type}

    (site / "files").mkdir(parents=True, exist_ok=True)
    for old in (site / "files").iterdir():
        old.unlink()
    expected = []
    for article in articles:
        html, published_text, published_at = TEMPLATES[article.template](article, by_id)
        if article.charset == "windows-1256":
            data = html.translate({ord("ی"): "ي"}).encode("cp1256", errors="xmlcharrefreplace")
            add(article.path, data, content_type="text/html; charset=windows-1256")
        else:
            add(article.path, html)
        expected.append(expected_record(article, published_text, published_at, by_id))

    # the same article under a second URL (its legacy address), served as a copy
    twin = articles[2]
    add(f"/ur/doc/news/{twin.id}/", (site / routes[twin.path]["file"]).read_text(encoding="utf-8"))
    # a syndicated copy: the same text under another id and another template
    original = articles[3]
    copy = Article(
        dict(original.data, id=SYNDICATED_ID), "no_h1", f"/ur/news/{SYNDICATED_ID}/{slug(original.data['headline'])}"
    )
    add(copy.path, TEMPLATES["no_h1"](copy, by_id)[0])
    # pages that are not articles
    add(f"/ur/news/{BROKEN_ID}/server-error", "<h1>Internal Server Error</h1>", status=500)
    add(f"/ur/doc/video/{VIDEO_ID}/", "<html><body><h1>ویڈیو</h1><video src='/v.mp4'></video></body></html>")
    add(
        f"/ur/news/{ROBOTS_ID}/private", "<html><body><h1>نجی صفحہ</h1><p>یہ صفحہ روبوٹس کے لیے نہیں۔</p></body></html>"
    )
    add(
        "/robots.txt",
        f"User-agent: *\nDisallow: /ur/news/{ROBOTS_ID}/\nDisallow: /ur/search\n" + ROBOTS_LINES,
        content_type="text/plain; charset=utf-8",
    )

    def render_foreign(article_id: str, data: dict[str, Any], path: str) -> str:
        fields: dict[str, Any] = {"id": article_id, "date": "2025-03-20", "time": None, "source": None, "read_also": []}
        return render_modern(Article({**fields, **data}, "modern", path), by_id)[0]

    junk_pages = junk.junk_pages(render_foreign)  # served last (routes keep their file numbers)
    newest_first = sorted(articles, key=lambda a: (a.data["date"], a.id), reverse=True)
    tricky = "\n".join(
        [
            '<div class="links">',
            f'<a href="{articles[4].path}?utm_source=twitter&amp;utm_campaign=x">tracking</a>',
            f"<span onclick=\"window.open('{articles[6].path}','_blank');\">onclick</span>",
            f'<a href="{articles[8].path.lstrip("/")}">no leading slash</a>',
            f'<a href="/ur/doc/news/{twin.id}/">legacy address</a>',
            f'<a href="{copy.path}">syndicated</a>',
            f'<a href="/ur/news/{MISSING_ID}/not-found">404</a>',
            f'<a href="/ur/news/{BROKEN_ID}/server-error">500</a>',
            f'<a href="/ur/news/{ROBOTS_ID}/private">robots</a>',
            f'<a href="/ur/doc/video/{VIDEO_ID}/">video</a>',
            '<a href="/en/news/1/english">English edition</a>',
            '<a href="https://www.example.com/ur/news/5/offsite">off-site</a>',
            '<a href="mailto:desk@islamtimes.com">mail</a> <a href="javascript:void(0)">js</a>',
            *(f'<a href="{path}">{kind}</a>' for path, _, kind in junk_pages),
            "</div>",
        ]
    )
    add("/ur/", listing_page("صفحہ اول", newest_first[:10], "/ur/", "/ur/archive?page=2", tricky))
    pages = [newest_first[i : i + PAGE_SIZE] for i in range(0, len(newest_first), PAGE_SIZE)]
    for number, entries in enumerate(pages, start=1):
        next_path = f"/ur/archive?page={number + 1}" if number < len(pages) else None
        add(f"/ur/archive?page={number}", listing_page("تازہ ترین", entries, f"/ur/archive?page={number}", next_path))
    for section in ("pakistan", "world"):
        entries = [a for a in newest_first if a.data["section"] == section]
        add(f"/ur/section/{section}", listing_page(SECTIONS[section], entries, f"/ur/section/{section}", None))
    for path, html, _ in junk_pages:
        add(path, html)
    add_sitemaps_and_feed(add, articles)  # robots.txt's sitemaps and the feed: devtools/mirror/sitemaps.py

    manifest = {"routes": dict(sorted(routes.items()))}
    (site / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "expected").mkdir(parents=True, exist_ok=True)
    cases = {
        "duplicate_url": {"article_id": twin.id, "paths": [twin.path, f"/ur/doc/news/{twin.id}/"]},
        "syndicated": {"article_ids": [original.id, SYNDICATED_ID]},
        "not_found": f"/ur/news/{MISSING_ID}/not-found",
        "server_error": f"/ur/news/{BROKEN_ID}/server-error",
        "robots_disallowed": f"/ur/news/{ROBOTS_ID}/private",
        "video": f"/ur/doc/video/{VIDEO_ID}/",
        "tracking": articles[4].path,
        "windows_1256": articles[7].path,
        "entities": articles[5].path,
        "no_visible_lead": articles[9].path,
        "junk": {path: kind for path, _, kind in junk_pages},  # never a record (devtools/mirror/junk.py)
    }
    (out / "expected" / "articles.json").write_text(
        json.dumps({"articles": expected, "cases": cases}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=FIXTURES / "source" / "articles.json")
    parser.add_argument("--out", type=Path, default=FIXTURES)
    args = parser.parse_args(argv)
    manifest = build(args.corpus, args.out)
    print(f"built {len(manifest['routes'])} routes into {args.out / 'site'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
