"""One bad sitemap or feed entry is skipped and counted, never the whole file (issue 24, case 10)."""

from __future__ import annotations

import pytest
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.config import ConfigError
from newscrawl.config import parse_since
from newscrawl.spiders.feeds import read_feed
from newscrawl.spiders.islamtimes import IslamTimesSpider

BASE = "https://www.islamtimes.com"
SITEMAP = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{BASE}/ur/news/1/a</loc><lastmod>0001-01-01T00:00:00+05:00</lastmod></url>
<url><loc>http://[bad/a</loc></url>
<url><loc>{BASE}/ur/news/2/b</loc><lastmod>2025-03-01</lastmod></url>
</urlset>"""
FEED = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>x</title>
<item><title>a</title><link>{BASE}/ur/news/3/c</link><pubDate>0000-00-00</pubDate></item>
<item><title>b</title><link>{BASE}/ur/news/4/d</link><pubDate>9999-12-31T23:59:59-14:00</pubDate></item>
<item><title>c</title><link>http://[bad/x</link></item>
<item><title>d</title><link>{BASE}/ur/news/5/e</link><pubDate>Sat, 01 Mar 2025 10:00:00 GMT</pubDate></item>
</channel></rss>"""


def spider_with_since() -> IslamTimesSpider:
    crawler = get_crawler(IslamTimesSpider, {"NEWSCRAWL_DISCOVERY_SINCE": "2025-01-01"})
    spider = IslamTimesSpider.from_crawler(crawler)
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider


def test_a_bad_sitemap_entry_is_skipped_and_the_rest_read() -> None:
    spider = spider_with_since()
    response = XmlResponse(f"{BASE}/sitemap.xml", body=SITEMAP.encode())
    urls = [request.url for request in spider.parse_sitemap(response)]
    assert urls == [f"{BASE}/ur/news/1/a", f"{BASE}/ur/news/2/b"]  # a date no datetime holds: undated, kept
    assert spider.crawler.stats.get_value("newscrawl/discovery/bad_entry") == 1


def test_a_bad_feed_entry_is_skipped_and_the_rest_read() -> None:
    spider = spider_with_since()
    response = XmlResponse(f"{BASE}/rss", body=FEED.encode())
    urls = [request.url for request in spider.feed_requests(read_feed(response.body, response.url, 5000))]
    assert urls == [f"{BASE}/ur/news/3/c", f"{BASE}/ur/news/4/d", f"{BASE}/ur/news/5/e"]
    assert spider.crawler.stats.get_value("newscrawl/discovery/bad_entry") == 1


def test_a_since_no_datetime_holds_is_a_usage_error() -> None:
    with pytest.raises(ConfigError, match="since must be"):
        parse_since("0001-01-01T00:00:00+05:00")


def test_the_crawl_command_refuses_such_a_since_in_one_line_with_exit_2(tmp_path) -> None:
    from tests.cli.test_cli import newscrawl
    from tests.conftest import PROJECT

    done = newscrawl("crawl", "islamtimes", "--since", "0001-01-01T00:00:00+05:00", "-o", str(tmp_path / "x.jsonl"),
                     "--base-url", "http://127.0.0.1:9", cwd=PROJECT)
    assert done.returncode == 2 and done.stderr.strip().splitlines() == [
        "newscrawl crawl: since must be a date between years 1 and 9999 in UTC, got '0001-01-01T00:00:00+05:00'"]
    assert not (tmp_path / "x.jsonl").exists()


def test_a_feed_of_many_bad_entries_names_ten_and_counts_all(caplog) -> None:
    spider = spider_with_since()
    items = "".join(f"<item><title>{n}</title><link>http://[bad/{n}</link></item>" for n in range(50))
    good = (f'<item><guid isPermaLink="true">{BASE}/ur/news/8/guid</guid><link>{BASE}/ur/news/9/link</link>'
            "</item>")  # <link> wins over a permalink guid, wherever it stands
    body = f'<rss version="2.0"><channel>{items}{good}</channel></rss>'.encode()
    urls = [request.url for request in spider.feed_requests(read_feed(body, f"{BASE}/rss", 5000))]
    assert urls == [f"{BASE}/ur/news/9/link"]
    assert spider.crawler.stats.get_value("newscrawl/discovery/bad_entry") == 50
    assert caplog.text.count("(newscrawl/discovery/bad_entry)") == 10
