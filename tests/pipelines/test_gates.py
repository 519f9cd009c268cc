"""Quality gates, both ways: they drop the junk and keep every real article.

Pages go through the real spider callbacks (extraction, the page_parsed signal) and the
real pipelines in settings order; texts come from tests/language_samples.py and the mirror.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy import signals  # noqa: F401 - spider_closed below
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.test import get_crawler

import language_samples as samples
from shared_pages import shared_file
from newscrawl import settings as project_settings
from newscrawl.crawler.items import ArticleItem
from devtools.mirror import junk
from devtools.mirror.build import FIXTURES, LIVE, NAV, FOOTER
from newscrawl.crawler.drops import BoilerplateBody, OtherLanguage, ShortBody, SiteNameHeadline
from newscrawl.pipelines.gates import GatesPipeline
from newscrawl.extract import blocks
from newscrawl.extract.blocks import page_texts
from newscrawl.rules.furniture import SiteFurniture, page_blocks, tokens
from newscrawl.extract.page import ArticlePage, parse_response
from devtools.mirror.heavy import CHROME_SITES, load_chrome
from newscrawl.rules.language import detect_language
from newscrawl.spiders.islamtimes import IslamTimesSpider
from newscrawl.core.text import content_hash, normalize_urdu

BASE = "https://www.islamtimes.com"
SITE = FIXTURES / "site"
MANIFEST = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))["routes"]


class Run:
    """One spider and its pipelines (settings order) over pages given by hand."""

    def __init__(self, **settings):
        # the project's pipelines and NEWSCRAWL_* values (get_crawler alone knows only Scrapy's defaults)
        project = {name: getattr(project_settings, name) for name in dir(project_settings)
                   if name.startswith("NEWSCRAWL_") or name == "ITEM_PIPELINES"}
        self.crawler = get_crawler(IslamTimesSpider, settings_dict={**project, **settings})
        self.crawler.spider = self.crawler._create_spider()
        self.stats = self.crawler.stats
        self.stats.open_spider()
        order = sorted(self.crawler.settings.getdict("ITEM_PIPELINES").items(), key=lambda kv: kv[1])
        self.pipelines = []
        for path, _ in order:
            try:
                self.pipelines.append(build_from_crawler(load_object(path), self.crawler))
            except Exception:  # NotConfigured: off in this run
                continue
        gates = next(p for p in self.pipelines if isinstance(p, GatesPipeline))
        gates.site.spider_opened(self.crawler.spider)
        self.kept: list[ArticleItem] = []
        self.dropped: dict[str, DropItem] = {}

    def listing(self, path: str, html: str) -> None:
        list(self.crawler.spider.parse_listing(_response(path, html)))

    def article(self, path: str, html: str) -> ArticleItem | None:
        for output in self.crawler.spider.parse_article(_response(path, html)):
            if isinstance(output, ArticleItem):
                return self.judge(output)
        return None

    def judge(self, item: ArticleItem) -> ArticleItem | None:
        try:
            for pipeline in self.pipelines:
                if hasattr(pipeline, "process_item"):
                    item = pipeline.process_item(item)
        except DropItem as error:
            self.dropped[item["url"]] = error
            return None
        self.kept.append(item)
        return item

    def close(self) -> None:
        self.crawler.signals.send_catch_log(signals.spider_closed, spider=self.crawler.spider, reason="finished")


def _response(path: str, html: str | bytes) -> HtmlResponse:
    if isinstance(html, str):
        html = html.encode("utf-8")
    content_type = MANIFEST[path]["content_type"] if path in MANIFEST else "text/html; charset=utf-8"
    return HtmlResponse(BASE + path, body=html, headers={"Content-Type": content_type})


def mirror_page(path: str) -> bytes:
    return (SITE / MANIFEST[path]["file"]).read_bytes()


def mirror_articles() -> list[str]:
    expected = json.loads((FIXTURES / "expected" / "articles.json").read_text(encoding="utf-8"))
    return [a["path"] for a in expected["articles"] if a["template"] != "entities"]


def item(headline: str, body: str, **extra) -> ArticleItem:
    fields = dict(url=BASE + "/ur/news/9/x", site="islamtimes", language="ur", headline=headline, body=body,
                  summary=None, keywords=[], read_also=[], crawled_at="2026-11-29T00:00:00+00:00")
    fields.update(extra)
    return ArticleItem(**fields, content_hash=content_hash(headline, body))


# -- language ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", samples.URDU_BRIEFS + samples.URDU_QUOTING_ENGLISH + samples.URDU_ARABIC_CODEPOINTS)
def test_language_keeps_urdu_briefs_quotes_and_arabic_code_points(text):
    run = Run()
    kept = run.judge(item("اہم خبر", normalize_urdu(text)))  # normalized, as the loader stores it
    assert kept is not None, run.dropped
    assert kept["language"] == "ur"


@pytest.mark.parametrize(("texts", "code"), [(samples.PERSIAN, "fa"), (samples.ARABIC, "ar"),
                                             (samples.ENGLISH, "en"), (samples.PUNJABI_SHAHMUKHI, "pa")])
def test_language_drops_other_languages_by_code(texts, code):
    run = Run()
    for number, text in enumerate(texts):
        body = normalize_urdu(text)
        run.judge(item(body.split("۔")[0][:40], body, url=f"{BASE}/ur/news/{number}/x"))
    assert not run.kept
    assert all(isinstance(error, OtherLanguage) for error in run.dropped.values())
    assert run.stats.get_value(f"newscrawl/dropped/language_{code}") == len(texts)
    assert run.stats.get_value("item_dropped_reasons_count/OtherLanguage") is None  # Scrapy counts in the scraper
    assert f"newscrawl/dropped/language_{code}" in str(next(iter(run.dropped.values())))


def test_language_tells_urdu_from_persian_on_the_same_subject():
    urdu = "ایران اور پاکستان کے وزرائے خارجہ نے تہران میں ملاقات کی اور دونوں ممالک کے درمیان تجارت بڑھانے پر اتفاق کیا۔"
    persian = samples.PERSIAN[0]
    assert detect_language(normalize_urdu(urdu))[0] == "ur"
    assert detect_language(normalize_urdu(persian))[0] == "fa"


def test_a_site_keeping_english_too_keeps_english_records():
    run = Run()
    run.crawler.spider.languages = ("ur", "en")
    kept = run.judge(item("Rates cut", samples.ENGLISH[3]))
    assert kept is not None and kept["language"] == "en"


# -- site-name headline -------------------------------------------------------------------

@pytest.mark.parametrize("headline", ["اسلام ٹائمز", "ISLAM TIMES", "اسلام‌ٹائمز", "Islam Times | اسلام ٹائمز"])
def test_site_name_headline_is_dropped_in_any_spelling(headline):
    run = Run()
    assert run.judge(item(headline, " ".join(["متن"] * 30))) is None
    assert isinstance(next(iter(run.dropped.values())), SiteNameHeadline)
    assert run.stats.get_value("newscrawl/dropped/site_name_headline") == 1


def test_headline_naming_the_site_among_other_words_is_kept():
    run = Run()
    kept = run.judge(item("اسلام ٹائمز کی رپورٹ پر حکومت کا ردعمل", normalize_urdu(samples.URDU_BRIEFS[0])))
    assert kept is not None


def test_site_names_are_learned_from_og_site_name_json_ld_and_title_affixes():
    run = Run()
    pages = {
        "/ur/a": '<html><head><meta property="og:site_name" content="نیا نام"></head><body></body></html>',
        "/ur/b": '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
                 '"publisher": {"@type": "Organization", "name": "Daily Example"}}</script></head></html>',
        "/ur/c": "<html><head><title>پہلی سرخی | روزنامہ مثال</title></head></html>",
        "/ur/d": "<html><head><title>دوسری سرخی | روزنامہ مثال</title></head></html>",
        "/ur/e": "<html><head><title>دوسری سرخی | روزنامہ مثال</title></head></html>",  # a repeated headline
    }
    for path, html in pages.items():
        run.listing(path, html)
    body = normalize_urdu(samples.URDU_BRIEFS[1])
    for number, headline in enumerate(["نیا نام", "DAILY EXAMPLE", "روزنامہ مثال", "دوسری سرخی"]):
        run.judge(item(headline, body, url=f"{BASE}/ur/news/{number}/x"))
    assert [k["headline"] for k in run.kept] == ["دوسری سرخی"]  # a headline on two titles is not a name
    assert run.stats.get_value("newscrawl/dropped/site_name_headline") == 3


# -- furniture and short bodies -----------------------------------------------------------

def test_every_mirror_article_passes_every_gate():
    run = Run()
    run.listing("/ur/", mirror_page("/ur/"))
    for path in mirror_articles():
        run.article(path, mirror_page(path))
    assert not run.dropped, {url: str(e) for url, e in run.dropped.items()}
    assert len(run.kept) == len(mirror_articles())


def test_a_shell_is_dropped_from_the_first_article_of_the_run():
    """The home page and a section (listings) and the shell share the chrome: furniture from page three on."""
    run = Run()
    run.listing("/ur/", mirror_page("/ur/"))
    run.listing("/ur/section/pakistan", mirror_page("/ur/section/pakistan"))
    assert run.article("/ur/news/5/", junk.shell_page("تازہ ترین خبریں | اسلام ٹائمز")) is None
    assert isinstance(run.dropped[BASE + "/ur/news/5/"], BoilerplateBody)
    assert run.stats.get_value("newscrawl/dropped/boilerplate_body") == 1


def test_a_body_of_chrome_with_an_invented_headline_is_boilerplate():
    run = Run()
    run.listing("/ur/", f"<html><body>{NAV}<main><h1>صفحہ</h1></main>{FOOTER}</body></html>")
    run.listing("/ur/archive", f"<html><body>{NAV}<main><h1>آرکائیو</h1></main>{FOOTER}</body></html>")
    page = (f"<html><body>{NAV}<main><h1>ایک سرخی</h1><div class='news-body'>{NAV}{FOOTER}"
            f"<p>مزید</p></div></main>{FOOTER}</body></html>")
    assert run.article("/ur/news/7/", page) is None
    # Extraction no longer takes the link-only language bar as the body (issue 12: link text
    # does not count as paragraph text), so what is left besides furniture is one word.
    assert isinstance(run.dropped[BASE + "/ur/news/7/"], (BoilerplateBody, ShortBody))


def test_soft_404_is_dropped_for_its_short_message_or_its_chrome():
    """Which of its blocks extraction takes as the body decides the reason; never a record."""
    run = Run()
    run.listing("/ur/", mirror_page("/ur/"))
    path = f"/ur/news/{junk.NOT_FOUND_ID}/"
    assert run.article(path, mirror_page(path)) is None
    assert isinstance(run.dropped[BASE + path], (ShortBody, BoilerplateBody))


def test_an_apology_alone_is_a_short_body():
    run = Run()
    assert run.judge(item("صفحہ نہیں ملا", "معذرت، آپ جو خبر تلاش کر رہے ہیں وہ دستیاب نہیں ہے۔")) is None
    assert isinstance(next(iter(run.dropped.values())), ShortBody)
    assert run.stats.get_value("newscrawl/dropped/short_body") == 1


@pytest.mark.parametrize("brief", samples.URDU_BRIEFS)
def test_a_brief_of_two_real_sentences_is_kept(brief):
    run = Run()
    assert run.judge(item("مختصر خبر", normalize_urdu(brief))) is not None


def test_min_body_words_setting_moves_the_line():
    text = normalize_urdu(samples.URDU_BRIEFS[1])  # 18 words
    assert Run(NEWSCRAWL_MIN_BODY_WORDS=18).judge(item("خبر", text)) is not None
    strict = Run(NEWSCRAWL_MIN_BODY_WORDS=19)
    assert strict.judge(item("خبر", text)) is None
    assert strict.stats.get_value("newscrawl/dropped/short_body") == 1


def test_two_articles_sharing_a_quote_are_both_kept():
    quote = "وزیر اعظم نے کہا کہ ملک کی معیشت درست سمت میں گامزن ہے اور مہنگائی میں کمی آ رہی ہے"
    run = Run()
    run.listing("/ur/", mirror_page("/ur/"))
    for number, lead_in in enumerate(["اسلام آباد میں تقریب سے خطاب کرتے ہوئے", "لاہور میں صحافیوں سے گفتگو میں"]):
        page = (f"<html><body>{NAV}<article><h1>بیان {number}</h1><div class='news-body'>"
                f"<p>{lead_in}</p><p>{quote}۔</p></div></article>{FOOTER}</body></html>")
        run.article(f"/ur/news/{number + 1}/", page)
    assert len(run.kept) == 2, {u: str(e) for u, e in run.dropped.items()}


def test_a_brief_shown_whole_on_the_listings_is_kept():
    """Listing pages repeat an article's headline and lead (teasers): never furniture."""
    brief = normalize_urdu(samples.URDU_BRIEFS[2])
    entry = (f'<li><a href="/ur/news/42/x">قومی ٹیم کی فتح</a><p>{brief}</p></li>'
             f'<li><a href="/ur/news/43/y">دوسری خبر</a><p>کچھ اور</p></li>')
    run = Run()
    for path in ("/ur/", "/ur/section/sports", "/ur/archive?page=1"):
        run.listing(path, f"<html><body>{NAV}<ul>{entry}</ul>{FOOTER}</body></html>")
    page = (f"<html><body>{NAV}<article><h1>قومی ٹیم کی فتح</h1><div class='news-body'><p>{brief}</p>"
            f"</div></article>{FOOTER}</body></html>")
    assert run.article("/ur/news/42/x", page) is not None, {u: str(e) for u, e in run.dropped.items()}


def test_furniture_persists_across_runs_bounded(tmp_path: Path):
    path = tmp_path / "furniture.json"
    first = Run(NEWSCRAWL_FURNITURE_PATH=str(path), NEWSCRAWL_FURNITURE_MAX_SAVED=3)
    first.listing("/ur/", mirror_page("/ur/"))
    for article_path in mirror_articles()[:4]:
        first.article(article_path, mirror_page(article_path))
    first.close()
    saved = json.loads(path.read_text(encoding="utf-8"))["blocks"]
    assert len(saved) == 3
    assert first.stats.get_value("newscrawl/furniture/saved") == 3
    # the next run knows the chrome before it parsed any page
    second = Run(NEWSCRAWL_FURNITURE_PATH=str(path))
    assert second.stats.get_value("newscrawl/furniture/loaded") == 3
    known = {block["words"] for block in saved}
    assert " ".join(tokens("پاکستان دنیا تازہ ترین تلاش")) in known  # the menu, on every page
    shell = junk.shell_page("تازہ ترین خبریں | اسلام ٹائمز")
    assert second.article("/ur/news/5/", shell) is None  # no listing parsed yet: the saved menu suffices
    assert isinstance(second.dropped[BASE + "/ur/news/5/"], BoilerplateBody)


def test_unreadable_furniture_file_is_a_fresh_start(tmp_path: Path):
    path = tmp_path / "furniture.json"
    path.write_text("{not json", encoding="utf-8")
    run = Run(NEWSCRAWL_FURNITURE_PATH=str(path))
    assert run.stats.get_value("newscrawl/furniture/loaded") == 0
    assert run.judge(item("خبر", normalize_urdu(samples.URDU_BRIEFS[0]))) is not None


def test_single_word_furniture_counts_only_beside_other_furniture():
    furniture = SiteFurniture(min_pages=1)
    for _ in range(2):
        furniture.learn([("پاکستان",), ("دنیا",), ("کھیل",)], listing=False)
    assert furniture.body_words("پاکستان اور چین نے معاہدہ کیا") == (6, 0)
    assert furniture.body_words("پاکستان دنیا کھیل") == (3, 3)


def test_an_article_is_learned_from_its_extraction_walk_a_listing_from_its_own(monkeypatch):
    """One walk a page: the learner reads an article's blocks off the walk extraction made; a
    listing page, which extraction does not walk, is walked once, by the learner."""
    walked = []
    own_walk = blocks.walk_page
    monkeypatch.setattr(blocks, "walk_page", lambda root, room: walked.append(root.tag) or own_walk(root, room))
    run = Run()
    run.listing("/ur/", mirror_page("/ur/"))
    for path in mirror_articles()[:3]:
        run.article(path, mirror_page(path))
    assert walked == ["body"]
    assert run.stats.get_value("newscrawl/furniture/pages/article") == 3
    assert len(run.kept) == 3


@pytest.mark.parametrize("site", CHROME_SITES)
def test_an_extraction_walk_holds_every_block_of_the_page(site):
    """The learner trusts an article's walk to have read the whole page, chrome included: the blocks
    off it are those of a walk of the page's own (which listing pages get), or furniture is missed."""
    chrome = load_chrome(site, shared_file("realpages", f"{site}.html").parent)
    for path in mirror_articles()[:8]:
        text = _response(path, mirror_page(path)).text
        response = HtmlResponse(BASE + path, body=chrome.wrap(text), headers={"Content-Type": "text/html"})
        root = parse_response(response)
        learned = page_blocks(page_texts(root, ArticlePage(root, response.url).walk))
        assert learned == page_blocks(page_texts(root))
        assert len(learned) > 50  # the chrome's menus and lists, not the article alone


def test_page_blocks_survive_a_page_nested_very_deep():
    from lxml import html
    deep = "<div>" * 200 + "متن" + "</div>" * 200  # lxml's HTML parser stops at 256 levels
    assert page_blocks(page_texts(html.fromstring(f"<html><body>{deep}</body></html>"))) == [("متن",)]


def test_language_pipeline_sets_the_detected_code():
    run = Run()
    urdu = item("خبر", normalize_urdu(samples.URDU_BRIEFS[3]), language="xx")
    assert GatesPipeline.from_crawler(run.crawler).process_item(urdu)["language"] == "ur"


def test_read_also_keeps_live_host_links_on_a_mirror_but_follows_only_allowed_hosts():
    crawler = get_crawler(IslamTimesSpider)
    spider = IslamTimesSpider.from_crawler(crawler, base_url="http://127.0.0.1:8000")
    crawler.spider = spider
    crawler.stats.open_spider()
    related = f"{LIVE}/ur/news/1211802/x"
    page = (f"<html><body><article><h1>سرخی</h1><div class='news-body'><p>{samples.URDU_BRIEFS[0]}</p></div>"
            f"<section class='read-also'><h2>پڑھیں:</h2><h3><a href='{related}'>متعلقہ خبر</a></h3>"
            f"<h3><a href='/ur/news/1211803/y'>دوسری متعلقہ خبر</a></h3>"
            f"<h3><a href='https://www.example.com/ur/news/5/z'>کسی اور کی خبر</a></h3></section></article></body></html>")
    response = HtmlResponse("http://127.0.0.1:8000/ur/news/1/a", body=page.encode(), encoding="utf-8",
                            headers={"Content-Type": "text/html"})
    outputs = list(spider.parse_article(response))
    record = next(o for o in outputs if isinstance(o, ArticleItem))
    assert [r["url"] for r in record["read_also"]] == [related, "http://127.0.0.1:8000/ur/news/1211803/y"]
    followed = [o.url for o in outputs if not isinstance(o, ArticleItem)]
    assert followed == ["http://127.0.0.1:8000/ur/news/1211803/y"]
