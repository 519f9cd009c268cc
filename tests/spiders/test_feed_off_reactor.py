"""A feed of a million links never stops the crawl (issue 24, case 11).

The feed is read in a thread (lxml iterparse, streamed, each entry dropped once read), so while
it is parsed the crawl goes on fetching the site's other pages. Shown by order, not time: one
request at a time, the server sees other pages between the feed and the first URL only the feed
names (its last entry), which is requested only once the whole feed was read.
"""

from __future__ import annotations

from pathlib import Path

from devtools.mirror.server import serving
from tests.spiders.test_discovery import crawl, variant

MARKER = "/ur/news/1299999/only-in-the-feed"


def million_link_feed(links: int) -> bytes:
    """An RSS feed of *links* off-site links (counted, never requested), then one on-site link."""
    head = b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>x</title>'
    items = b"".join(b"<item><link>http://o.pk/%d</link></item>" % n for n in range(links))
    return head + items + f"<item><link>{MARKER}</link></item></channel></rss>".encode()


def test_the_crawl_fetches_other_pages_while_a_huge_feed_is_read(tmp_path: Path) -> None:
    feed = million_link_feed(1_000_000)
    assert len(feed) > 40_000_000  # the 41 MB
    site = variant(tmp_path / "site", {"/ur/rss": (feed, "application/rss+xml")})
    with serving(site) as server:
        result = crawl(
            server, tmp_path,
            "-s", "NEWSCRAWL_DISCOVERY_MAX_FEED_ENTRIES=0",  # every entry: the longest read there is
            "-s", "CONCURRENT_REQUESTS=1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
            "-s", "MEMUSAGE_CHECK_INTERVAL_SECONDS=0.5",
        )
        requests = list(server.requests)
    stats = result.report["stats"]
    assert stats["newscrawl/discovery/off_site"] >= 1_000_000  # every entry was read
    during = requests[requests.index("/ur/rss") + 1 : requests.index(MARKER)]
    # On the reactor thread the crawl stood still until the feed was read: nothing in between.
    assert len(during) >= 5, during
    assert len(result.records) >= 40  # and the crawl's own pages were all read
    assert stats["memusage/max"] < 1024**3  # feedparser took 3.4 GB on such a feed
