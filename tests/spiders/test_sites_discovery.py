"""Discovery on each named site's real home page (shared/realpages, March 2018).

The expected numbers were counted by reading each page, not by running the spider:
distinct article ids among the links of the site's article shape, e.g. for Jang
``grep -oE '/news/[0-9]+' jang.com.pk.html | sort -u | wc -l`` -> 73 (79 links, 6 repeated).
"""

from __future__ import annotations

import re

import pytest
from scrapy.http import HtmlResponse

from newscrawl.spiders.dawnnews import DawnNewsSpider
from newscrawl.spiders.express import ExpressSpider
from newscrawl.spiders.humsub import HumSubSpider
from newscrawl.spiders.jang import JangSpider
from newscrawl.spiders.nawaiwaqt import NawaiWaqtSpider
from newscrawl.spiders.urduvoa import UrduVoaSpider
from tests.shared_pages import shared_file

# site: (spider, saved file, URL it was saved from, distinct article ids on the page, how counted)
HOME_PAGES = {
    # /a/<slug>/<id>.html (27 ids) and /a/<id>.html (13 ids: items and media pages)
    "urduvoa": (UrduVoaSpider, "urduvoa.com.html", "https://www.urduvoa.com/", 40,
                r"/a/(?:[^/\"']+/)?(\d+)\.html"),
    # /story/<id>/<n> (162 links, with #comments variants and one /story/<id>)
    "express": (ExpressSpider, "express.pk.html", "https://www.express.pk/", 70, r"express\.pk/story/(\d+)"),
    "jang": (JangSpider, "jang.com.pk.html", "https://jang.com.pk/", 73, r"/news/(\d+)"),
    # 124 /news/<id>/, 12 /news/<id>/<slug>, 4 relative /news/<id>
    "dawnnews": (DawnNewsSpider, "dawnnews.tv.html", "https://www.dawnnews.tv/", 49, r"/news/(\d+)"),
    # the news ticker only; the 43 ePaper image-map areas and 18 ePaper pages are not articles
    "nawaiwaqt": (NawaiWaqtSpider, "nawaiwaqt.com.pk.html", "https://www.nawaiwaqt.com.pk/", 30,
                  r"/24-Mar-2018/(\d+)"),
    # 39 posts linked in the copied (truncated) part, author or percent-encoded Urdu slugs;
    # image data-permalink attachment pages /<id>/<slug>/<image>/ are not links, nor articles
    "humsub": (HumSubSpider, "humsub.com.pk.html", "http://www.humsub.com.pk/", 39,
               r"href=[\"']http://www\.humsub\.com\.pk/(\d{5,})/[^/\"']+/?(?:#\w*)?[\"']"),
}


def discover(site: str) -> tuple[set[str], list[str], str]:
    spider_class, file_name, url, _, _ = HOME_PAGES[site]
    body = shared_file("realpages", file_name).read_bytes()
    spider = spider_class()
    response = HtmlResponse(url=url, body=body, encoding="utf-8")
    requests = list(spider.parse_listing(response))
    ids = [spider.article_id(request.url) for request in requests if request.callback == spider.parse_article]
    listings = [request.url for request in requests if request.callback == spider.parse_listing]
    assert None not in ids
    return set(ids), listings, body.decode("utf-8", "replace")


@pytest.mark.parametrize("site", sorted(HOME_PAGES))
def test_home_page_yields_exactly_the_articles_of_the_site_shape(site):
    spider_class, _, _, count, grep_shape = HOME_PAGES[site]
    ids, listings, html = discover(site)
    assert len(ids) == count, sorted(ids)
    # the same ids a plain text search of the page finds
    assert ids == set(re.findall(grep_shape, html))
    # nothing followed as a listing is an article, and every listing is on the site
    spider = spider_class()
    assert not [url for url in listings if spider.is_article_url(url)]
    assert all(spider._on_allowed_host(url) for url in listings)


@pytest.mark.parametrize(("site", "kept", "refused"), [
    ("jang", "https://jang.com.pk/category/latest-news/national", "https://jang.com.pk/assets/front/images/jang-icons/16x16.png"),
    ("express", "https://www.express.pk/pakistan/", "https://www.express.pk/videos/1234567/patang/"),
    ("dawnnews", "https://www.dawnnews.tv/archive", "https://www.dawnnews.tv/videos/zara-hat-key"),
    ("nawaiwaqt", "https://www.nawaiwaqt.com.pk/national", "https://www.nawaiwaqt.com.pk/E-Paper/lahore/2018-03-24/page-2"),
    ("humsub", "http://www.humsub.com.pk/category/columns/", "http://www.humsub.com.pk/feed/"),
    ("urduvoa", "https://www.urduvoa.com/z/2185", "https://www.urduvoa.com/embed/player/Article/4301558.html"),
])
def test_sections_are_followed_and_furniture_is_not(site, kept, refused):
    _, listings, _ = discover(site)
    assert kept in listings
    assert refused not in listings


@pytest.mark.parametrize(("site", "url", "article_id"), [
    ("jang", "https://jang.com.pk/news/464713", "464713"),
    ("jang", "https://www.jang.com.pk/news/464713/", "464713"),
    ("jang", "https://jang.com.pk/writer/suhail-waraich", None),
    ("express", "https://www.express.pk/story/1119871/1", "1119871"),
    ("express", "https://www.express.pk/story/1119871", "1119871"),
    ("express", "https://www.express.pk/slideshows/1234/", None),
    ("dawnnews", "https://www.dawnnews.tv/news/1076431/", "1076431"),
    ("dawnnews", "https://www.dawnnews.tv/news/1076431/qarardad-e-pakistan-78-march-se", "1076431"),
    ("dawnnews", "https://www.dawnnews.tv/authors/1234/web-desk", None),
    ("nawaiwaqt", "https://www.nawaiwaqt.com.pk/24-Mar-2018/789012", "789012"),
    ("nawaiwaqt", "https://www.nawaiwaqt.com.pk/E-Paper/lahore/2018-03-24/page-1", None),
    ("humsub", "http://www.humsub.com.pk/116379/adnan-khan-kakar-776/", "116379"),
    ("humsub", "http://www.humsub.com.pk/2018/03/", None),
    ("humsub", "http://www.humsub.com.pk/author/adnan-khan-kakar/", None),
    ("urduvoa", "https://www.urduvoa.com/a/pakistan-water-shortage/4303045.html", "4303045"),
    ("urduvoa", "https://www.urduvoa.com/a/4301558.html", "4301558"),
    ("urduvoa", "https://www.urduvoa.com/p/5954.html", None),
])
def test_article_ids_come_from_the_url_shape(site, url, article_id):
    spider = HOME_PAGES[site][0]()
    assert spider.article_id(url) == article_id
    assert spider.is_article_url(url) is (article_id is not None)


@pytest.mark.parametrize(("url", "article_id"), [
    ("https://www.bbc.com/urdu/articles/c61znxen060o", "c61znxen060o"),
    ("https://www.bbc.com/urdu/pakistan-49644768", "pakistan-49644768"),
    ("https://www.bbc.com/urdu/science-45890183", "science-45890183"),
    ("https://www.bbc.com/urdu/topics/cjgn7n9zzq7t", None),
    ("https://www.bbc.com/urdu", None),
])
def test_bbc_urdu_article_shapes(url, article_id):
    from newscrawl.spiders.bbcurdu import BbcUrduSpider
    spider = BbcUrduSpider()
    assert spider.article_id(url) == article_id
    assert spider.is_article_url(url) is (article_id is not None)
    assert not spider.is_article_url("https://www.bbc.com/urdu/institutional-49282935")  # publishing principles
    assert not spider.is_article_url("https://www.bbc.com/news/world-49644768")  # the English service
