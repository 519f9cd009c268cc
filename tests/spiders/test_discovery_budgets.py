"""Sitemaps and feeds are inside the budgets; sitemap index nesting is bounded (issue 24, case 9)."""

from __future__ import annotations

from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.spiders.feeds import read_feed
from newscrawl.spiders.islamtimes import IslamTimesSpider
from newscrawl.spiders.urdu import UrduSpider

BASE = "http://127.0.0.1:8000"


def index(children: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{BASE}{child}</loc></sitemap>" for child in children)
    return (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
            "</sitemapindex>").encode()


def spider(cls, **settings):
    crawler = get_crawler(cls, settings)
    made = cls.from_crawler(crawler, base_url=BASE)
    crawler.spider = made
    crawler.stats.open_spider()
    return made


def test_an_index_of_indexes_is_read_one_level_deep_only() -> None:
    site = spider(IslamTimesSpider)
    first = XmlResponse(f"{BASE}/sitemap_index.xml", body=index(["/deeper.xml"]))
    (child,) = site.parse_sitemap(first)  # an index naming an index: read once, as sites do
    second = XmlResponse(child.url, body=index(["/deepest.xml"]), request=child)
    (grandchild,) = site.parse_sitemap(second)
    third = XmlResponse(grandchild.url, body=index(["/again.xml"]), request=grandchild)
    assert list(site.parse_sitemap(third)) == []  # an index three levels down: never followed
    assert site.crawler.stats.get_value("newscrawl/discovery/index_too_deep") == 1


def test_sitemap_and_feed_fetches_count_in_the_generic_page_budget() -> None:
    generic = spider(UrduSpider, NEWSCRAWL_GENERIC_MAX_PAGES=50)
    response = XmlResponse(f"{BASE}/sitemap_index.xml", body=index([f"/s{n}.xml" for n in range(10_000)]))
    requests = [request for request in generic.parse_sitemap(response) if request is not None]
    assert len(requests) <= 50
    assert generic.crawler.stats.get_value("newscrawl/generic/over_budget") >= 9_950


def test_a_site_spider_fetches_at_most_the_sitemap_budget() -> None:
    site = spider(IslamTimesSpider, NEWSCRAWL_DISCOVERY_MAX_SITEMAPS=100)
    response = XmlResponse(f"{BASE}/sitemap_index.xml", body=index([f"/s{n}.xml" for n in range(10_000)]))
    assert len([r for r in site.parse_sitemap(response) if r is not None]) == 100
    assert site.crawler.stats.get_value("newscrawl/discovery/over_budget") == 9_900


def rss(links: int) -> bytes:
    items = "".join(f"<item><title>t{n}</title><link>{BASE}/ur/news/{n}/x</link></item>" for n in range(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'.encode()


def atom(links: int) -> bytes:
    entries = "".join(f'<entry><title>t{n}</title><link href="{BASE}/ur/news/{n}/x"/></entry>' for n in range(links))
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>{entries}</feed>'.encode()


def test_a_huge_feed_is_read_only_up_to_the_entry_budget() -> None:  # case 11: a million links took 98 s
    for body in (rss(20_000), atom(20_000)):
        site = spider(IslamTimesSpider, NEWSCRAWL_DISCOVERY_MAX_FEED_ENTRIES=500)
        requests = list(site.feed_requests(read_feed(body, f"{BASE}/rss", site.discovery_max_feed_entries)))
        assert len(requests) == 500 and requests[-1].url == f"{BASE}/ur/news/499/x"
        assert site.crawler.stats.get_value("newscrawl/discovery/feed_entries_cut") == 1
