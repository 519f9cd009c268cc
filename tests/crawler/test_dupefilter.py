"""ArticleDupeFilter: one fetch per article key; redirects judged by URL; JOBDIR keeps keys."""

from scrapy import Request
from scrapy.utils.test import get_crawler

from newscrawl.crawler.dupefilter import META_KEY, ArticleDupeFilter
from newscrawl.spiders.islamtimes import IslamTimesSpider


def build(**settings) -> ArticleDupeFilter:
    return ArticleDupeFilter.from_crawler(get_crawler(IslamTimesSpider, settings_dict=settings))


def article(url: str, key: str = "islamtimes:7", **meta) -> Request:
    return Request(url, meta={META_KEY: key, **meta})


def test_second_url_of_the_same_article_is_a_duplicate():
    dupefilter = build()
    assert not dupefilter.request_seen(article("http://x/ur/news/7/slug-a"))
    assert dupefilter.request_seen(article("http://x/ur/news/7/slug-b"))
    assert dupefilter.request_seen(article("http://x/ur/doc/news/7/"))
    assert not dupefilter.request_seen(article("http://x/ur/news/8/other", key="islamtimes:8"))


def test_requests_without_a_key_are_judged_by_url():
    dupefilter = build()
    assert not dupefilter.request_seen(Request("http://x/ur/archive?page=2"))
    assert dupefilter.request_seen(Request("http://x/ur/archive?page=2"))
    assert not dupefilter.request_seen(Request("http://x/ur/archive?page=3"))


def test_a_redirect_to_the_canonical_url_is_still_fetched():
    dupefilter = build()
    assert not dupefilter.request_seen(article("http://x/ur/doc/news/7/"))  # answers 301
    redirected = article("http://x/ur/news/7/slug", redirect_urls=["http://x/ur/doc/news/7/"])
    assert not dupefilter.request_seen(redirected)
    assert dupefilter.request_seen(article("http://x/ur/news/7/slug"))


def test_keys_persist_in_jobdir(tmp_path):
    first = build(JOBDIR=str(tmp_path))
    first.request_seen(article("http://x/ur/news/7/slug-a"))
    first.close("shutdown")
    resumed = build(JOBDIR=str(tmp_path))
    assert resumed.request_seen(article("http://x/ur/news/7/slug-b"))
