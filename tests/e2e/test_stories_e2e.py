"""Stories across outlets, end to end: three mirrors crawled, one export with ``--stories``.

Islam Times' mirror holds the originals; VOA Urdu's and Express's mirrors carry 2025 versions of
three of them (devtools/mirror/sites/shared_stories.py): a verbatim copy, a copy under the
outlet's own headline, a shortened rewrite and a reworded one. The export is cut to the
originals' months (``--since``), where the 2018 articles of the two site mirrors fall away.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from export_helpers import read_jsonl, run_export

from devtools.mirror.server import DEFAULT_ROOT, serving
from devtools.mirror.sites import write_site
from devtools.mirror.sites.shared_stories import SHARED
from tests.conftest import run_crawl

LEVELS = {"verbatim": "copy", "own_headline": "copy", "shortened": "rewrite", "reworded_quote": "rewrite"}


def test_three_mirrors_give_the_shared_stories(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for site in ("islamtimes", "urduvoa", "express"):
        root = DEFAULT_ROOT if site == "islamtimes" else tmp_path / site
        if site != "islamtimes":
            write_site(site, root)
        with serving(root) as server:
            out = data / site / "run.jsonl"
            crawl = run_crawl(server.base_url, out, "-s", f"NEWSCRAWL_JSONL_PATH={out}", spider=site)
        assert crawl.returncode == 0, crawl.log[-3000:]
    status, stats = run_export(data, tmp_path / "ds", "--stories", "--since", "2024-10-01")
    assert status == 0 and stats is not None
    assert stats["counts"]["exported"] == 46 + len(SHARED)  # every version kept as its own row

    with gzip.open(tmp_path / "ds" / "stories.jsonl.gz", "rt", encoding="utf-8") as stream:
        stories = [json.loads(line) for line in stream]
    got = {
        (story["first_site"], story["first_url"].rstrip("/").split("/")[-2 if "/ur/news/" in story["first_url"] else -1]):
        sorted((m["site"], m["level"]) for m in story["members"][1:])
        for story in stories
    }
    want: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for original, site, kind, _ in SHARED:
        want.setdefault(("islamtimes", original), []).append((site, LEVELS[kind]))
    assert got == {key: sorted(members) for key, members in want.items()}
    three = next(story for story in stories if story["outlets"] == 3)
    assert [lag["site"] for lag in three["outlet_lags"]] == ["urduvoa", "express"]  # 50 and 140 minutes later
    assert [lag["lag_seconds"] for lag in three["outlet_lags"]] == [50 * 60, 140 * 60]

    rows = read_jsonl(tmp_path / "ds")
    shared_ids = {story["story_id"] for story in stories}
    assert sum(row["story_id"] in shared_ids for row in rows) == 3 + len(SHARED)
    assert len({row["story_id"] for row in rows}) == 46  # one story per original
