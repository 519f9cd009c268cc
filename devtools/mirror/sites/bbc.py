"""BBC News Urdu mirror: the real article data (shared/realdata/bbc-urdu) rendered as
simorgh renders it (RENDERING.md beside the data), and a generated front page.

Article page: ``<html lang="ur" dir="rtl">``; head metadata (title, description,
canonical, ``article:published_time``); one JSON-LD ``@graph`` holding the
``NewsArticle`` (``description`` the promo summary, else the headline, as simorgh does);
``<main role="main">`` walking the blocks in order: the first ``headline`` as
``h1#content``, the publication ``<time datetime="YYYY-MM-DD">`` (date in Asia/Karachi,
Latin digits; visible ``D MMMM YYYY`` in Urdu) right after it, ``subheadline`` as ``h2``,
each ``paragraph`` as ``<p>`` with ``urlLink`` fragments as inline links, images and
media as ``<figure>`` with the caption prefixed ``،تصویر کا کیپشن``. CPS pages (MAP,
PGL) carry ``content.blocks`` of plain paragraphs, media and images, and epoch
*seconds* in ``firstPublished`` where optimo uses milliseconds.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from devtools.mirror.article import URDU_MONTHS
from devtools.mirror.sites.styles import Article

KARACHI = ZoneInfo("Asia/Karachi")
BRAND = "BBC News اردو"
FRONT_TITLE = "خبریں، تازہ خبریں، بریکنگ نیو | News, latest news, breaking news"
TOPICS = {"پاکستان": "cjgn7n9zzq7t", "ورلڈ": "cw57v2pmll9t", "کھیل": "c340q0p2585t"}
READ_ALSO_HEADING = "یہ بھی پڑھیے"  # BBC's mid-article box of links to other stories
HTML = "text/html; charset=utf-8"


def epoch(value: int) -> datetime:
    """simorgh data mixes epoch seconds (CPS) and milliseconds (optimo).

    >>> epoch(1568092175).isoformat(), epoch(1566466825366).isoformat()
    ('2019-09-10T05:09:35+00:00', '2019-08-22T09:40:25.366000+00:00')
    """
    return datetime.fromtimestamp(value / 1000 if value > 10**11 else value, timezone.utc)


def _js_iso(moment: datetime) -> str:
    """JavaScript's ``toISOString()``, as simorgh prints its dates: milliseconds and ``Z``.

    >>> _js_iso(epoch(1568092175))
    '2019-09-10T05:09:35.000Z'
    """
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _text_of(block: dict[str, Any]) -> str:
    return (
        "".join(part["model"]["text"] for part in block["model"]["blocks"])
        if "blocks" in block["model"]
        else block["model"].get("text", "")
    )


def _inline(paragraph: dict[str, Any]) -> str:
    """A paragraph's fragments, urlLinks as inline links (left pointing at bbc.com)."""
    out = []
    for part in paragraph["model"].get("blocks", []):
        text = escape(part["model"].get("text", ""))
        if part["type"] == "urlLink":
            out.append(f'<a href="{escape(part["model"]["locator"])}">{text}</a>')
        else:
            out.append(text)
    return "".join(out)


def _figure(caption: str) -> str:
    return (
        f'<figure><img src="/urdu/img.jpg" alt=""><figcaption><span class="visually-hidden">،تصویر کا کیپشن'
        f"</span>{escape(caption)}</figcaption></figure>"
    )


def _caption(block: dict[str, Any]) -> str:
    for inner in block["model"].get("blocks", []):
        if inner["type"] == "caption":
            return " ".join(_text_of(p) for t in inner["model"]["blocks"] for p in t["model"]["blocks"])
    return ""


def render_blocks(data: dict[str, Any]) -> tuple[str, str, list[str]]:
    """-> (headline, main HTML after the headline, body paragraphs a reader takes as the article)."""
    content = data["content"]
    html: list[str] = []
    body: list[str] = []
    headline = data["promo"]["headlines"].get("headline") or data["promo"]["headlines"].get("seoHeadline", "")
    if "blocks" in content:  # CPS: plain paragraphs, media, images
        for block in content["blocks"]:
            if block["type"] == "paragraph":
                html.append(f"<p>{escape(block['text'])}</p>")
                body.append(block["text"])
            elif block["type"] in ("image", "media"):
                html.append(_figure(block.get("caption") or block.get("title", "")))
        return headline, "\n".join(html), body
    in_read_also = False
    for block in content["model"]["blocks"]:
        kind = block["type"]
        if kind == "headline":
            headline = " ".join(_text_of(p) for p in block["model"]["blocks"][0]["model"]["blocks"])
        elif kind == "subheadline":
            text = " ".join(_text_of(p) for p in block["model"]["blocks"][0]["model"]["blocks"])
            in_read_also = text.strip() == READ_ALSO_HEADING
            html.append(f'<h2 id="{escape(text.replace(" ", "-"))}">{escape(text)}</h2>')
            if not in_read_also:
                body.append(text)
        elif kind == "text":
            for paragraph in block["model"]["blocks"]:
                parts = paragraph["model"].get("blocks", [])
                link_only = bool(parts) and all(part["type"] == "urlLink" for part in parts)
                html.append(f"<p>{_inline(paragraph)}</p>")
                if paragraph["model"]["text"].strip() and not (in_read_also and link_only):
                    body.append(paragraph["model"]["text"])
                    in_read_also = in_read_also and link_only
        elif kind in ("image", "video"):
            html.append(_figure(_caption(block)))
    return headline, "\n".join(html), body


def render_article(data: dict[str, Any], path: str) -> tuple[str, Article]:
    meta = data["metadata"]
    published = epoch(meta["firstPublished"])
    local = published.astimezone(KARACHI)
    headline, main, body = render_blocks(data)
    summary = data["promo"].get("summary")
    summary = summary if isinstance(summary, str) and summary.strip() else None
    visible = f"{local.day} {URDU_MONTHS[local.month - 1]} {local.year}"
    article_type = "Article" if meta.get("type") == "PGL" else "NewsArticle"
    canonical = f"https://www.bbc.com{path}"
    graph = {
        "@context": "http://schema.org",
        "@graph": [
            {
                "@type": article_type,
                "url": canonical,
                "headline": headline,
                "description": summary or headline,
                "datePublished": _js_iso(published),
                "dateModified": _js_iso(epoch(meta["lastPublished"])),
                "inLanguage": {"@type": "Language", "name": "Urdu", "alternateName": "ur"},
                "publisher": {
                    "@type": "NewsMediaOrganization",
                    "name": BRAND,
                    "publishingPrinciples": "https://www.bbc.com/urdu/institutional-49282935",
                },
                "mainEntityOfPage": {"@type": "WebPage", "@id": canonical, "name": headline},
                "author": {"@type": "NewsMediaOrganization", "name": BRAND},
            }
        ],
    }
    description = f'<meta name="description" content="{escape(summary or headline)}">\n'
    page = (
        f'<!DOCTYPE html>\n<html lang="ur" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(headline)} - {BRAND}</title>\n{description}"
        f'<link rel="canonical" href="{escape(path)}">\n'
        f'<meta property="article:published_time" content="{_js_iso(published)}">\n'
        f'<script type="application/ld+json">{json.dumps(graph, ensure_ascii=False)}</script>\n</head>\n'
        f'<body><header role="banner"><a href="#content">مواد پر جائیں</a> <a href="/urdu">{BRAND}</a></header>\n'
        f'<main role="main"><h1 id="content" tabindex="-1" class="article-heading">{escape(headline)}</h1>\n'
        f'<time datetime="{local:%Y-%m-%d}">{visible}</time>\n{main}\n</main>\n'
        f"<footer><p>© 2019 بی بی سی</p></footer></body>\n</html>\n"
    )
    # the declared description is the summary; simorgh's fallback to the headline is not one
    return page, Article(
        "bbcurdu", path.rsplit("/", 1)[-1], [path], headline, local, body, lead=summary, shown_date=visible
    )


def front_page(articles: list[Article]) -> str:
    promos = "\n".join(
        f'<li><h3><a href="{escape(a.path)}">{escape(a.headline)}</a></h3>'
        f'<time datetime="{a.local:%Y-%m-%d}">{escape(a.shown_date)}</time></li>'
        for a in articles
    )
    topics = "".join(f'<li><a href="/urdu/topics/{topic}">{name}</a></li>' for name, topic in TOPICS.items())
    return (
        f'<!DOCTYPE html>\n<html lang="ur" dir="rtl"><head><meta charset="utf-8"><title>{FRONT_TITLE}</title>'
        f'</head><body><header><a href="/urdu">{BRAND}</a><nav><ul>{topics}</ul></nav></header>'
        f'<main role="main"><h1>{BRAND}</h1><ul>{promos}</ul></main></body></html>\n'
    )


def build_bbc(shared: Path) -> Any:
    from devtools.mirror.sites import SiteBuild, discovery_files  # noqa: PLC0415 - imported lazily by the package

    folder = shared / "realdata" / "bbc-urdu"
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is missing: the BBC Urdu mirror reads the team's shared/ folder")
    routes: dict[str, tuple[int, str, bytes]] = {}
    articles = []
    for file in sorted(folder.glob("*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        path = f"/urdu/{file.stem}" if file.stem.startswith("pakistan-") else f"/urdu/articles/{file.stem}"
        page, article = render_article(data, path)
        routes[path] = (200, HTML, page.encode("utf-8"))
        articles.append(article)
    articles.sort(key=lambda a: a.local, reverse=True)
    routes["/urdu"] = (200, HTML, front_page(articles).encode("utf-8"))
    for topic in TOPICS.values():
        routes[f"/urdu/topics/{topic}"] = (200, HTML, front_page(articles[:3]).encode("utf-8"))
    routes.update(discovery_files(articles, sitemap_path="/urdu/sitemap.xml", feed_path="/urdu/index.xml"))
    # A photo gallery (PGL) has captions and no article text: served and linked, never a record.
    return SiteBuild(routes, [a for a in articles if a.paragraphs], [a for a in articles if not a.paragraphs])
