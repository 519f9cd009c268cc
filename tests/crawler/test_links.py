"""A page with 100,000 links costs at most the links cap, not 7 s of CPU (issue 24, case 15)."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from newscrawl.crawler.links import BoundedLinkExtractor
from newscrawl.spiders.islamtimes import IslamTimesSpider
from newscrawl.spiders.urdu import UrduSpider


def page(links: int) -> HtmlResponse:
    anchors = "".join(f'<a href="/ur/news/{n}/x">{n}</a>' for n in range(links))
    return HtmlResponse("https://www.islamtimes.com/ur/", body=f"<html><body>{anchors}</body></html>".encode())


def test_only_the_first_links_of_a_page_are_read() -> None:
    extractor = BoundedLinkExtractor(max_links=1_000)
    links = extractor.extract_links(page(30_000))
    assert len(links) == 1_000 and links[-1].url.endswith("/ur/news/999/x")
    assert extractor.cut_pages == 1
    assert len(extractor.extract_links(page(10))) == 10 and extractor.cut_pages == 1


def test_the_spiders_read_links_through_the_cap() -> None:
    site = IslamTimesSpider()
    generic = UrduSpider(base_url="https://www.islamtimes.com")
    assert isinstance(site.article_links, BoundedLinkExtractor) and isinstance(generic.page_links, BoundedLinkExtractor)
