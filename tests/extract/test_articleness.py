"""Article-ness for the generic spider, on real layouts others published (read from ../shared).

No page in ``shared/realpages-dev/`` is in the Arabic script (its SOURCES.md), so the real
article layouts are fundus's publisher test pages from ~40 countries, judged with the letters
of their own script (``letters``): the layout decision (main column, teasers, headline, run)
is the same for any script. The real home pages in ``shared/realpages/`` must stay listings
under either script, and the one real Urdu article page (``shared/reference/``) is an article.
"""

from __future__ import annotations

import csv
import gzip
import re

import pytest
from parsel import Selector

from newscrawl.extract.articleness import article_signal, longest_run
from tests.shared_pages import SHARED, shared_file

LATIN_OR_CYRILLIC = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]")
# Real articles the page alone does not make an article of, and why (each read in the page).
KNOWN_MISSES = {
    "fundus/au/NineNews_2024_05_02.html.gz": "the text is rendered by script: no paragraph in the HTML",
    "fundus/ind/TimesOfIndia_2026_04_16.html.gz": "the text sits in <div>s with <br>-less line breaks, no <p>",
    "fundus/de/RBB24_2024_04_25.html.gz": "no <h1>, og:type website, 59 teasers around 2 paragraphs",
}


def page(path: str) -> Selector:
    raw = shared_file("realpages-dev", *path.split("/")).read_bytes()
    return Selector(text=(gzip.decompress(raw) if path.endswith(".gz") else raw).decode("utf-8", "replace"))


def fundus_articles() -> list[str]:
    manifest = shared_file("realpages-dev", "MANIFEST.tsv")
    with manifest.open(encoding="utf-8", newline="") as rows:
        return [
            row["path"]
            for row in csv.DictReader(rows, delimiter="\t")
            if row["role"] == "page" and row["path"].startswith("fundus/") and row["script"] in ("Latin", "Cyrillic")
        ]


def test_real_article_layouts_are_articles():
    paths = fundus_articles()
    assert len(paths) >= 240  # every fundus page in a Latin or Cyrillic script
    missed = {path for path in paths if article_signal(page(path), LATIN_OR_CYRILLIC) is None}
    assert missed == set(KNOWN_MISSES)  # 240 of 243; 232 when teasers counted page-wide


@pytest.mark.parametrize(
    "path, signal",
    [
        # 6 linked headings page-wide (related box, sidebar) around 4 paragraphs; JSON-LD type ReportageNewsArticle
        ("fundus/es/MallorcaMagazin_2025_04_16.html.gz", "jsonld"),
        # <article> holding the <h1> and the run; its jobs box is 5 linked headings inside it
        ("fundus/uk/Nature_2025_11_04.html.gz", "article"),
        # every paragraph wrapped in <div>s of its own (a React site)
        ("fundus/uk/BBC_2026_04_25.html.gz", "jsonld"),
    ],
)
def test_what_made_real_articles_listings_before(path, signal):
    assert article_signal(page(path), LATIN_OR_CYRILLIC) == signal


@pytest.mark.parametrize("name", sorted(p.name for p in (SHARED / "realpages").glob("*.html")) or ["(none)"])
def test_real_home_pages_stay_listings(name):
    home = Selector(text=shared_file("realpages", name).read_text(encoding="utf-8", errors="replace"))
    assert article_signal(home) is None
    assert article_signal(home, LATIN_OR_CYRILLIC) is None  # four are English home pages


def test_the_real_urdu_article_is_an_article_and_its_listing_is_not():
    article = Selector(text=shared_file("reference", "islamtimes-article.html").read_text(encoding="utf-8"))
    listing = Selector(text=shared_file("reference", "islamtimes-listing.html").read_text(encoding="utf-8"))
    assert article_signal(article) is not None and longest_run(article)[0] >= 2
    assert article_signal(listing) is None


PARAGRAPH = "این یک پاراگراف طولانی فارسی است که جزئیات خبر را با جمله‌های کامل برای خواننده شرح می‌دهد. " * 2
TEASER = '<h3><a href="/news/{i}">عنوان یک خبر دیگر در ستون کناری سایت شماره {i}</a></h3>'


def persian_page(sidebar: str, head: str = "", wrap: str = "div") -> Selector:
    """A Persian article page laid out as real ones are: headline, 3 paragraphs, and teasers beside them."""
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(3))
    return Selector(
        text=f"<html><head>{head}</head><body><header><h3><a href='/'>صفحه اصلی سایت خبری نمونه</a></h3></header>"
        f"<div class='row'><{wrap} class='main'><h1>سیل در جنوب کشور هزاران نفر را آواره کرد</h1>{body}</{wrap}>"
        f"<div class='side'>{sidebar}</div></div><footer>{TEASER.format(i=99)}</footer></body></html>"
    )


def test_teasers_beside_the_main_column_do_not_make_a_listing():
    sidebar = "".join(TEASER.format(i=i) for i in range(30))  # 30 most-read teasers, 3 running paragraphs
    og = '<meta property="og:type" content="article">'
    assert article_signal(persian_page(sidebar, og)) == "opengraph"
    assert article_signal(persian_page(sidebar, wrap="article")) == "article"  # <article> with headline and run
    microdata = persian_page(sidebar).root
    microdata.find(".//div[@class='main']").set("itemtype", "https://schema.org/NewsArticle")
    assert article_signal(Selector(root=microdata)) == "microdata"
    # the same teasers inside the column holding headline and text: a listing with an intro
    crowded = persian_page("", og).root
    main = crowded.find(".//div[@class='main']")
    for teaser in Selector(text=sidebar).xpath("//h3"):
        main.append(teaser.root)
    assert article_signal(Selector(root=crowded)) is None


def test_arabic_script_text_in_general_is_running_text():
    arabic = "هذه فقرة طويلة باللغة العربية تشرح تفاصيل الخبر للقارئ بجمل كاملة ومفهومة في الصحيفة. " * 2
    page = Selector(
        text=f"<html><body><h1>عنوان الخبر الرئيسي في الصحيفة</h1><time datetime='2024-05-02'>2 مايو</time>"
        f"<p>{arabic}</p><p>{arabic}</p></body></html>"
    )
    assert longest_run(page)[0] == 2
    assert article_signal(page) == "text"


def test_a_headline_in_an_h2_that_og_title_names_sets_the_column():
    sidebar = "".join(TEASER.format(i=i) for i in range(30))
    og = '<meta property="og:type" content="article"><meta property="og:title" content="سیل در جنوب کشور هزاران نفر را آواره کرد">'
    page = persian_page(sidebar, og).root
    headline = page.find(".//h1")
    headline.tag = "h2"  # no <h1> on the page: the headline is an <h2>, as og:title says
    assert article_signal(Selector(root=page)) == "opengraph"
    page.find(".//meta[@property='og:title']").set("content", "صفحه اصلی")  # the h2 is not the headline
    assert article_signal(Selector(root=page)) is None
