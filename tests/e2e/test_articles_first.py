"""Articles first: limits buy articles, not listing pages (the jang mirror: 189 pages, most of them listings).

Article requests go before sitemaps and feeds, and those before listing pages (request priorities in
newscrawl/spiders/discovery.py), so a user who asks for ten articles waits for ten articles.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.mirror.server import MirrorServer, serving
from devtools.mirror.sites import write_site
from tests.cli.test_cli import newscrawl
from tests.conftest import FAST, PROJECT

FAST_SET = [arg for setting in FAST for arg in ("--set", setting)]


@pytest.fixture
def jang(tmp_path: Path) -> Iterator[MirrorServer]:
    write_site("jang", tmp_path / "mirror")
    with serving(tmp_path / "mirror", access_log=tmp_path / "access.log") as server:
        yield server


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_ten_articles_cost_at_most_25_pages(tmp_path, jang):
    done = newscrawl("crawl", "jang", "--base-url", jang.base_url, "--max-articles", "10", "-o", "a.jsonl",
                     *FAST_SET, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(records(tmp_path / "a.jsonl")) == 10
    assert len(jang.requests) <= 25, jang.requests


def test_thirty_pages_give_at_least_ten_articles(tmp_path, jang):
    done = newscrawl("crawl", "jang", "--base-url", jang.base_url, "--max-pages", "30", "-o", "a.jsonl",
                     *FAST_SET, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(records(tmp_path / "a.jsonl")) >= 10


def test_cron_max_articles_means_what_crawl_max_articles_means(tmp_path, jang):
    command = [sys.executable, "-m", "newscrawl", "cron", "jang", "--base-url", jang.base_url,
               "--data-dir", str(tmp_path / "data"), "--max-articles", "1", *FAST_SET]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    [run] = list((tmp_path / "data" / "jang").glob("*.jsonl"))
    assert len(records(run)) == 1


def test_since_skips_what_the_sitemap_dates_older_before_fetching_it(tmp_path, jang):
    """The jang mirror's listing pages show no dates, its sitemap does: under --since, articles the sitemap
    dates earlier are not fetched even when a listing page links them (and nothing new is healthy)."""
    done = newscrawl("crawl", "jang", "--base-url", jang.base_url, "--since", "2030-01-01", "-o", "a.jsonl",
                     *FAST_SET, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not (tmp_path / "a.jsonl").exists()
    articles = [path for path in jang.requests if re.match(r"^/news/\d+/?$", path)]
    assert len(articles) <= 10, len(articles)  # of 73: at most a few raced the sitemap
