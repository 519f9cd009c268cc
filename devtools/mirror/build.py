"""Build the bundled mirror site (fixtures/site) from the article corpus.

``python -m devtools.mirror.build`` renders ``fixtures/source/articles.json``
(the ground truth: what a reader sees on each page) through several page
templates in the Islam Times style, each marking up the same facts
differently, so that extraction is tested against layout variety rather than
one class name. It also writes ``fixtures/expected/articles.json``: the record
each article page must yield, derived from the corpus, never from the crawler.

Deterministic: the same corpus gives byte-identical files (a test checks that
the committed mirror equals a fresh build).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from devtools.mirror import junk
from devtools.mirror.article import FIXTURES, LIVE, PAGE_SIZE, SECTIONS, Article, midnight, slug
from devtools.mirror.chrome import FOOTER, NAV  # noqa: F401 - the tests read the chrome from here
from devtools.mirror.templates import listing_page, render_jsonld, render_modern
from devtools.mirror.templates_legacy import render_entities, render_legacy, render_no_h1
from devtools.mirror.sitemaps import ROBOTS_LINES, add_sitemaps_and_feed

# Ids for pages that are not corpus articles.
MISSING_ID, BROKEN_ID, ROBOTS_ID, VIDEO_ID, SYNDICATED_ID = "1299001", "1299002", "1299003", "1299004", "1212901"

TEMPLATES = {
    "modern": render_modern,
    "jsonld": render_jsonld,
    "legacy": render_legacy,
    "no_h1": render_no_h1,
    "entities": render_entities,
}


# -- the site -------------------------------------------------------------------------------


def plan(corpus: list[dict[str, Any]]) -> list[Article]:
    """Assign each article a template and a URL; the edge cases are named here."""
    articles = []
    cycle = ["modern", "jsonld", "no_h1", "modern", "legacy", "jsonld"]
    for index, data in enumerate(corpus):
        template = "modern" if index < 2 else cycle[index % len(cycle)]
        kind = data["kind"]
        path = f"/ur/{kind}/{data['id']}/{slug(data['headline'])}"
        if template == "legacy":
            path = f"/ur/doc/news/{data['id']}/"
        articles.append(Article(data, template, path))
    # edge cases on particular articles
    articles[5].template = "entities"
    articles[7].template, articles[7].charset = "modern", "windows-1256"
    articles[9].lead_visible = False  # lead only in meta description (a "modern" page)
    return articles


def expected_record(
    article: Article, published_text: str, published_at: str | None, by_id: dict[str, Article]
) -> dict[str, Any]:
    data = article.data
    # the templates write a time to the second, or the day alone (its midnight UTC)
    precision = "day" if published_at == midnight(article.day) else "second"
    return {
        "path": article.path,
        "article_id": article.id,
        "template": article.template,
        "canonical_url": None if article.template == "legacy" else LIVE + article.path,
        "headline": data["headline"],
        "published_at": published_at,
        "published_precision": None if published_at is None else precision,
        "published_text": published_text,
        "summary": data["lead"],
        "body": "\n\n".join(data["paragraphs"]),
        "source": data["source"],
        "keywords": data["keywords"],
        "read_also": [{"path": by_id[r].path, "title": by_id[r].data["headline"]} for r in data["read_also"]],
    }


class Routes:
    """The mirror's routes as they are added: each body in ``site/files/NNN.<ext>``, numbered in order."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.routes: dict[str, dict[str, Any]] = {}
        (site / "files").mkdir(parents=True, exist_ok=True)
        for old in (site / "files").iterdir():
            old.unlink()

    def add(
        self, path: str, content: str | bytes, *, status: int = 200, content_type: str = "text/html; charset=utf-8"
    ) -> None:
        number = len(self.routes)
        name = (
            f"{number:03d}.html"
            if isinstance(content, str) or content_type.startswith("text/html")
            else f"{number:03d}.bin"
        )
        if content_type.startswith("text/plain"):
            name = f"{number:03d}.txt"
        elif "xml" in content_type:
            name = f"{number:03d}.xml"
        data = content.encode("utf-8") if isinstance(content, str) else content
        (self.site / "files" / name).write_bytes(data)
        self.routes[path] = {"file": f"files/{name}", "status": status, "content_type": content_type}

    def text(self, path: str) -> str:
        return (self.site / self.routes[path]["file"]).read_text(encoding="utf-8")


def build(corpus_path: Path, out: Path) -> dict[str, Any]:
    """Render the whole mirror into *out* (site/ and expected/); return the manifest."""
    articles = plan(json.loads(corpus_path.read_text(encoding="utf-8")))
    by_id = {article.id: article for article in articles}
    site = Routes(out / "site")
    expected = [_article_page(site, article, by_id) for article in articles]
    twin, original, copy = articles[2], articles[3], _syndicated_copy(articles[3])
    _odd_pages(site, twin, copy, by_id)

    def render_foreign(article_id: str, data: dict[str, Any], path: str) -> str:
        fields: dict[str, Any] = {"id": article_id, "date": "2025-03-20", "time": None, "source": None, "read_also": []}
        return render_modern(Article({**fields, **data}, "modern", path), by_id)[0]

    junk_pages = junk.junk_pages(render_foreign)  # served last (routes keep their file numbers)
    _listings(site, articles, _tricky_links(articles, twin, copy, junk_pages))
    for path, html, _ in junk_pages:
        site.add(path, html)
    add_sitemaps_and_feed(site.add, articles)  # robots.txt's sitemaps and the feed: devtools/mirror/sitemaps.py

    manifest = {"routes": dict(sorted(site.routes.items()))}
    (out / "site" / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out / "expected").mkdir(parents=True, exist_ok=True)
    cases = {
        "duplicate_url": {"article_id": twin.id, "paths": [twin.path, f"/ur/doc/news/{twin.id}/"]},
        "syndicated": {"article_ids": [original.id, SYNDICATED_ID]},
        "not_found": f"/ur/news/{MISSING_ID}/not-found",
        "server_error": f"/ur/news/{BROKEN_ID}/server-error",
        "robots_disallowed": f"/ur/news/{ROBOTS_ID}/private",
        "video": f"/ur/doc/video/{VIDEO_ID}/",
        "tracking": articles[4].path,
        "windows_1256": articles[7].path,
        "entities": articles[5].path,
        "no_visible_lead": articles[9].path,
        "junk": {path: kind for path, _, kind in junk_pages},  # never a record (devtools/mirror/junk.py)
    }
    (out / "expected" / "articles.json").write_text(
        json.dumps({"articles": expected, "cases": cases}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def _article_page(site: Routes, article: Article, by_id: dict[str, Article]) -> dict[str, Any]:
    """Serve one corpus article in its template; the record it must yield."""
    html, published_text, published_at = TEMPLATES[article.template](article, by_id)
    if article.charset == "windows-1256":
        data = html.translate({ord("ی"): "ي"}).encode("cp1256", errors="xmlcharrefreplace")
        site.add(article.path, data, content_type="text/html; charset=windows-1256")
    else:
        site.add(article.path, html)
    return expected_record(article, published_text, published_at, by_id)


def _syndicated_copy(original: Article) -> Article:
    """The same text under another id (and, when served, another template)."""
    path = f"/ur/news/{SYNDICATED_ID}/{slug(original.data['headline'])}"
    return Article(dict(original.data, id=SYNDICATED_ID), "no_h1", path)


def _odd_pages(site: Routes, twin: Article, copy: Article, by_id: dict[str, Article]) -> None:
    """An article under a second URL, a syndicated copy, pages that are not articles, robots.txt."""
    site.add(f"/ur/doc/news/{twin.id}/", site.text(twin.path))  # its legacy address, served as a copy
    site.add(copy.path, TEMPLATES["no_h1"](copy, by_id)[0])
    site.add(f"/ur/news/{BROKEN_ID}/server-error", "<h1>Internal Server Error</h1>", status=500)
    site.add(f"/ur/doc/video/{VIDEO_ID}/", "<html><body><h1>ویڈیو</h1><video src='/v.mp4'></video></body></html>")
    site.add(
        f"/ur/news/{ROBOTS_ID}/private", "<html><body><h1>نجی صفحہ</h1><p>یہ صفحہ روبوٹس کے لیے نہیں۔</p></body></html>"
    )
    site.add(
        "/robots.txt",
        f"User-agent: *\nDisallow: /ur/news/{ROBOTS_ID}/\nDisallow: /ur/search\n" + ROBOTS_LINES,
        content_type="text/plain; charset=utf-8",
    )


def _tricky_links(articles: list[Article], twin: Article, copy: Article, junk_pages: list[Any]) -> str:
    """The home page's links that a crawler must handle with care (tracking, onclick, off-site, junk)."""
    return "\n".join(
        [
            '<div class="links">',
            f'<a href="{articles[4].path}?utm_source=twitter&amp;utm_campaign=x">tracking</a>',
            f"<span onclick=\"window.open('{articles[6].path}','_blank');\">onclick</span>",
            f'<a href="{articles[8].path.lstrip("/")}">no leading slash</a>',
            f'<a href="/ur/doc/news/{twin.id}/">legacy address</a>',
            f'<a href="{copy.path}">syndicated</a>',
            f'<a href="/ur/news/{MISSING_ID}/not-found">404</a>',
            f'<a href="/ur/news/{BROKEN_ID}/server-error">500</a>',
            f'<a href="/ur/news/{ROBOTS_ID}/private">robots</a>',
            f'<a href="/ur/doc/video/{VIDEO_ID}/">video</a>',
            '<a href="/en/news/1/english">English edition</a>',
            '<a href="https://www.example.com/ur/news/5/offsite">off-site</a>',
            '<a href="mailto:desk@islamtimes.com">mail</a> <a href="javascript:void(0)">js</a>',
            *(f'<a href="{path}">{kind}</a>' for path, _, kind in junk_pages),
            "</div>",
        ]
    )


def _listings(site: Routes, articles: list[Article], tricky: str) -> None:
    """The home page, the archive's pages and the two sections."""
    newest_first = sorted(articles, key=lambda a: (a.data["date"], a.id), reverse=True)
    site.add("/ur/", listing_page("صفحہ اول", newest_first[:10], "/ur/", "/ur/archive?page=2", tricky))
    pages = [newest_first[i : i + PAGE_SIZE] for i in range(0, len(newest_first), PAGE_SIZE)]
    for number, entries in enumerate(pages, start=1):
        next_path = f"/ur/archive?page={number + 1}" if number < len(pages) else None
        site.add(
            f"/ur/archive?page={number}", listing_page("تازہ ترین", entries, f"/ur/archive?page={number}", next_path)
        )
    for section in ("pakistan", "world"):
        entries = [a for a in newest_first if a.data["section"] == section]
        site.add(f"/ur/section/{section}", listing_page(SECTIONS[section], entries, f"/ur/section/{section}", None))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=FIXTURES / "source" / "articles.json")
    parser.add_argument("--out", type=Path, default=FIXTURES)
    args = parser.parse_args(argv)
    manifest = build(args.corpus, args.out)
    print(f"built {len(manifest['routes'])} routes into {args.out / 'site'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
