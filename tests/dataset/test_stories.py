"""Stories across outlets: the labelled set's precision and recall, the export's story table, loading it."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from export_helpers import CABINET, CHINA, CRICKET, RAIN, article, read_jsonl, run_export, write_run

from devtools.stories_set import SAME_TOPIC, cluster_records, labelled_pairs, reword, score, versions
from newscrawl.dataset.stories import DocumentFrequencies, StoryClusterer, content_words

HOUR = 3600 * 1_000_000


def test_labelled_set_precision_and_recall_at_both_levels() -> None:
    """The acceptance figure: pairs of the labelled set (copies, rewrites, same-day and same-topic others)."""
    records = versions()
    assert len(records) == 46 * 3
    scores = score(records, cluster_records([v.record for v in records]))
    for level, figures in scores.items():
        assert figures["precision"] >= 0.9 and figures["recall"] >= 0.9, (level, figures)
    positives = sum(same for *_, same, _ in labelled_pairs(records))
    assert positives == 46 * 3  # three versions of each story: three pairs each


def test_stories_on_one_topic_and_day_stay_apart() -> None:
    by_id = {v.story: v.record for v in versions() if v.kind == "original"}
    for first, second in SAME_TOPIC:
        pair = [by_id[first], {**by_id[second], "published_at": by_id[first]["published_at"]}]
        assert len({story for story, _ in cluster_records(pair)}) == 2, (first, second)


def test_window_undated_and_order() -> None:
    text = "پاکستان اور چین کے درمیان اقتصادی راہداری کے نئے منصوبوں پر دستخط کیے گئے اور وفود نے اتفاق کیا"
    frequencies = DocumentFrequencies()
    for _ in range(3):
        frequencies.add(text)
    clusterer = StoryClusterer(frequencies, window_us=72 * HOUR)
    assert clusterer.add(text, 0).story == 0
    assert clusterer.add(text, 71 * HOUR).story == 0  # within the window of the first
    assert clusterer.add(text, 73 * HOUR).story == 1  # the first is too old: a new story
    assert clusterer.add(text, None).story == 2  # undated: alone
    with pytest.raises(ValueError, match="publish order"):
        clusterer.add(text, 1)


def test_content_words_drop_function_words_and_fold_digits() -> None:
    assert content_words("حکومت نے ۲۰۲۵ میں کہا کہ اور") == ["حکومت", "2025", "کہا"]


# Three outlets: a wire story copied verbatim by one and rewritten by another, a story only one told.
RUN = [
    article(1, CABINET, headline="وفاقی کابینہ کا اجلاس", published="2025-03-01T09:00:00+00:00"),
    article(2, CABINET, headline="وفاقی کابینہ کا اجلاس", site="express", host="www.express.pk",
            published="2025-03-01T10:30:00+00:00"),  # the same text: kept, a copy
    article(3, [reword(" ".join(CABINET[:12]))], headline="کابینہ نے کمیٹی بنا دی", site="jang", host="jang.com.pk",
            published="2025-03-01T13:00:00+00:00"),  # reworded and cut: a rewrite
    article(4, CHINA + CRICKET, published="2025-03-01T09:30:00+00:00"),
    article(5, RAIN, site="express", host="www.express.pk", published="2025-03-02T08:00:00+00:00"),
    article(6, CABINET[:4], headline="وفاقی کابینہ کا اجلاس", published="2025-03-09T09:00:00+00:00"),  # a week on
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stories")
    write_run(root / "data" / "run.jsonl", RUN)
    status, stats = run_export(root / "data", root / "ds", "--stories")
    assert status == 0 and stats is not None
    return root / "ds"


def test_export_keeps_every_record_and_gives_it_a_story(exported: Path) -> None:
    rows = read_jsonl(exported)
    assert sorted(r["article_id"] for r in rows) == ["1", "2", "3", "4", "5", "6"]  # the copy is not merged
    story = {r["article_id"]: r["story_id"] for r in rows}
    assert story["1"] == story["2"] == story["3"]
    assert len({story["1"], story["4"], story["5"], story["6"]}) == 4


def test_story_table_first_outlet_lags_and_levels(exported: Path) -> None:
    with gzip.open(exported / "stories.jsonl.gz", "rt", encoding="utf-8") as stream:
        table = [json.loads(line) for line in stream]
    assert len(table) == 1
    story = table[0]
    assert story["first_site"] == "islamtimes" and story["outlets"] == 3 and story["records"] == 3
    assert story["headline"] == "وفاقی کابینہ کا اجلاس"
    assert story["outlet_lags"] == [{"site": "express", "lag_seconds": 5400}, {"site": "jang", "lag_seconds": 14400}]
    levels = {m["site"]: m["level"] for m in story["members"]}
    assert levels == {"islamtimes": "copy", "express": "copy", "jang": "rewrite"}
    jang = next(m for m in story["members"] if m["site"] == "jang")
    assert 0.33 <= jang["similarity"] < 1.0 and jang["copy_overlap"] < 0.8


def test_card_and_stats_describe_the_stories(exported: Path) -> None:
    stats = json.loads((exported / "stats.json").read_text(encoding="utf-8"))["stories"]
    assert stats["stories_by_outlets"] == {"3": 1}
    assert stats["median_lag_seconds"] == 9900
    assert stats["copies_per_outlet"]["express"] == {"later_records": 1, "copies": 1, "copy_share": 1.0}
    assert stats["copies_per_outlet"]["jang"]["copies"] == 0
    card = (exported / "README.md").read_text(encoding="utf-8")
    assert "## Stories across outlets" in card and "| 3 | 1 |" in card and "2.8 h" in card
    assert (exported / "stories_per_outlets.png").read_bytes()[:4] == b"\x89PNG"
    sums = (exported / "SHA256SUMS").read_text(encoding="utf-8")
    assert "stories.parquet" in sums and "stories_per_outlets.png" in sums


def test_same_inputs_same_story_ids_byte_for_byte(exported: Path, tmp_path: Path) -> None:
    write_run(tmp_path / "data" / "run.jsonl", list(reversed(RUN)))  # another order of the same records
    assert run_export(tmp_path / "data", tmp_path / "again", "--stories")[0] == 0
    for name in ("articles.jsonl.gz", "stories.parquet", "stories.jsonl.gz"):
        assert (tmp_path / "again" / name).read_bytes() == (exported / name).read_bytes(), name


def test_without_stories_the_dataset_is_as_before(tmp_path: Path) -> None:
    write_run(tmp_path / "data" / "run.jsonl", RUN)
    status, stats = run_export(tmp_path / "data", tmp_path / "ds")
    assert status == 0 and stats is not None and "stories" not in stats
    assert stats["duplicates_removed"]["content_hash"] == 1  # the express copy merges as before
    assert "story_id" not in read_jsonl(tmp_path / "ds")[0]
    assert not (tmp_path / "ds" / "stories.parquet").exists()


def test_pandas_and_datasets_load_the_story_table(exported: Path, tmp_path: Path) -> None:
    frame = pd.read_parquet(exported / "stories.parquet")
    assert list(frame["outlets"]) == [3]
    members = frame.explode("members")
    assert [m["site"] for m in members["members"]] == ["islamtimes", "express", "jang"]
    articles = pd.read_parquet(exported / "articles.parquet")
    assert (articles["story_id"] == frame["story_id"].iloc[0]).sum() == 3
    script = """
import json, sys
from datasets import load_dataset
ds = load_dataset("parquet", data_files=sys.argv[1] + "/stories.parquet", split="train", cache_dir=sys.argv[2])
print(json.dumps({"rows": ds.num_rows, "sites": [m["site"] for m in ds[0]["members"]]}))
"""
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    done = subprocess.run([sys.executable, "-c", script, str(exported), str(tmp_path / "cache")],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"rows": 1, "sites": ["islamtimes", "express", "jang"]}


def test_the_index_forgets_stories_older_than_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Time and memory follow the records per window: expired first articles leave the inverted index."""
    from newscrawl.dataset import stories

    monkeypatch.setattr(stories, "SWEEP_EVERY", 5)
    texts = [f"{city} میں {n} نئے منصوبوں کا افتتاح کر دیا گیا" for n, city in enumerate(["لاہور", "کراچی"] * 20)]
    frequencies = DocumentFrequencies()
    for text in texts:
        frequencies.add(text)
    clusterer = StoryClusterer(frequencies, window_us=2 * HOUR)
    for hour, text in enumerate(texts):
        clusterer.add(text, hour * HOUR)
    live = {story for story in clusterer._leaders}
    assert len(live) <= 3  # the last two hours
    indexed = {story for posting in clusterer._postings.values() for story in posting}
    assert indexed - live <= set(range(clusterer.stories - 3 - 5 * 2, clusterer.stories))  # at most a sweep's worth left
    assert sum(map(len, clusterer._postings.values())) <= (len(live) + 10) * stories.KEYS
