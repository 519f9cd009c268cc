"""The exported dataset loads in one line with the tools researchers use (as its card shows)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from export_helpers import CABINET, CHINA, CRICKET, article, run_export, write_run

RECORDS = [
    article(1, CABINET[:5], published="2025-03-01T09:00:00+00:00", keywords=["کابینہ", "معیشت"]),
    article(2, CHINA, published="2025-03-02T09:00:00+00:00", keywords=[], headline="نئے معاہدے"),
    {**article(3, CRICKET, published=None, site="dawn", host="www.dawnnews.tv"), "read_also": []},
    article(4, CHINA, published="2025-03-05T09:00:00+00:00", keywords=[], headline="نئے معاہدے"),  # = 2
]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("loaders")
    write_run(root / "data" / "run.jsonl", RECORDS)
    status, _ = run_export(root / "data", root / "ds", "--include-undated")
    assert status == 0
    return root / "ds"


def test_pandas_read_parquet(dataset: Path) -> None:
    frame = pd.read_parquet(dataset / "articles.parquet")
    assert list(frame["article_id"]) == ["1", "2", "3"]
    assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
    assert frame["published_at"].iloc[0] == pd.Timestamp("2025-03-01T09:00:00Z")
    assert pd.isna(frame["published_at"].iloc[2])
    assert list(frame["keywords"].iloc[0]) == ["کابینہ", "معیشت"]
    assert list(frame["duplicates"].iloc[1]) == [RECORDS[3]["canonical_url"]]


def test_pyarrow_read_table(dataset: Path) -> None:
    table = pq.read_table(dataset / "articles.parquet")
    assert table.num_rows == 3
    assert table.column("headline").to_pylist() == [r["headline"] for r in RECORDS[:3]]


def test_datasets_load_dataset_json_and_parquet(dataset: Path, tmp_path: Path) -> None:
    """In a fresh interpreter, offline, with its caches in tmp_path: nothing touches the network or ~/.cache."""
    script = """
import json, sys
from datasets import load_dataset
out = {}
for kind, name in (("json", "articles.jsonl.gz"), ("parquet", "articles.parquet")):
    ds = load_dataset(kind, data_files=sys.argv[1] + "/" + name, split="train", cache_dir=sys.argv[2])
    out[kind] = {"rows": ds.num_rows, "ids": list(ds["article_id"]), "columns": ds.column_names,
                 "duplicates": list(ds["duplicates"]), "keywords": ds[0]["keywords"]}
print(json.dumps(out, ensure_ascii=False))
"""
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf"),
           "HF_HUB_DISABLE_TELEMETRY": "1"}
    done = subprocess.run([sys.executable, "-c", script, str(dataset), str(tmp_path / "cache")],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    for kind in ("json", "parquet"):
        assert loaded[kind]["rows"] == 3
        assert loaded[kind]["ids"] == ["1", "2", "3"]
        assert loaded[kind]["keywords"] == ["کابینہ", "معیشت"]
        assert loaded[kind]["duplicates"] == [[], [RECORDS[3]["canonical_url"]], []]
        assert "body" in loaded[kind]["columns"] and "duplicates" in loaded[kind]["columns"]
