"""Smoke test of the WARC benchmark's material (no timing): real-weight pages, and a WARC of them."""

from __future__ import annotations

from benchmarks import bench_warc
from newscrawl.warc.reader import ReadCounts, read_responses
from tests.shared_pages import shared_file


def test_real_weight_pages_are_articles_in_real_chrome_and_read_back(tmp_path):
    shared_file("realpages", "express.pk.html")  # the chrome comes from the team's shared pages
    pages = bench_warc.heavy_pages(10)
    assert len({url for url, _ in pages}) == 10 and all(url.startswith(bench_warc.HOST + "/ur/news/") for url, _ in pages)
    assert all(60_000 <= len(body) <= 320_000 for _, body in pages)  # real weight, not a 5 KB template
    path = tmp_path / "pages.warc.gz"
    bench_warc.write_warc(pages, path)
    counts = ReadCounts()
    read = list(read_responses(path, lambda *_: True, counts))
    assert [page.body for page in read] == [body for _, body in pages] and counts.damaged == []
