"""Smoke test of the benchmarks at tiny scale: each runs and yields its result keys.

No timing is asserted here, ever: speed is measured as ratios by ``python -m benchmarks.run``.
"""

from __future__ import annotations

import gc
import json

import pytest
from shared_pages import shared_file

from benchmarks import bench_dates, bench_extract, bench_gates, bench_seen_store, bench_status, run
from devtools.mirror.synthetic import SyntheticSite

ROW_KEYS = {"benchmark", "measure", "value", "unit", "baseline", "ratio", "target", "passed"}


@pytest.mark.parametrize("bench", [bench_extract, bench_dates, bench_gates, bench_seen_store, bench_status])
def test_in_process_benchmarks_produce_rows(bench):
    result = bench.run(quick=True)
    assert result["rows"]
    for row in result["rows"]:
        assert ROW_KEYS <= row.keys()


def test_dates_fast_path_agrees_with_dateparser():
    assert bench_dates.run(quick=True)["mismatches"] == []


def test_synthetic_site_is_deterministic_and_parseable():
    site, again = SyntheticSite(200), SyntheticSite(200)
    page = site.lookup("/ur/news/2000007/any-slug")
    assert page == again.lookup("/ur/news/2000007/other") and b'class="news-title"' in page
    assert site.lookup("/ur/news/2000200/x") is None  # past the last id
    listing = site.lookup("/ur/archive?page=4")
    assert listing.count(b'class="headline"') == 50 and b"page=5" not in listing


def test_runner_writes_json_and_table(tmp_path, capsys):
    out = tmp_path / "latest.json"
    assert run.main(["--quick", "--only", "dates,seen_store", "--json", str(out)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert {"date", "machine", "rows", "benchmarks"} <= results.keys()
    assert "| dates |" in capsys.readouterr().out


def test_crawl_and_memory_benchmarks_run_against_the_synthetic_mirror():
    from benchmarks import bench_crawl, bench_memory

    crawl = bench_crawl.run(quick=True)
    assert crawl["ours"]["response_received_count"] > 0 and crawl["scrapy_bench"]["response_received_count"] > 0
    memory = bench_memory.run(quick=True)
    assert memory["large"]["scraped"] >= 1000 and memory["small"]["peak_rss_mb"] > 0


def test_real_weight_synthetic_mirror_wraps_articles_in_real_chrome():
    plain, heavy = SyntheticSite(200), SyntheticSite(200, chrome=True)
    page = heavy.lookup("/ur/news/2000007/any-slug")
    assert page == SyntheticSite(200, chrome=True).lookup("/ur/news/2000007/x")  # deterministic
    assert 95_000 < len(page) < 300_000 and len(plain.lookup("/ur/news/2000007/x")) < 20_000
    assert b'class="news-title"' in page and page.count(b"<title>") == 1


def test_heavy_crawl_benchmark_runs_ours_and_the_bare_spider():
    from benchmarks import bench_crawl

    crawl = bench_crawl.run_heavy(quick=True)
    assert crawl["ours"]["response_received_count"] > 0 and crawl["bare"]["response_received_count"] > 0
    assert crawl["rows"][0]["ratio"] > 0


def test_accuracy_benchmark_scores_real_pages_against_trafilatura_and_htmldate():
    from benchmarks import bench_accuracy

    shared_file("realpages-dev", "MANIFEST.tsv")  # one clear failure when ../shared is absent
    result = bench_accuracy.run(limit=4)
    assert result["pages"] == 4 and result["rows"]
    for line in result["rows"]:
        assert ROW_KEYS <= line.keys()
    body = result["total"]["body"]
    assert body["trafilatura"]["pages"] == 4 and body["trafilatura"]["f1"] > 0.8  # real articles, full keys
    assert set(result["total"]["date"]) == {"newscrawl", "htmldate", "htmldate_original"}
    assert result["cpu_ratio"] > 0 and "| fundus | 4 |" in bench_accuracy.report(result)


def test_benchmarks_run_keeps_the_dev_pages_text_out_of_its_results_file(monkeypatch):
    """benchmarks.run writes results/latest.json, which is committed: no fetched page's text in it."""
    import argparse

    from benchmarks import bench_accuracy, run

    page_text = {"page": "fundus/x", "body": {"newscrawl": "the text of somebody's article"}}
    monkeypatch.setattr(bench_accuracy, "run", lambda quick=False: {"pages": 1, "results": [page_text], "rows": []})
    result = run.run_one("accuracy", argparse.Namespace(quick=False))
    assert result == {"pages": 1, "rows": []}


def test_accuracy_scorer_reads_keys_as_the_public_benchmark_does():
    from benchmarks.scoring import body_scores, same_day, same_headline, shingle_match

    text = "one two three four five six"
    assert shingle_match(text, text) == (1.0, 0.0, 0.0)
    assert shingle_match(text, "seven eight nine ten") == (0.0, 0.25, 0.75)  # 1 shingle against 3
    assert body_scores([shingle_match(text, text), shingle_match(text, "")])["recall"] == 0.5
    assert same_headline("The Headline, Again", "the headline again") and not same_headline("A B", "A")
    # a moment is compared in the key's own offset; a bare day as written
    assert same_day("2024-05-03T23:30:00+00:00", "2024-05-04T01:30:00+02:00")
    assert not same_day("2024-05-03T23:30:00+00:00", "2024-05-04") and same_day(
        "2024-05-03", "2024-05-03T09:00:00+05:00"
    )
    assert not same_day("2024-05-03", None)


def test_accuracy_benchmark_says_so_when_the_dev_set_is_absent(tmp_path, monkeypatch):
    from benchmarks import bench_accuracy, devset

    monkeypatch.setattr(devset, "DEVSET", tmp_path / "realpages-dev")
    result = bench_accuracy.run()
    assert "realpages-dev is missing" in result["missing"] and result["rows"][0]["baseline"] == "missing"


def test_stories_benchmark_scores_the_labelled_set_and_measures_two_sizes():
    from benchmarks import bench_stories

    result = bench_stories.run(2000, quick=True)
    assert set(result["accuracy"]) == {"story", "copy"}
    assert set(result["runs"]) == {200, 2000} and all(r["cpu_seconds"] > 0 for r in result["runs"].values())
    assert result["runs"][2000]["joined"] > 0  # the generated copies join their stories
    assert all(ROW_KEYS <= row.keys() for row in result["rows"])


def test_extraction_profile_adds_up_to_the_whole_and_leaves_the_collector_as_it_was():
    from benchmarks import profile_extract

    callbacks = list(gc.callbacks)
    result = profile_extract.profile(rounds=1, limit=2)
    assert gc.callbacks == callbacks and gc.isenabled()
    assert sum(result["shares"].values()) == pytest.approx(1.0)
    assert result["shares"]["the walk (walk_page)"] > 0
    assert "| **parse_article**, 2 real-weight pages x 1 | 100% |" in profile_extract.table(result)


def test_crawl_profile_gives_each_sample_to_the_innermost_part_on_its_stack():
    from benchmarks import profile_crawl

    loop = "_run_module_as_main (<frozen runpy>:198);AsyncCrawlerProcess.start (/v/scrapy/crawler.py:1);BaseEventLoop._run_once (/p/asyncio/base_events.py:1922)"
    samples = "\n".join(
        [
            f"thread (7): MainThread;{loop};NewsSpider.parse_article (/w/newscrawl/spiders/base.py:246);walk_page (/w/newscrawl/extract/walk.py:200) 5",
            # a function of no part (newscrawl/rules) counts for the part that called it
            f"thread (7);{loop};GatesPipeline.process_item (/w/newscrawl/pipelines/gates.py:40);tokens (/w/newscrawl/rules/blocks.py:31) 3",
            f"thread (7);{loop};Crawler.crawl_async (/v/scrapy/crawler.py:150);Crawler._create_engine (/v/scrapy/crawler.py:99) 2",
            "thread (7);_run_module_as_main (<frozen runpy>:198);<module> (/v/scrapy/__main__.py:5) 1",
            "thread (7): MainThread 1",  # the interpreter exiting: no Python frame
            "thread (9): ThreadPool;Thread._bootstrap (/p/threading.py:1002);Condition.wait (/p/threading.py:320) 40",
            # a worker thread parsing an article page (ParseAhead), beside the main thread
            "thread (9): ThreadPool;Thread._bootstrap (/p/threading.py:1002);parse_html (/w/newscrawl/extract/page.py:69);"
            "create_root_node (/v/parsel/selector.py:144) 6",
        ]
    )
    result = profile_crawl.summarize(samples)
    parts = {name: count for name, count in result["parts"].items() if count}
    assert parts == {
        profile_crawl.START: 4,
        "the extraction walk (walk_page)": 5,
        "quality gates (GatesPipeline)": 3,
        profile_crawl.PARSED_AHEAD: 6,
    }
    assert result["total"] == 18  # the pool thread's 40 waiting samples are no work of the crawl's


def test_crawl_profile_adds_up_to_the_whole_crawl_process():
    from benchmarks import profile_crawl

    result = profile_crawl.run(quick=True)
    assert result["responses"] >= 12 and result["items"] > 0
    assert sum(result["parts"].values()) == pytest.approx(result["total"])
    assert result["parts"][profile_crawl.START] > 0 and result["parts"]["the extraction walk (walk_page)"] > 0
    assert sum(r["value"] for r in result["rows"] if r["unit"] == "%") == pytest.approx(100, abs=0.5)
    assert result["bare_cpu_ms_per_page"] != 0 and ROW_KEYS <= result["rows"][-1].keys()
    assert "| **the crawl process**, " in result["table"]
