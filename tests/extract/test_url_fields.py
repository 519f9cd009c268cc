"""Every URL field is absolute: resolved against the page's URL and its <base href> (issue 24, case 3)."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.crawler.items import ArticleItem
from newscrawl.spiders.islamtimes import IslamTimesSpider
from newscrawl.spiders.urdu import stable_id
from tests.export_helpers import CHINA, article, read_jsonl, run_export, write_run

PAGE = """<html><head>{head}<title>خبر</title></head><body><article><h1>پاکستان اور چین</h1>
<p>پاکستان اور چین کے درمیان اقتصادی راہداری کے نئے منصوبوں پر دستخط کیے گئے۔</p>
<p>دونوں ممالک کے وفود نے تجارت اور سرمایہ کاری بڑھانے پر اتفاق کیا۔</p></article></body></html>"""


def canonical_of(url: str, head: str) -> str | None:
    crawler = get_crawler(IslamTimesSpider)
    spider = IslamTimesSpider.from_crawler(crawler)
    crawler.spider = spider
    response = HtmlResponse(url=url, body=PAGE.format(head=head).encode(), encoding="utf-8")
    items = [out for out in spider.parse_article(response) if isinstance(out, ArticleItem)]
    return items[0]["canonical_url"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<link rel="canonical" href="/story/1117587/464">', "https://www.express.pk/story/1117587/464"),
        ('<link rel="canonical" href="464">', "https://www.express.pk/story/1117587/464"),
        ('<meta property="og:url" content="/story/1117587/464">', "https://www.express.pk/story/1117587/464"),
        ('<base href="https://cdn.express.pk/ur/"><link rel="canonical" href="story/9">',
         "https://cdn.express.pk/ur/story/9"),
        ('<link rel="canonical" href="//www.express.pk/story/1117587/464">', "https://www.express.pk/story/1117587/464"),
    ],
)
def test_a_relative_canonical_is_resolved_against_the_page(head: str, expected: str) -> None:
    assert canonical_of("https://www.express.pk/story/1117587/slug", head) == expected


def test_two_sites_same_relative_canonical_get_different_generic_ids() -> None:
    head = '<link rel="canonical" href="/story/1117587/464">'
    one = canonical_of("https://www.express.pk/story/1117587/a", head)
    two = canonical_of("https://www.other.pk/story/1117587/b", head)
    assert one and two and stable_id(one) != stable_id(two)


def test_an_export_never_merges_two_sites_by_url_alone(tmp_path) -> None:
    data = tmp_path / "data"
    express = article(1, CHINA[:1], site="express", host="www.express.pk", canonical="/story/1117587/464")
    other = article(2, CHINA[1:], site="other", host="www.other.pk", canonical="/story/1117587/464")
    syndicated = article(3, "ایک اور خبر جو دوسری سائٹ نے اپنے نام سے شائع کی۔", site="other", host="www.other.pk",
                         canonical=express["url"])  # names the other site's page as its canonical
    write_run(data / "express" / "20250301T000000Z.jsonl", [express])
    write_run(data / "other" / "20250301T000000Z.jsonl", [other, syndicated])
    status, _ = run_export(data, tmp_path / "ds")
    assert status == 0
    assert sorted(record["url"] for record in read_jsonl(tmp_path / "ds")) == sorted(
        [express["url"], other["url"], syndicated["url"]])
