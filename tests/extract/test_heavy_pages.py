"""Extraction at real page weight: the mirror's articles inside the chrome of real home pages.

Real article pages carry 80-300 KB of menus, teasers with their leads, most-read lists
and dated items around the article (../shared/realpages/). On such pages every field
must still be the article's own, as a reader sees it: the body is never a link list,
and the lead, the date and the headline are never taken from a teaser elsewhere.
Expected values are the corpus records the mirror was rendered from.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from scrapy.http import HtmlResponse
from shared_pages import shared_file

from devtools.mirror.heavy import CHROME_SITES, REALPAGES, load_chrome
from tests.extract.test_extract import make_spider, parse

PROJECT = Path(__file__).resolve().parents[2]
SITE = PROJECT / "fixtures" / "site"
MIRROR = "http://127.0.0.1:8000"
ROUTES = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))["routes"]
EXPECTED = json.loads((PROJECT / "fixtures" / "expected" / "articles.json").read_text(encoding="utf-8"))["articles"]
FIELDS = ("headline", "published_at", "published_text", "summary", "source", "keywords", "canonical_url")
HTML = {"Content-Type": "text/html; charset=utf-8"}


def heavy_response(site: str, record: dict) -> HtmlResponse:
    shared_file("realpages", f"{site}.html")
    route = ROUTES[record["path"]]
    article = HtmlResponse(url=MIRROR, body=(SITE / route["file"]).read_bytes(),
                           headers={"Content-Type": route["content_type"]}).text
    return HtmlResponse(url=MIRROR + record["path"], body=load_chrome(site, REALPAGES).wrap(article), headers=HTML)


@pytest.mark.parametrize("site", CHROME_SITES)
def test_every_field_is_the_articles_own_inside_real_chrome(site):
    spider = make_spider(MIRROR)
    for record in EXPECTED:
        response = heavy_response(site, record)
        assert 95_000 < len(response.body) < 300_000  # real weight
        items, _ = parse(spider, response)
        assert len(items) == 1, record["path"]
        item = items[0]
        for field in FIELDS:
            assert item[field] == record[field], (record["path"], field)
        assert item["body"] == record["body"], record["path"]
        assert [{"path": unquote(urlsplit(link["url"]).path), "title": link["title"]} for link in item["read_also"]] \
            == [{"path": unquote(link["path"]), "title": link["title"]} for link in record["read_also"]], record["path"]


def test_chrome_is_deterministic_and_keeps_the_articles_identity():
    record = EXPECTED[0]
    first = heavy_response("islamtimes.org", record).body
    assert first == heavy_response("islamtimes.org", record).body
    text = first.decode("utf-8")
    assert text.count("<title>") == 1 and record["headline"] in text
    assert text.count('rel="canonical"') == 1


# A page whose teasers outweigh the article, written as a reader sees it: a most-read list
# of long link texts, teasers with their own "excerpt" leads and <time> before the article.
TEASER = ('<div class="teaser"><time datetime="2018-03-18T20:10:29+00:00">18/03/2018</time>'
          '<a href="/ur/news/{n}/t">خبر نمبر {n}: وزیر اعظم نے آج اسلام آباد میں ایک اہم اجلاس کی صدارت کی '
          'اور ملکی معیشت کی صورتحال کا تفصیلی جائزہ لیا</a>'
          '<p class="excerpt">یہ ایک دوسری خبر کا خلاصہ ہے جو اس صفحے کے مضمون سے تعلق نہیں رکھتا {n}</p></div>')
MOST_READ = "".join(f'<div><a href="/ur/news/{n}/m">سب سے زیادہ پڑھی جانے والی خبر نمبر {n}، جس کا عنوان '
                    f'کافی لمبا ہے تاکہ اس کے الفاظ مضمون سے زیادہ ہوں</a></div>' for n in range(40))
PAGE = f"""<!DOCTYPE html><html lang="ur"><head><meta charset="utf-8"><title>بلدیاتی انتخابات</title></head>
<body><div class="column">{''.join(TEASER.format(n=n) for n in range(12))}
<div class="story"><h1>لاہور میں بلدیاتی انتخابات کا اعلان</h1>
<time datetime="2025-02-01T09:00:00+05:00">یکم فروری 2025</time>
<p class="story-lead">صوبائی الیکشن کمیشن نے لاہور میں بلدیاتی انتخابات کا شیڈول جاری کر دیا۔</p>
<div class="story-text"><p>اسلام ٹائمز۔ الیکشن کمیشن کے مطابق کاغذات نامزدگی اگلے ہفتے جمع ہوں گے۔</p>
<p>سیاسی جماعتوں نے انتخابی مہم کی تیاری شروع کر دی ہے۔</p></div></div>
<div class="most-read">{MOST_READ}</div></div></body></html>"""


def test_body_is_not_a_link_list_and_lead_date_are_the_articles():
    response = HtmlResponse(url="https://www.islamtimes.com/ur/news/1300000/x", body=PAGE.encode(), headers=HTML)
    items, _ = parse(make_spider(), response)
    item = items[0]
    assert item["body"].split("\n\n") == ["اسلام ٹائمز۔ الیکشن کمیشن کے مطابق کاغذات نامزدگی اگلے ہفتے جمع ہوں گے۔",
                                          "سیاسی جماعتوں نے انتخابی مہم کی تیاری شروع کر دی ہے۔"]
    assert item["summary"] == "صوبائی الیکشن کمیشن نے لاہور میں بلدیاتی انتخابات کا شیڈول جاری کر دیا۔"
    assert item["published_at"] == "2025-02-01T09:00:00+05:00"  # the offset the page writes
    assert item["published_text"] == "یکم فروری 2025"
    assert item["headline"] == "لاہور میں بلدیاتی انتخابات کا اعلان"
