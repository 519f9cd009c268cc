"""Article pages in each named site's own style, from one ground truth per article.

Each renderer marks the same facts up the way that site does (as its saved 2018 home
page and the issue describe it): Jang's glued Hijri + Gregorian line and no ``lang``,
Express's ``span.timestamp[title]`` in GMT on a ``lang="en-US"`` page, Dawn News's
``timestamp--time`` with an offset, Nawa-i-Waqt's date-only line, Hum Sub's WordPress
``<time datetime="...+00:00">`` that is really Pakistan time, VOA's Pangea markup with
JSON-LD. What a reader sees is the expected record (``Article.expected``), never what
the crawler printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html import escape

from devtools.mirror.article import URDU_MONTHS, URDU_WEEKDAYS
from newscrawl.core.text import normalize_urdu

PKT = timezone(timedelta(hours=5))
# What CMSs put inside an article's text: an ad slot, a share bar
AD = '<div class="ad-slot adsbygoogle"><span>اشتہار</span><script>window.ads = 1;</script></div>'
SHARE = '<div class="heateor_sss_sharing_container"><span>شیئر کریں:</span> <a href="#">فیس بک</a> <a href="#">ٹویٹر</a></div>'


@dataclass
class Article:
    """One mirror article: what the page shows, and where."""

    site: str
    article_id: str
    paths: list[str]
    headline: str
    local: datetime  # publication time in the site's zone
    paragraphs: list[str]
    lead: str | None = None
    shown_date: str = ""  # the visible date line, set by the renderer
    date_only: bool = False  # the page gives no time of day
    extra: dict[str, str] = field(default_factory=dict)
    related: list[tuple[str, str]] = field(default_factory=list)  # (path, headline) of other articles

    @property
    def path(self) -> str:
        return self.paths[0]

    def expected(self) -> dict[str, object]:
        """The record a reader of the page would write down: the time in the site's zone."""
        moment = self.local.replace(hour=0, minute=0, second=0) if self.date_only else self.local
        return {
            "path": self.path,
            "article_id": self.article_id,
            "site": self.site,
            "language": "ur",
            "headline": normalize_urdu(self.headline),
            "published_at": moment.isoformat(),
            "published_precision": "day" if self.date_only else "second",
            "published_text": normalize_urdu(self.shown_date) or None,
            "summary": normalize_urdu(self.lead) if self.lead else None,
            "body": "\n\n".join(normalize_urdu(p) for p in self.paragraphs),
        }


def urdu_date(moment: datetime, month_names: list[str] = URDU_MONTHS) -> str:
    """``17 مارچ 2018``"""
    return f"{moment.day} {month_names[moment.month - 1]} {moment.year}"


def _paragraphs(article: Article, between: str = "") -> str:
    """The body paragraphs, with *between* (an ad, a share bar) after the first, as CMSs insert them."""
    parts = [f"<p>{escape(p)}</p>" for p in article.paragraphs]
    return "\n".join(parts[:1] + ([between] if between else []) + parts[1:])


def _related(article: Article, heading: str, css_class: str) -> str:
    """A box of links to other stories of the site: furniture, not body."""
    items = "".join(f'<li><a href="{escape(path)}">{escape(title)}</a></li>' for path, title in article.related)
    return f'<div class="{css_class}"><h3>{escape(heading)}</h3><ul>{items}</ul></div>' if items else ""


def _page(lang: str, title: str, head: str, body: str, body_attrs: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f'<!DOCTYPE html>\n<html{lang_attr}>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n{head}\n</head>\n<body{body_attrs}>\n{body}\n</body>\n</html>\n"
    )


def _chrome(site_name: str, inner: str) -> str:
    """Header and footer every page of the site repeats: furniture, not article."""
    return (
        f'<header class="site-header"><a href="/">{escape(site_name)}</a> '
        f'<nav class="menu"><a href="/">صفحہ اول</a></nav></header>\n{inner}\n'
        f'<footer class="site-footer"><p>جملہ حقوق محفوظ ہیں © {escape(site_name)}</p></footer>'
    )


def render_jang(a: Article) -> str:
    # Hijri day: 1 Jumada al-Thani 1439 was 18 February 2018; the mirror's days fall in that month
    hijri_day = (a.local.date() - datetime(2018, 2, 17).date()).days
    weekday = URDU_WEEKDAYS[a.local.weekday()]
    a.shown_date = (
        f"{weekday}{hijri_day}؍ جمادی الثانی 1439ھ{a.local.day}؍{URDU_MONTHS[a.local.month - 1]} {a.local.year}ء"
    )
    a.date_only = True
    head = f'<meta property="og:title" content="{escape(a.headline)}">\n<meta property="og:site_name" content="Daily Jang">'
    body = (
        f'<div class="container"><div class="detail-right"><h1>{escape(a.headline)}</h1>\n'
        f'<div class="detail-time">{escape(a.shown_date)}</div>\n'
        f'<div class="detail_view_content">{_paragraphs(a, AD)}</div>\n'
        f"{_related(a, 'مزید خبریں', 'detail-more-news')}</div></div>"
    )
    return _page("", f"{a.headline} | Daily Jang", head, _chrome("روزنامہ جنگ", body))


def render_express(a: Article) -> str:
    a.shown_date = f"{URDU_WEEKDAYS[a.local.weekday()]} {urdu_date(a.local)}"
    gmt = a.local.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S GMT")
    head = (
        f'<meta property="og:title" content="{escape(a.headline)}">\n<meta property="og:type" content="article">\n'
        f'<link rel="canonical" href="{escape(a.path)}">'
    )
    body = (
        f'<div id="main"><div class="story"><h1 class="title">{escape(a.headline)}</h1>\n'
        f'<div class="story-meta"><span class="timestamp" title="{gmt}">{escape(a.shown_date)}</span></div>\n'
        f'<div class="story-text">{_paragraphs(a, AD)}</div>\n'
        f"{_related(a, 'متعلقہ خبریں', 'related-stories')}</div></div>"
    )
    return _page("en-US", f"{a.headline} - ایکسپریس اردو", head, _chrome("ایکسپریس اردو", body))


def render_dawnnews(a: Article) -> str:
    clock = a.local.strftime("%I:%M%p").lower()
    a.shown_date = f"شائع {URDU_MONTHS[a.local.month - 1]} {a.local.day}, {a.local.year} {clock}"
    head = (
        f'<meta property="og:title" content="{escape(a.headline)}">\n<meta property="og:locale" content="en_US">\n'
        f'<meta property="og:site_name" content="DawnNews">'
    )
    body = (
        f'<article class="story"><h2 class="story__title"><a href="{escape(a.path)}">{escape(a.headline)}\n</a></h2>\n'
        f'<span class="story__time">شائع <span class="timestamp--date">{URDU_MONTHS[a.local.month - 1]} '
        f'{a.local.day}, {a.local.year}</span> <span class="timestamp--time timeago" '
        f'title="{a.local.isoformat()}">{clock}</span></span>\n'
        f'<div class="story__content">{_paragraphs(a)}</div></article>\n'
        f"{_related(a, 'مزید خبریں', 'box--related')}"
    )
    return _page("en", f"{a.headline} - DawnNews", head, _chrome("ڈان نیوز", body), ' class="ar story" dir="rtl"')


def render_nawaiwaqt(a: Article) -> str:
    a.shown_date = urdu_date(a.local)
    a.date_only = True
    head = f'<meta property="og:title" content="{escape(a.headline)}">\n<meta property="og:locale" content="ur_PK">'
    body = (
        f'<div class="detail-page"><h1 class="detail-title">{escape(a.headline)}</h1>\n'
        f'<div class="detail-date">{escape(a.shown_date)}</div>\n'
        f'<div class="detail-news">{_paragraphs(a)}</div>\n'
        f"{_related(a, 'مزید خبریں', 'more-news')}</div>"
    )
    return _page("ur", f"{a.headline} | روزنامہ نوائے وقت", head, _chrome("نوائے وقت", body))


def render_humsub(a: Article) -> str:
    # Pakistan wall-clock time labelled +00:00, as the site's WordPress writes it
    labelled = a.local.replace(tzinfo=None).isoformat() + "+00:00"
    a.shown_date = a.local.strftime("%d/%m/%Y")
    head = (
        f'<meta property="og:title" content="{escape(a.headline)}">\n<meta property="og:locale" content="en_US">\n'
        f'<meta property="article:published_time" content="{labelled}">'
    )
    author = a.extra.get("author", "web-desk")
    body = (
        f'<div id="primary"><article class="post"><header class="entry-header"><h1 class="entry-title">'
        f'{escape(a.headline)}</h1></header>\n<div class="below-entry-meta"><span class="posted-on">'
        f'<a href="{escape(a.path)}" title="{a.local.strftime("%-I:%M %p").lower()}" rel="bookmark">'
        f'<time class="entry-date published" datetime="{labelled}">{a.shown_date}</time></a></span> '
        f'<span class="byline"><span class="author vcard"><a class="url fn n" href="/author/{author}/">{author}</a>'
        f'</span></span></div>\n<div class="entry-content clearfix">{_paragraphs(a)}\n{SHARE}</div></article>\n'
        f"{_related(a, 'متعلقہ تحریریں', 'related-posts-wrapper')}</div>"
    )
    return _page("en-US", f"{a.headline} - ہم سب", head, _chrome("ہم سب", body))


def render_urduvoa(a: Article) -> str:
    import json

    a.shown_date = f"{URDU_MONTHS[a.local.month - 1]} {a.local.day}, {a.local.year}"
    utc = a.local.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.headline,
            "datePublished": utc,
            "publisher": {"@type": "Organization", "name": "VOA"},
        },
        ensure_ascii=False,
    )
    head = (
        f'<meta property="og:title" content="{escape(a.headline)}">\n<script type="application/ld+json">{ld}</script>'
    )
    lead = f'<div class="intro m-t-md"><p>{escape(a.lead)}</p></div>\n' if a.lead else ""
    body = (
        f'<div class="col-title"><h1 class="title pg-title">{escape(a.headline)}</h1></div>\n'
        f'<div class="published"><span class="date"><time pubdate="pubdate" datetime="{a.local.isoformat()}">'
        f"{escape(a.shown_date)}</time></span></div>\n{lead}"
        f'<div id="article-content" class="content-floated-wrap"><div class="wsw">{_paragraphs(a)}</div></div>\n'
        f"{_related(a, 'متعلقہ', 'media-block-wrap')}"
    )
    return _page("ur", f"{a.headline}", head, _chrome("وائس آف امریکہ", body), ' dir="rtl"')


RENDERERS: dict[str, Callable[[Article], str]] = {
    "jang": render_jang,
    "express": render_express,
    "dawnnews": render_dawnnews,
    "nawaiwaqt": render_nawaiwaqt,
    "humsub": render_humsub,
    "urduvoa": render_urduvoa,
}
