"""The mirror's older page templates: the legacy CMS page, a page without <h1>, a page of HTML entities."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from devtools.mirror.article import (
    SECTIONS,
    SITE_NAME,
    TO_ARABIC_LETTERS,
    URDU_DIGITS,
    URDU_MONTHS,
    URDU_WEEKDAYS,
    Article,
    midnight,
)
from devtools.mirror.chrome import FOOTER, NAV
from devtools.mirror.templates import _head, _related_links, render_modern


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
    return html, visible, midnight(day)


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
    return html, visible, moment.isoformat() if moment else midnight(day)


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
