"""Cron health when the site changed: exit 4 with a one-line reason, from real runs on the mirror."""

from __future__ import annotations

import json
import re
import shutil

from newscrawl.rules.exitcodes import EXIT_LAYOUT
from devtools.mirror.server import serving
from tests.cron.test_cron import article_routes, cron, runs, site_copy


def test_a_mirror_whose_articles_all_became_shells_exits_4_with_no_record(tmp_path):
    data = tmp_path / "data"
    with serving(all_shells=True) as server:
        result = cron(data, server.base_url)
    assert result.returncode == EXIT_LAYOUT, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert re.search(r"layout changed: (\d+) of \1 article pages yielded no article \(", line), line
    (_, records, report), = runs(data)
    assert records == [] and report["run"]["records_written"] == 0
    assert not list((data / "islamtimes").glob("*.jsonl"))  # 0 records written
    dropped = report["run"]["dropped"]
    assert dropped.get("boilerplate_body", 0) + dropped.get("site_name_headline", 0) >= 40
    assert (data / "islamtimes" / "furniture.json").exists()  # the chrome is remembered for the next run


def test_a_field_the_site_always_filled_that_vanishes_names_the_field(tmp_path):
    # run 1 on the mirror as it is: the site's habits (keywords on most pages) go into coverage.json
    before = tmp_path / "before"
    with serving() as server:
        first = cron(before, server.base_url)
    assert first.returncode == 0, first.stderr
    history = json.loads((before / "islamtimes" / "coverage.json").read_text(encoding="utf-8"))["runs"]
    was = history[-1]["coverage"]["keywords"]
    assert was >= 0.8
    (_, _, report), = runs(before)
    assert report["run"]["coverage"]["keywords"] == {"now": was, "before": None}
    # run 2: the same site, its keywords gone from every page (history carried, seen-store not)
    after = tmp_path / "after"
    (after / "islamtimes").mkdir(parents=True)
    shutil.copy(before / "islamtimes" / "coverage.json", after / "islamtimes" / "coverage.json")
    site = site_copy(tmp_path)
    for route in article_routes(site).values():
        page = site / route["file"]
        html = page.read_bytes()
        html = re.sub(rb'<meta name="keywords"[^>]*>', b"", html)
        html = re.sub(rb'<(div|dd|p)[^>]*class="(news-tags|tags|keywords)"[^>]*>.*?</\1>', b"", html, flags=re.S)
        html = re.sub("کلیدی لفظ".encode(), "لفظ".encode(), html)
        html = re.sub(rb'"keywords":\s*\[[^\]]*\],?', b"", html)
        page.write_bytes(html)
    with serving(site) as server:
        second = cron(after, server.base_url)
    (_, records, report), = runs(after)
    assert sum(1 for r in records if r["keywords"]) < len(records) / 2, [r["keywords"] for r in records][:5]
    assert second.returncode == EXIT_LAYOUT, second.stderr
    now = sum(1 for r in records if r["keywords"]) / len(records)  # a few templates keep them elsewhere
    assert f"layout changed: keywords on {now:.0%} of pages, was {was:.0%}" in second.stderr
    assert report["run"]["coverage"]["keywords"]["before"] == was
    assert report["run"]["coverage"]["headline"] == {"now": 1.0, "before": 1.0}
