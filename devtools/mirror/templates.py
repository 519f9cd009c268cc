"""The mirror's page templates: the same facts marked up several ways, as Islam Times and its CMS do."""

from __future__ import annotations

import json
from html import escape
from datetime import timedelta, timezone
from typing import Any
from urllib.parse import quote

from devtools.mirror.article import (
    ENGLISH_MONTHS,
    LIVE,
    SITE_NAME,
    URDU_MONTHS,
    Article,
    midnight,
    ordinal,
)
from devtools.mirror.chrome import FOOTER, NAV


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
    published = moment.isoformat() if moment else midnight(day)
    return html, visible, published


def _jsonld(article: Article, local: str) -> dict[str, Any]:
    """The page's JSON-LD: the site and the article, its date in the site's local time."""
    data = article.data
    return {
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


def render_jsonld(article: Article, by_id: dict[str, Article]) -> tuple[str, str, str | None]:
    """Other class names, JSON-LD with a +05:00 local time, labels in a <dl>, keywords as text."""
    data, day, moment = article.data, article.day, article.moment
    visible = f"{day.day} {URDU_MONTHS[day.month - 1]} {day.year}"
    local = moment.astimezone(timezone(timedelta(hours=5))).isoformat() if moment else data["date"]
    extra = f'<script type="application/ld+json">{json.dumps(_jsonld(article, local), ensure_ascii=False)}</script>'
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
    return html, visible, local if moment else midnight(day)  # the +05:00 the page states


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
