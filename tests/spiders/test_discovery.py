"""Sitemaps, news sitemaps, feeds and ``since``: real crawls of the mirror (and variants of it)."""

from __future__ import annotations

import gzip
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from newscrawl.config import ConfigError, parse_since
from devtools.mirror.server import DEFAULT_ROOT, MirrorServer, serving
from newscrawl.crawler.scrapy_private import NewsSitemap
from tests.conftest import run_crawl

LISTINGS = ("/ur/archive", "/ur/section/")  # and the home page /ur/
BOMB_ENTITIES = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
BOMB_DOCTYPE = f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e0 "lol">{BOMB_ENTITIES}]>\n'


def variant(root: Path, replace: dict[str, tuple[bytes | str, str] | None]) -> Path:
    """The mirror with some routes replaced (``None``: removed), written as a new root."""
    manifest = json.loads((DEFAULT_ROOT / "manifest.json").read_text(encoding="utf-8"))
    routes = {path: dict(route, file=str(DEFAULT_ROOT / route["file"])) for path, route in manifest["routes"].items()}
    root.mkdir(parents=True, exist_ok=True)
    for number, (path, content) in enumerate(replace.items()):
        routes.pop(path, None)
        if content is not None:
            body, content_type = content
            (root / f"{number}.bin").write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
            routes[path] = {"file": str(root / f"{number}.bin"), "status": 200, "content_type": content_type}
    (root / "manifest.json").write_text(json.dumps({"routes": routes}, ensure_ascii=False), encoding="utf-8")
    return root


def without_listings(root: Path, **more: tuple[bytes | str, str] | None) -> Path:
    """Only sitemaps and feeds can lead to articles: the home page is bare, no archive or section pages."""
    manifest = json.loads((DEFAULT_ROOT / "manifest.json").read_text(encoding="utf-8"))
    replace: dict[str, tuple[bytes | str, str] | None] = {
        path: None for path in manifest["routes"] if path.startswith(LISTINGS)}
    replace["/ur/"] = ("<html><body><h1>اسلام ٹائمز</h1></body></html>", "text/html; charset=utf-8")
    replace.update(more)
    return variant(root, replace)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Any]:
    servers = []

    def start(root: Path) -> MirrorServer:
        context = serving(root)
        servers.append(context)
        return context.__enter__()
    yield start
    for context in servers:
        context.__exit__(None, None, None)


def crawl(server: MirrorServer, tmp_path: Path, *args: str, spider: str = "islamtimes"):
    out = tmp_path / "out" / f"{spider}.jsonl"
    result = run_crawl(server.base_url, out, "-s", f"NEWSCRAWL_JSONL_PATH={out}", *args, spider=spider)
    assert result.returncode == 0, result.log[-3000:]
    return result


def paths(server: MirrorServer) -> list[str]:
    return [unquote(request) for request in server.requests]


def test_sitemap_index_to_sitemaps_to_every_article(serve, tmp_path, expected):
    server = serve(without_listings(tmp_path / "site", **{"/ur/rss": None}))
    result = crawl(server, tmp_path)
    ids = {record["article_id"] for record in result.records}
    syndicated = expected["cases"]["syndicated"]["article_ids"][1]  # linked from the home page only
    assert ids == {article["article_id"] for article in expected["articles"]} - {syndicated}
    stats = result.report["stats"]
    assert stats["newscrawl/discovery/sitemap_indexes"] == 1
    assert stats["newscrawl/discovery/sitemaps"] == 3  # the news sitemap and two years, one gzipped
    assert "/sitemaps/articles-2024.xml.gz" in paths(server)
    assert not any(path.startswith(("/ur/archive", "/ur/section")) for path in paths(server))


def test_news_sitemap_keeps_publication_date_and_title(expected):
    manifest = json.loads((DEFAULT_ROOT / "manifest.json").read_text(encoding="utf-8"))
    body = (DEFAULT_ROOT / manifest["routes"]["/sitemaps/news.xml"]["file"]).read_bytes()
    entries = list(NewsSitemap(body))
    by_path = {unquote(article["path"]): article for article in expected["articles"]}
    assert len(entries) == 10
    for entry in entries:
        article = by_path[unquote(entry["loc"])]
        assert entry["news_title"] == article["headline"]
        # the article's own date (the page may give only the day)
        assert entry["news_publication_date"][:10] == article["published_at"][:10]


def test_since_skips_what_sitemaps_feeds_and_listings_date_earlier(mirror, tmp_path, expected):
    since = "2025-03-01"
    result = crawl(mirror, tmp_path, "-a", f"since={since}")
    newer = {a["article_id"] for a in expected["articles"] if a["published_at"] and a["published_at"] >= since}
    assert {record["article_id"] for record in result.records} == newer
    fetched = paths(mirror)
    assert "/sitemaps/articles-2024.xml.gz" not in fetched  # the index dates it earlier: never fetched
    assert "/sitemaps/articles-2025.xml" in fetched
    last_archive = max((p for p in expected_listing_pages()), key=lambda p: int(p.rsplit("=", 1)[1]))
    assert last_archive not in fetched  # pagination stopped where every dated item was older
    stats = result.report["stats"]
    assert stats["newscrawl/discovery/older_than_since"] > 0
    assert stats["newscrawl/discovery/pagination_stopped"] >= 1
    old_paths = {unquote(a["path"]) for a in expected["articles"] if a["article_id"] not in newer}
    assert len(old_paths & set(fetched)) < len(old_paths) / 2  # most older articles are never fetched


def expected_listing_pages() -> list[str]:
    manifest = json.loads((DEFAULT_ROOT / "manifest.json").read_text(encoding="utf-8"))
    return [path for path in manifest["routes"] if path.startswith("/ur/archive?page=")]


def test_a_feed_alone_leads_to_its_articles(serve, tmp_path):
    robots = "User-agent: *\nDisallow: /ur/search\n"  # no Sitemap: line
    server = serve(without_listings(tmp_path / "site", **{"/robots.txt": (robots, "text/plain; charset=utf-8")}))
    result = crawl(server, tmp_path)
    route = json.loads((DEFAULT_ROOT / "manifest.json").read_text(encoding="utf-8"))["routes"]["/ur/rss"]
    assert route["content_type"].startswith("application/rss+xml")
    feed_paths = re.findall(r"<link>(/ur/[^<]+)</link>", (DEFAULT_ROOT / route["file"]).read_text(encoding="utf-8"))
    assert len(feed_paths) == 10
    assert result.report["stats"]["newscrawl/discovery/feed_links"] == 10
    exported = {urlsplit(record["url"]).path for record in result.records}
    assert set(feed_paths) <= exported  # and more: their read-also links were followed


def test_broken_and_hostile_xml_is_counted_and_the_crawl_goes_on(serve, tmp_path, expected):
    cap = 200_000
    urlset = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    first = expected["articles"][0]["path"]
    hostile = {
        "/robots.txt": ("User-agent: *\nDisallow: /ur/search\n" + "".join(
            f"Sitemap: /{name}\n" for name in ("bomb.xml", "huge.xml", "zip-bomb.xml.gz", "not-xml.xml",
                                                 "broken.xml", "sitemap_index.xml")), "text/plain"),
        "/bomb.xml": (BOMB_DOCTYPE + f"{urlset}<url><loc>/ur/news/1/&e9;</loc></url></urlset>", "application/xml"),
        "/huge.xml": (f"{urlset}" + "<url><loc>/ur/news/2/x</loc></url>" * (cap // 20) + "</urlset>", "application/xml"),
        "/zip-bomb.xml.gz": (gzip.compress(f"{urlset}<url><loc>/x</loc></url>".encode() + b" " * (cap * 10)),
                             "application/x-gzip"),
        "/not-xml.xml": ("<html><body><h1>404</h1></body></html>", "text/html; charset=utf-8"),
        "/broken.xml": (f"{urlset}<url><loc>{first}</loc></url><url><lo", "application/xml"),  # cut mid-tag
        "/ur/rss": (BOMB_DOCTYPE + '<rss version="2.0"><channel><title>&e9;</title></channel></rss>',
                    "application/rss+xml"),
    }
    server = serve(without_listings(tmp_path / "site", **hostile))
    result = crawl(server, tmp_path, "-s", f"NEWSCRAWL_DISCOVERY_MAX_BYTES={cap}")
    stats = result.report["stats"]
    assert stats["newscrawl/discovery/entities_ignored"] == 2  # the sitemap and the feed; nothing expanded
    assert stats["newscrawl/discovery/failed/too_large"] == 1  # huge.xml: the download was cut at the cap
    assert not any(key.startswith("newscrawl/errors/") for key in stats)  # no page of the site failed
    assert stats["newscrawl/discovery/too_large"] == 1  # the gzip bomb, stopped while inflating
    assert stats["newscrawl/discovery/invalid_sitemap"] == 1  # not XML
    assert stats["newscrawl/discovery/empty_feed"] == 1  # the bomb feed, read without its entities: no item
    # the good index still leads to every article; the broken file's complete entry was read too
    syndicated = expected["cases"]["syndicated"]["article_ids"][1]
    assert {r["article_id"] for r in result.records} == {a["article_id"] for a in expected["articles"]} - {syndicated}
    assert "/ur/news/1/" not in "".join(paths(server))  # the bomb's entry was not expanded into a URL
    assert result.report["summary"] is not None


def test_since_must_be_a_date():
    assert parse_since("2025-01-01").isoformat() == "2025-01-01T00:00:00+00:00"
    with pytest.raises(ConfigError, match="since must be a date"):
        parse_since("last week")


def test_cron_reads_sitemaps_and_feeds_only_since_its_last_healthy_run(mirror, tmp_path):
    from tests.cron.test_cron import cron, runs

    data = tmp_path / "data"
    assert cron(data, mirror.base_url).returncode == 0
    first = runs(data)[0][2]["stats"]
    assert "newscrawl/discovery/older_than_since" not in first  # a first run reads every entry
    assert first["newscrawl/discovery/sitemap_links"] > 0
    time.sleep(1.1)  # run files are stamped to the second
    assert cron(data, mirror.base_url).returncode == 0
    second = runs(data)[-1][2]["stats"]
    # every mirror entry is dated long before the first run: none is read again, no old sitemap fetched
    assert "newscrawl/discovery/sitemap_links" not in second and "newscrawl/discovery/feed_links" not in second
    assert second["newscrawl/discovery/older_than_since"] > 0
    assert sum(1 for path in mirror.requests if path == "/sitemaps/articles-2025.xml") == 1
