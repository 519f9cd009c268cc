"""Golden output of ``parse_article``: record it before an extraction change, compare after.

    .venv/bin/python -m benchmarks.extract_golden --write /tmp/before.json
    ... change the extraction ...
    .venv/bin/python -m benchmarks.extract_golden --compare /tmp/before.json

Every page below goes through ``IslamTimesSpider.parse_article`` twice (a spider on the
live site's hosts and one on a mirror's ``base_url``); what is recorded per page is
everything the callback yields (items without ``crawled_at``, requests with their
meta) and the stats it counted. The comparison prints each page and field that changed,
so an optimization can show it changed nothing, and a fix can show what it changed.

Pages: every route of the bundled mirror; the shared reference article and listing;
every saved real home page; the hand-written templates of tests/extract/test_unseen_templates;
hostile bodies; 300 synthetic articles; and real-weight pages (every mirror article
inside the chrome of each home page of ``devtools.mirror.heavy.CHROME_SITES``).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.utils.test import get_crawler

from benchmarks.common import PROJECT
from newscrawl.crawler.items import ArticleItem
from devtools.mirror.heavy import CHROME_SITES, REALPAGES, load_chrome
from newscrawl.spiders.islamtimes import IslamTimesSpider

SITE = PROJECT / "fixtures" / "site"
SHARED = REALPAGES.parent
MIRROR = "http://127.0.0.1:8000"
LIVE = "https://www.islamtimes.com"
HTML = "text/html; charset=utf-8"
Page = tuple[str, str, bytes, str]  # (name, url, body, content type)


def mirror_pages() -> Iterator[Page]:
    routes = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))["routes"]
    for path, route in sorted(routes.items()):
        yield f"mirror{path}", MIRROR + path, (SITE / route["file"]).read_bytes(), route["content_type"]


def shared_pages() -> Iterator[Page]:
    for name in ("islamtimes-article.html", "islamtimes-listing.html"):
        yield f"reference/{name}", f"{LIVE}/ur/news/1211873/x", (SHARED / "reference" / name).read_bytes(), HTML
    for path in sorted(REALPAGES.glob("*.html")):
        yield f"realpages/{path.name}", f"{LIVE}/ur/news/1/{path.stem}", path.read_bytes(), "text/html"


def template_pages() -> Iterator[Page]:
    sys.path[:0] = [str(PROJECT), str(PROJECT / "tests")]
    from tests.extract import test_unseen_templates as templates  # noqa: PLC0415 - a dev tool reads the test pages

    for name in ("WORDPRESS_LIKE", "LEGACY_ONE_CELL", "COLONLESS_LABELS"):
        yield f"template/{name}", f"{LIVE}/ur/news/1200000/x", getattr(templates, name).encode(), HTML


def hostile_pages() -> Iterator[Page]:
    article = (SHARED / "reference" / "islamtimes-article.html").read_bytes()
    url = f"{LIVE}/ur/news/1211873/x"
    at = article.index(b"<p>")
    yield "hostile/empty", url, b"", HTML
    yield "hostile/garbage", url, bytes((i * 7919) % 251 for i in range(20_000)), HTML
    yield "hostile/nul", url, article.replace(b"<p>", b"<p>\x00", 2), HTML
    yield "hostile/invalid_utf8", url, article[:at] + b"\xff\xfe\xc3\x28 " + article[at:], HTML
    yield "hostile/truncated", url, article[: len(article) // 2], HTML
    yield "hostile/text_only", url, "صرف متن، کوئی ٹیگ نہیں".encode(), HTML
    yield "hostile/deep", url, article[:at] + b"<div>" * 3000 + article[at:] + b"</div>" * 3000, HTML
    yield "hostile/charset_conflict", url, article, "text/html; charset=windows-1256"


def synthetic_pages(count: int = 300) -> Iterator[Page]:
    from devtools.mirror.synthetic import FIRST_ID, SyntheticSite  # noqa: PLC0415

    site = SyntheticSite(20_000)
    for offset in range(count):
        article_id = FIRST_ID + offset * 61
        yield f"synthetic/{article_id}", f"{MIRROR}/ur/news/{article_id}/x", site.render_article(article_id), HTML


def heavy_pages() -> Iterator[Page]:
    expected = json.loads((PROJECT / "fixtures" / "expected" / "articles.json").read_text(encoding="utf-8"))
    routes = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))["routes"]
    for site in CHROME_SITES:
        chrome = load_chrome(site)
        for record in expected["articles"]:
            route = routes[record["path"]]
            text = HtmlResponse(url=MIRROR, body=(SITE / route["file"]).read_bytes(),
                                headers={"Content-Type": route["content_type"]}).text
            yield f"heavy/{site}{record['path']}", MIRROR + record["path"], chrome.wrap(text), HTML


def all_pages() -> Iterator[Page]:
    for source in (mirror_pages, shared_pages, template_pages, hostile_pages, synthetic_pages, heavy_pages):
        yield from source()


def make_spider(base_url: str | None) -> IslamTimesSpider:
    crawler = get_crawler(IslamTimesSpider)
    spider = IslamTimesSpider.from_crawler(crawler, **({"base_url": base_url} if base_url else {}))
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider


def _plain(value: Any) -> Any:
    if isinstance(value, Request):
        return {"request": value.url, "callback": getattr(value.callback, "__name__", None),
                "meta": {k: v for k, v in value.meta.items() if isinstance(v, (str, int, bool))}}
    if isinstance(value, ArticleItem):
        return {key: value[key] for key in sorted(value) if key != "crawled_at"}
    return repr(value)


def record(spider: IslamTimesSpider, url: str, body: bytes, content_type: str) -> dict[str, Any]:
    stats = spider.crawler.stats
    stats.clear_stats()
    response: Response = HtmlResponse(url=url, body=body, headers={"Content-Type": content_type})
    if "html" not in content_type:
        response = TextResponse(url=url, body=body, headers={"Content-Type": content_type})
    output = [_plain(value) for value in spider.parse_article(response)]
    return {"output": output, "stats": dict(sorted(stats.get_stats().items()))}


def golden() -> dict[str, Any]:
    logging.disable(logging.WARNING)
    spiders = {"live": make_spider(None), "mirror": make_spider(MIRROR)}
    result: dict[str, Any] = {}
    for name, url, body, content_type in all_pages():
        for spider_name, spider in spiders.items():
            result[f"{name} [{spider_name}]"] = record(spider, url, body, content_type)
    return result


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """One line per page and field that differs."""
    lines = []
    for page in sorted(set(before) | set(after)):
        old, new = before.get(page), after.get(page)
        if old == new:
            continue
        if old is None or new is None:
            lines.append(f"{page}: only {'after' if old is None else 'before'}")
            continue
        if old["stats"] != new["stats"]:
            keys = sorted(set(old["stats"]) | set(new["stats"]))
            diff = {k: (old["stats"].get(k), new["stats"].get(k)) for k in keys if old["stats"].get(k) != new["stats"].get(k)}
            lines.append(f"{page}: stats {diff}")
        for index, (o, n) in enumerate(zip(old["output"], new["output"], strict=False)):
            if o == n:
                continue
            if isinstance(o, dict) and isinstance(n, dict) and "request" not in o:
                for key in sorted(set(o) | set(n)):
                    if o.get(key) != n.get(key):
                        lines.append(f"{page}: {key}\n    before: {str(o.get(key))[:300]}\n    after:  {str(n.get(key))[:300]}")
            else:
                lines.append(f"{page}: output[{index}] {o} -> {n}")
        if len(old["output"]) != len(new["output"]):
            lines.append(f"{page}: {len(old['output'])} outputs -> {len(new['output'])}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="record the golden output here")
    group.add_argument("--compare", type=Path, help="compare today's output with this recording")
    args = parser.parse_args()
    now = golden()
    if args.write:
        args.write.write_text(json.dumps(now, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{len(now)} page runs recorded in {args.write}")
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    lines = compare(before, json.loads(json.dumps(now, ensure_ascii=False)))
    print("\n".join(lines) if lines else f"identical: {len(now)} page runs")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
