"""Pages in the Islam Times style with markup the mirror does not use.

The live site redesigns without notice; these pages check that extraction
follows the page as a reader sees it, not one template's class names.
Expected values are typed from the visible text of each page.
"""

from __future__ import annotations

from scrapy.http import HtmlResponse

from tests.extract.test_extract import make_spider, parse

BASE = "https://www.islamtimes.com"

# WordPress-like: paragraphs in leaf <div>s, an inline "یہ بھی پڑھیں" inside the body,
# tags in an article <footer> under a heading, source as a link, related box after the article.
WORDPRESS_LIKE = """<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8">
<title>گوادر میں نئی بندرگاہ کا افتتاح | اسلام ٹائمز</title>
<meta property="article:published_time" content="2025-01-09T10:15:00+05:00">
</head><body>
<div class="wrap"><div class="post">
<h1 class="entry-title">گوادر میں نئی بندرگاہ کا افتتاح</h1>
<div class="post-meta"><span>اشاعت کی تاریخ:</span> <span>9th, January 2025 GMT</span></div>
<div class="post-excerpt">وزیر اعظم نے گوادر میں نئی بندرگاہ کا افتتاح کر دیا۔</div>
<div class="post-body">
<div>اسلام ٹائمز۔ گوادر میں نئی بندرگاہ کے افتتاح کی تقریب منعقد ہوئی جس میں اعلیٰ حکام نے شرکت کی۔</div>
<div>یہ بھی پڑھیں: <a href="/ur/news/1200001/sipik">سی پیک کا نیا مرحلہ</a></div>
<div>حکام کے مطابق بندرگاہ سے علاقائی تجارت میں اضافہ ہوگا۔</div>
<div class="wp-caption"><img src="/a.jpg"><p class="wp-caption-text">بندرگاہ کا منظر</p></div>
<div>مقامی ماہی گیروں نے روزگار کے نئے مواقع کی امید ظاہر کی۔</div>
</div>
<footer class="entry-footer">
<p>ذریعہ: <a href="https://www.app.com.pk/">اے پی پی</a></p>
<h3>کلیدی الفاظ:</h3><ul class="tags"><li><a href="/ur/tag/gwadar">گوادر</a></li><li><a href="/ur/tag/port">بندرگاہ</a></li></ul>
</footer>
</div>
<div class="related-posts"><h3>مزید پڑھیں:</h3>
<article><a href="/ur/news/1200002/tijarat"><img src="/b.jpg"></a><h4><a href="/ur/news/1200002/tijarat">علاقائی تجارت کے امکانات</a></h4></article>
</div></div></body></html>"""


def test_wordpress_like_page():
    url = BASE + "/ur/news/1200000/gwadar"
    response = HtmlResponse(url=url, body=WORDPRESS_LIKE.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    items, _ = parse(make_spider(), response)
    item = items[0]
    assert item["headline"] == "گوادر میں نئی بندرگاہ کا افتتاح"
    assert item["published_at"] == "2025-01-09T10:15:00+05:00"  # the offset the page writes
    assert item["published_text"] == "9th, January 2025 GMT"
    assert item["summary"] == "وزیر اعظم نے گوادر میں نئی بندرگاہ کا افتتاح کر دیا۔"
    assert item["body"].split("\n\n") == [
        "اسلام ٹائمز۔ گوادر میں نئی بندرگاہ کے افتتاح کی تقریب منعقد ہوئی جس میں اعلیٰ حکام نے شرکت کی۔",
        "حکام کے مطابق بندرگاہ سے علاقائی تجارت میں اضافہ ہوگا۔",
        "مقامی ماہی گیروں نے روزگار کے نئے مواقع کی امید ظاہر کی۔",
    ]
    assert item["source"] == "اے پی پی"
    assert item["keywords"] == ["گوادر", "بندرگاہ"]
    assert item["read_also"] == [
        {"url": BASE + "/ur/news/1200001/sipik", "title": "سی پیک کا نیا مرحلہ"},
        {"url": BASE + "/ur/news/1200002/tijarat", "title": "علاقائی تجارت کے امکانات"},
    ]


# Legacy CMS, all in one cell: label and value in one text run, Arabic code points,
# the date as Persian digits, keywords as comma-separated text, no metadata at all.
LEGACY_ONE_CELL = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>كراچي ميں بارش</title></head><body><table><tr><td>
<b class="titr">كراچي ميں بارش سے نظام زندگي مفلوج</b><br>
اشاعت کي تاريخ: ۱۲ جنوري ۲۰۲۵<br><br>
اسلام ٹائمز۔ كراچي ميں موسلا دھار بارش سے كئي علاقے زير آب آ گئے۔<br>
شهر كي اهم شاهراهوں پر ٹريفك جام رها۔<br><br>
ذريعه: Islam Times<br>
كليدي لفظ: كراچي، بارش، ٹريفك<br>
</td></tr></table></body></html>"""


def test_legacy_single_cell_page():
    url = BASE + "/ur/doc/news/1100000/"
    response = HtmlResponse(url=url, body=LEGACY_ONE_CELL.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    items, _ = parse(make_spider(), response)
    item = items[0]
    assert item["headline"] == "کراچی میں بارش سے نظام زندگی مفلوج"  # the bold title line, not <title>
    assert item["published_at"] == "2025-01-12T00:00:00+00:00"
    assert item["published_text"] == "۱۲ جنوری ۲۰۲۵"
    assert item["source"] == "Islam Times"
    assert item["keywords"] == ["کراچی", "بارش", "ٹریفک"]
    assert item["body"].split("\n\n") == [
        "اسلام ٹائمز۔ کراچی میں موسلا دھار بارش سے کئی علاقے زیر آب آ گئے۔",
        "شہر کی اہم شاہراہوں پر ٹریفک جام رہا۔",
    ]
    assert item["read_also"] == []
    assert item["article_id"] == "1100000"


# Labels without a colon, as headings of their own, one spelled with Arabic code points.
COLONLESS_LABELS = """<!DOCTYPE html><html lang="ur"><head><meta charset="utf-8">
<meta property="og:title" content="پشاور میں پولیو مہم کا آغاز"></head><body>
<article><h1>پشاور میں پولیو مہم کا آغاز</h1>
<div class="content"><p>اسلام ٹائمز۔ پشاور میں انسداد پولیو مہم کا آغاز ہو گیا جو پانچ دن جاری رہے گی۔</p>
<p>محکمہ صحت کے مطابق ہزاروں رضاکار گھر گھر جا کر بچوں کو قطرے پلائیں گے۔</p></div>
<dl class="facts"><dt>ذریعہ</dt><dd>ریڈیو پاکستان</dd></dl>
<div class="labels"><h4>كليدي لفظ</h4><a href="/ur/tag/polio">پولیو</a> <a href="/ur/tag/peshawar">پشاور</a></div>
</article>
<section class="more"><h3>پڑھیں</h3><ul><li><a href="/ur/news/1200003/dengue">ڈینگی کے کیسز میں کمی</a></li></ul></section>
</body></html>"""


def test_labels_standing_alone_without_a_colon():
    url = BASE + "/ur/news/1200004/polio"
    response = HtmlResponse(url=url, body=COLONLESS_LABELS.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    items, _ = parse(make_spider(), response)
    item = items[0]
    assert item["source"] == "ریڈیو پاکستان"
    assert item["keywords"] == ["پولیو", "پشاور"]
    assert item["read_also"] == [{"url": BASE + "/ur/news/1200003/dengue", "title": "ڈینگی کے کیسز میں کمی"}]
    assert item["body"].split("\n\n") == [
        "اسلام ٹائمز۔ پشاور میں انسداد پولیو مہم کا آغاز ہو گیا جو پانچ دن جاری رہے گی۔",
        "محکمہ صحت کے مطابق ہزاروں رضاکار گھر گھر جا کر بچوں کو قطرے پلائیں گے۔",
    ]
