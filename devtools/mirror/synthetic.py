"""A large synthetic Islam Times mirror, rendered on demand, for throughput and memory benchmarks.

``python -m devtools.mirror.synthetic --articles 20000 --port 0`` prints its base URL
on the first line and serves until killed:

- ``/ur/`` and ``/ur/archive?page=N``: listing pages, ``PER_PAGE`` article links each,
  newest id first, with ``rel=next`` and an "اگلا صفحہ" link to the next page;
- ``/ur/news/<id>/<slug>``: an article in the reference page's layout (build.py's
  ``render_modern``), any slug accepted;
- everything else: 404.

``--access-log FILE`` appends every requested path to FILE (tests check what a crawl
fetched); ``--delay SECONDS`` makes each article page answer that much later, as a
polite crawl of a real site is bound by latency (``benchmarks/bench_redis.py``).

With ``--chrome`` every article page is real-weight (100-280 KB): the article inside the
home-page chrome of a real site (``devtools.mirror.heavy``; the site chosen by the id).

Every page is a pure function of its id: headline, lead, paragraphs, keywords and
related links are drawn from the corpus sentences (fixtures/source/articles.json)
with ``random.Random(id)``. Nothing is pre-rendered; the sentence pool is the only
state. Threaded HTTP/1.1 with keep-alive, so a crawler at 16 connections is not
waiting on the server (``python -m benchmarks.bench_crawl`` measures it alone).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from devtools.mirror.article import FIXTURES, Article, slug
from devtools.mirror.templates import listing_page, render_modern
from devtools.mirror.heavy import CHROME_SITES, load_chrome
from devtools.mirror.server import serve_until_interrupted

FIRST_ID = 2_000_000
PER_PAGE = 50
ARTICLE_PATH = re.compile(r"^/ur/news/(\d+)(?:/|$)")


class SyntheticSite:
    """Articles ``FIRST_ID .. FIRST_ID + articles - 1`` and the archive pages listing them."""

    def __init__(
        self, articles: int, corpus: Path = FIXTURES / "source" / "articles.json", chrome: bool = False
    ) -> None:
        self.articles = articles
        self.chromes = [load_chrome(site) for site in CHROME_SITES] if chrome else []
        data = json.loads(corpus.read_text(encoding="utf-8"))
        self.headlines = [a["headline"] for a in data]
        self.leads = [a["lead"] for a in data]
        self.sources = sorted({a["source"] for a in data if a["source"]})
        self.keywords = sorted({k for a in data for k in a["keywords"]})
        self.sentences = sorted(
            {s.strip() + "۔" for a in data for p in a["paragraphs"] for s in p.split("۔") if len(s.strip()) > 20}
        )
        self.pages = (articles + PER_PAGE - 1) // PER_PAGE

    def exists(self, article_id: int) -> bool:
        return FIRST_ID <= article_id < FIRST_ID + self.articles

    def article(self, article_id: int, with_related: bool = True) -> Article:
        """The article with this id, always the same."""
        rng = random.Random(article_id)
        day = date(2020, 1, 1) + timedelta(days=(article_id - FIRST_ID) // 10)
        headline = f"{rng.choice(self.headlines)} ({article_id})"
        paragraphs = [
            " ".join(rng.choice(self.sentences) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 7))
        ]
        related = []
        if with_related:
            for _ in range(rng.randint(0, 3)):
                other = FIRST_ID + rng.randrange(self.articles)
                if other != article_id and str(other) not in related:
                    related.append(str(other))
        data: dict[str, Any] = {
            "id": str(article_id),
            "kind": "news",
            "section": "pakistan",
            "headline": headline,
            "date": day.isoformat(),
            "time": f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}",
            "lead": rng.choice(self.leads),
            "paragraphs": paragraphs,
            "source": rng.choice(self.sources) if rng.random() < 0.7 else "",
            "keywords": rng.sample(self.keywords, k=rng.randint(0, 5)),
            "read_also": related,
        }
        return Article(data, "modern", f"/ur/news/{article_id}/{slug(headline)}")

    def render_article(self, article_id: int) -> bytes:
        article = self.article(article_id)
        by_id = {r: self.article(int(r), with_related=False) for r in article.data["read_also"]}
        html = render_modern(article, by_id)[0]
        if self.chromes:
            return self.chromes[article_id % len(self.chromes)].wrap(html)
        return html.encode("utf-8")

    def render_listing(self, page: int) -> bytes:
        newest = FIRST_ID + self.articles - 1 - (page - 1) * PER_PAGE
        ids = range(newest, max(newest - PER_PAGE, FIRST_ID - 1), -1)
        entries = [self.article(i, with_related=False) for i in ids]
        next_path = f"/ur/archive?page={page + 1}" if page < self.pages else None
        return listing_page(f"تازہ ترین - صفحہ {page}", entries, f"/ur/archive?page={page}", next_path).encode("utf-8")

    def lookup(self, target: str) -> bytes | None:
        parts = urlsplit(target)
        match = ARTICLE_PATH.match(parts.path)
        if match:
            article_id = int(match.group(1))
            return self.render_article(article_id) if self.exists(article_id) else None
        if parts.path == "/ur/":
            return self.render_listing(1)
        if parts.path == "/ur/archive":
            page = dict(parse_qsl(parts.query)).get("page", "1")
            if page.isdigit() and 1 <= int(page) <= self.pages:
                return self.render_listing(int(page))
        return None


class SyntheticHandler(BaseHTTPRequestHandler):
    server: "SyntheticServer"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.server.record(self.path)
        if self.server.delay and ARTICLE_PATH.match(self.path):
            time.sleep(self.server.delay)
        body = self.server.site.lookup(self.path)
        status = 200
        if body is None:
            status, body = 404, b"<h1>404 Not Found</h1>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


class SyntheticServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self, articles: int, port: int = 0, access_log: Path | None = None, delay: float = 0.0, chrome: bool = False
    ) -> None:
        self.site = SyntheticSite(articles, chrome=chrome)
        self.access_log = access_log.open("a", encoding="utf-8") if access_log else None
        self.delay = delay
        self._log_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), SyntheticHandler)

    def record(self, target: str) -> None:
        if self.access_log is not None:
            with self._log_lock:
                self.access_log.write(target + "\n")
                self.access_log.flush()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000, help="number of article pages (default 20000)")
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--access-log", type=Path, help="append every requested path to this file")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds each article page waits before answering")
    parser.add_argument(
        "--chrome", action="store_true", help="real-weight article pages: each inside a real home page's chrome"
    )
    args = parser.parse_args(argv)
    server = SyntheticServer(args.articles, args.port, args.access_log, args.delay, chrome=args.chrome)
    return serve_until_interrupted(server, server.base_url)


if __name__ == "__main__":
    sys.exit(main())
