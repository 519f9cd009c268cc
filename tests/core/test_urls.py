"""URL canonicalization and link clean-up, including links from the real Islam Times homepage."""

import re

import pytest
from scrapy.http import HtmlResponse
from shared_pages import shared_file

from newscrawl.core import urls as urls_module
from newscrawl.spiders.islamtimes import IslamTimesSpider
from newscrawl.core.urls import canonicalize_url, clean_link, clear_canonical_cache, host_of


@pytest.mark.parametrize(("url", "canonical"), [
    ("http://x.com/ur/news/1/a?utm_source=fb&utm_medium=social", "http://x.com/ur/news/1/a"),
    ("http://x.com/ur/news/1/a?fbclid=1&gclid=2", "http://x.com/ur/news/1/a"),
    ("http://x.com/ur/archive?page=2&utm_campaign=z", "http://x.com/ur/archive?page=2"),
    ("http://x.com/ur/news/1/a#comments", "http://x.com/ur/news/1/a"),
    ("HTTP://X.COM/ur/news/1/%d9%be", "http://x.com/ur/news/1/%D9%BE"),
    ("http://x.com/ur/news/1/پاک", "http://x.com/ur/news/1/%D9%BE%D8%A7%DA%A9"),
    ("http://x.com/s?b=2&a=1", "http://x.com/s?a=1&b=2"),
])
def test_canonicalize_url(url, canonical):
    assert canonicalize_url(url) == canonical


def test_canonicalize_is_idempotent():
    once = canonicalize_url("http://x.com/ur/news/1/پاک?utm_source=a&z=1")
    clear_canonical_cache()  # the memo stores `once` as its own key: compute it afresh
    assert canonicalize_url(once) == once


def test_canonical_memo_answers_as_w3lib_and_stays_bounded():
    clear_canonical_cache()
    urls = [f"http://x.com/ur/news/{n}/پاک?utm_source=a&b={n}" for n in range(urls_module._CANONICAL_MAX + 10)]
    for url in urls:
        assert canonicalize_url(url) == urls_module._canonicalize(url)
    assert len(urls_module._CANONICAL) <= urls_module._CANONICAL_MAX + 1
    last = len(urls) - 1
    assert canonicalize_url(urls[-1]) == f"http://x.com/ur/news/{last}/%D9%BE%D8%A7%DA%A9?b={last}"


@pytest.mark.parametrize(("value", "link"), [
    ("/ur/news/1/", "/ur/news/1/"),
    ("ur/news/1/", "/ur/news/1/"),
    ("ar/doc/news/711971/", "/ar/doc/news/711971/"),
    ("window.open('/ar/doc/news/712282/','_blank');", "/ar/doc/news/712282/"),
    ("location.href='/ur/news/5/'", "/ur/news/5/"),
    ("javascript:void(0)", None),
    ("mailto:a@b.c", None),
    ("tel:123", None),
    ("data:text/html,hi", None),
    ("file:///etc/passwd", None),
    ("#top", None),
    ("", None),
])
def test_clean_link(value, link):
    assert clean_link(value) == link


def test_host_of():
    assert host_of("https://www.islamtimes.com/ur/") == "islamtimes.com"


@pytest.mark.parametrize(("path", "article_id"), [
    ("/ur/news/1211873/%D9%BE%D8%A7%DA%A9", "1211873"),
    ("/ur/article/1211790/%D9%85%D8%B6%D9%85%D9%88%D9%86", "1211790"),
    ("/ur/doc/news/712284/", "712284"),
    ("/ur/news/1211873", "1211873"),
    ("/ar/doc/news/712284/", None),  # another edition
    ("/ur/doc/video/693333/", None),
    ("/ur/section/pakistan", None),
    ("/ur/news/", None),
])
def test_article_url_shapes(path, article_id):
    spider = IslamTimesSpider()
    assert spider.article_id("https://www.islamtimes.com" + path) == article_id


def test_real_arabic_homepage_yields_no_urdu_articles_but_finds_every_shape():
    """The saved islamtimes.org homepage (Arabic edition, same CMS): the Urdu spider must not
    wander into the Arabic edition, yet the link clean-up must recover every article link
    a reader could click: plain, without leading slash, and onclick-only."""
    body = shared_file("realpages", "islamtimes.org.html").read_bytes()
    response = HtmlResponse(url="https://www.islamtimes.org/ar/", body=body, encoding="utf-8")
    spider = IslamTimesSpider()
    assert list(spider.follow_articles(response)) == []

    raw = set(re.findall(r"ar/doc/news/\d+/", response.text))  # every article address in the page
    cleaned = set()
    for value in response.xpath("//@href | //@onclick").getall():
        link = clean_link(value)
        if link and re.fullmatch(r"/ar/doc/news/\d+/", link):
            cleaned.add(link.lstrip("/"))
    assert len(raw) > 50
    assert cleaned == raw


@pytest.mark.parametrize("url", [
    "http://a.pk/ur/news/1/x;jsessionid=0A1B2C3D?page=3",
    "http://a.pk/ur/news/1/x;JSESSIONID=0A1B2C3D.node1?PHPSESSID=abc123&page=3",
    "http://a.pk/ur/news/1/x?sid=77&page=3&sessionid=9",
])
def test_session_ids_are_not_part_of_a_pages_identity(url):  # issue 24, case 15: no budget spent on duplicates
    assert canonicalize_url(url) == "http://a.pk/ur/news/1/x?page=3"
