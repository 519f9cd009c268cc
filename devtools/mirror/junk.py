"""Pages under article URLs that are not articles, for the mirror: the quality gates' test bed.

Each page is what a news site really serves on a bad day, at a URL shaped like an article:

- a JavaScript shell (the site moved to a JS front end): the site's name as title, its menus
  and footer as plain ``<div>``s, an empty ``<div id="app">``;
- a shell whose title is a section name, so only its furniture tells it is not an article;
- soft 404s (HTTP 200): "صفحہ نہیں ملا" with an apology, or the site's name as headline;
- real articles in Persian, Arabic and English served under the Urdu edition's URLs.

``build.py`` calls :func:`junk_pages` and adds them after the site's own pages;
:func:`shell_for` serves every article URL as a shell (``serve --all-shells``) to test
that cron notices a layout change.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from devtools.mirror.chrome import FOOTER, NAV

SITE_NAME = "اسلام ٹائمز"
ARTICLE_PATH = re.compile(r"^/ur/(?:doc/)?(?:news|article)/(\d+)(?:/|$)")

# Ids for the junk pages (the corpus uses 1211xxx and 1212xxx, the special pages 1299xxx).
SHELL_ID, SECTION_SHELL_ID, NOT_FOUND_ID, NAMED_404_ID = "1298001", "1298002", "1298003", "1298004"
PERSIAN_ID, ARABIC_ID, ENGLISH_ID = "1298011", "1298012", "1298013"


def _as_divs(html: str) -> str:
    """The site's header or footer (build.NAV, build.FOOTER) as a JS front end renders it: the same
    text in plain ``<div>``s, no ``<header>``, ``<nav>`` or ``<footer>`` to tell it apart.

    >>> _as_divs('<nav class="x"><a href="/">خبریں</a></nav>')
    '<div class="x"><a href="/">خبریں</a></div>'
    """
    return re.sub(r"<(/?)(?:header|nav|footer|p)\b", r"<\1div", html)


def _chrome() -> tuple[str, str]:
    return _as_divs(NAV), _as_divs(FOOTER)


def shell_page(title: str = SITE_NAME) -> str:
    """A JavaScript front end's article page before the script ran: chrome and an empty app."""
    menu, footer = _chrome()
    return f"""<!DOCTYPE html>
<html lang="ur" dir="rtl">
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
<meta property="og:site_name" content="{SITE_NAME}">
<script src="/static/app.js" defer></script>
</head>
<body>
{menu}
<div id="app"><div class="loading">لوڈ ہو رہا ہے</div></div>
{footer}
</body>
</html>
"""


def soft_404_page(headline: str, message: str) -> str:
    """HTTP 200 with a "not found" text, in the site's chrome."""
    menu, footer = _chrome()
    return f"""<!DOCTYPE html>
<html lang="ur" dir="rtl">
<head>
<meta charset="utf-8">
<title>{escape(headline)} - {SITE_NAME}</title>
<meta property="og:site_name" content="{SITE_NAME}">
</head>
<body>
{menu}
<main id="content"><article class="news-detail">
<h1 class="news-title">{escape(headline)}</h1>
<div class="news-body"><p>{escape(message)}</p></div>
</article></main>
{footer}
</body>
</html>
"""


# Real-looking articles in the languages an Urdu edition must not export (written for the mirror).
FOREIGN: dict[str, dict[str, Any]] = {
    PERSIAN_ID: {
        "language": "fa",
        "headline": "تأکید ایران و پاکستان بر گسترش همکاری‌های اقتصادی",
        "lead": "وزیر امور خارجه ایران در دیدار با همتای پاکستانی خود بر افزایش مبادلات تجاری تأکید کرد.",
        "paragraphs": [
            "به گزارش خبرگزاری‌ها، وزیر امور خارجه ایران امروز در دیدار با همتای پاکستانی خود در تهران بر "
            "گسترش همکاری‌های اقتصادی و تجاری میان دو کشور تأکید کرد و گفت حجم مبادلات باید دو برابر شود.",
            "وی افزود که دو کشور همسایه ظرفیت‌های فراوانی در زمینه انرژی، حمل و نقل و کشاورزی دارند که "
            "تاکنون به طور کامل از آنها استفاده نشده است.",
            "وزیر خارجه پاکستان نیز در این دیدار از حمایت‌های ایران قدردانی کرد و خواستار تسریع در اجرای "
            "طرح‌های مشترک مرزی و بازارچه‌های تجاری شد.",
        ],
        "keywords": ["ایران", "پاکستان", "همکاری اقتصادی"],
    },
    ARABIC_ID: {
        "language": "ar",
        "headline": "وزير الخارجية يبحث مع نظيره الباكستاني تعزيز العلاقات الثنائية",
        "lead": "بحث وزير الخارجية اليوم مع نظيره الباكستاني سبل تعزيز العلاقات بين البلدين.",
        "paragraphs": [
            "أعلنت وزارة الخارجية اليوم أن الوزير بحث مع نظيره الباكستاني سبل تعزيز العلاقات الثنائية بين "
            "البلدين في مختلف المجالات الاقتصادية والسياسية والثقافية.",
            "وأكد الجانبان خلال اللقاء على أهمية التعاون في مجال الطاقة والتجارة، واتفقا على عقد اجتماع "
            "للجنة الاقتصادية المشتركة في العاصمة إسلام آباد خلال الشهر المقبل.",
            "كما تناول اللقاء آخر التطورات الإقليمية والدولية، وشدد الوزيران على ضرورة حل الخلافات عبر "
            "الحوار والطرق السلمية.",
        ],
        "keywords": ["باكستان", "العلاقات الثنائية"],
    },
    ENGLISH_ID: {
        "language": "en",
        "headline": "Pakistan and China agree to expand cooperation in artificial intelligence",
        "lead": "The two countries agreed to work together on cloud computing and digital governance.",
        "paragraphs": [
            "Pakistan and China have agreed to expand their cooperation in cloud computing and artificial "
            "intelligence, officials said after a meeting between the IT minister and the Chinese ambassador.",
            "The minister said Pakistan would benefit from China's experience in digital transformation, "
            "and that both sides had discussed training programmes for young Pakistani engineers.",
            "The two countries are also working together on a computer emergency response team to protect "
            "the digital corridor under the China-Pakistan Economic Corridor.",
        ],
        "keywords": ["Pakistan", "China", "artificial intelligence"],
    },
}


def junk_pages(render_foreign: Any) -> list[tuple[str, str, str]]:
    """(path, html, what it is) for every junk page; *render_foreign(id, data, path)* renders an article."""
    pages = [
        (f"/ur/news/{SHELL_ID}/", shell_page(), "shell"),
        (f"/ur/news/{SECTION_SHELL_ID}/", shell_page(f"تازہ ترین خبریں | {SITE_NAME}"), "section_shell"),
        (
            f"/ur/news/{NOT_FOUND_ID}/",
            soft_404_page("صفحہ نہیں ملا", "معذرت، آپ جو خبر تلاش کر رہے ہیں وہ دستیاب نہیں ہے۔"),
            "soft_404",
        ),
        (
            f"/ur/news/{NAMED_404_ID}/",
            soft_404_page(SITE_NAME, "یہ خبر اب دستیاب نہیں ہے یا اسے ہٹا دیا گیا ہے۔"),
            "soft_404_site_name",
        ),
    ]
    for article_id, data in FOREIGN.items():
        path = f"/ur/news/{article_id}/"
        pages.append((path, render_foreign(article_id, data, path), f"language_{data['language']}"))
    return pages


def shell_for(path: str) -> bytes | None:
    """The shell served instead of an article page (``serve --all-shells``), None for other paths."""
    if ARTICLE_PATH.match(path):
        return shell_page().encode("utf-8")
    return None
