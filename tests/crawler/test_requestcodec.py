"""The request codec's dict is Scrapy's ``Request.to_dict``, without its per-request member scan."""

from __future__ import annotations

import pytest
from scrapy import FormRequest, Request
from scrapy.http import JsonRequest
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.test import get_crawler

from newscrawl.crawler import requestcodec
from newscrawl.spiders.islamtimes import IslamTimesSpider


@pytest.fixture
def spider() -> IslamTimesSpider:
    crawler = get_crawler(IslamTimesSpider)
    return IslamTimesSpider.from_crawler(crawler, base_url="https://www.islamtimes.com")


def requests(spider: IslamTimesSpider) -> list[Request]:
    return [
        spider.article_request("https://www.islamtimes.com/ur/news/1/x"),
        Request("https://www.islamtimes.com/ur/", callback=spider.parse_listing, errback=spider.parse_article,
                meta={"depth": 2}, priority=5, cb_kwargs={"n": 1}, headers={"X-A": "b"}, dont_filter=True),
        Request("https://www.islamtimes.com/robots.txt"),
        FormRequest("https://www.islamtimes.com/search", formdata={"q": "خبر"}, callback=spider.parse_listing),
        JsonRequest("https://www.islamtimes.com/api", data={"a": 1}, callback=spider.parse_article),
    ]


def test_the_codecs_dict_is_scrapys(spider):
    for request in requests(spider):
        assert requestcodec._to_dict(request, spider) == request.to_dict(spider=spider)


def test_a_callback_that_is_no_method_of_the_spider_is_refused_as_scrapy_refuses_it(spider):
    other = IslamTimesSpider.from_crawler(get_crawler(IslamTimesSpider), base_url="https://www.islamtimes.com")
    for callback in (lambda response: None, NO_CALLBACK):
        with pytest.raises(ValueError):
            requestcodec._to_dict(Request("https://www.islamtimes.com/", callback=callback), spider)
    # a method of another instance of the same class is named as Scrapy names it (by its function)
    request = Request("https://www.islamtimes.com/", callback=other.parse_listing)
    assert requestcodec._to_dict(request, spider) == request.to_dict(spider=spider)


def test_round_trip(spider):
    for request in requests(spider):
        again = requestcodec.decode(requestcodec.encode(request, spider), spider)
        assert again.to_dict(spider=spider) == request.to_dict(spider=spider)
