"""The export's side of stories across outlets: assign, collect, write ``stories.parquet``.

:mod:`newscrawl.dataset.stories` decides which records tell one story; this module runs it
over the export's winners (two read-backs: document frequencies, then clustering, in
publish order), gives every exported row its ``story_id``, and writes one row per story
that more than one record tells, with each record's lag and similarity to the first.
Per record it holds 9 bytes of arrays and an int (its rank in publish order); bodies are
read one at a time.
"""

from __future__ import annotations

import gzip
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from newscrawl.dataset.dedup import Candidate
from newscrawl.dataset.records import format_timestamp
from newscrawl.dataset.stories import (
    COPY_THRESHOLD,
    STORY_THRESHOLD,
    STORY_WINDOW_HOURS,
    DocumentFrequencies,
    StoryClusterer,
    story_id,
)

STORIES_PARQUET = "stories.parquet"
STORIES_JSONL = "stories.jsonl.gz"
STORIES_CHART = "stories_per_outlets.png"
STORY_ID_FIELD = {
    "story_id": (
        "str|null",
        "added by `export --stories`: the story this article tells, shared with the other "
        "outlets' articles of the same story (stories.parquet); an article alone has its own",
    )
}

MEMBER = pa.struct(
    [
        ("site", pa.string()),
        ("url", pa.string()),
        ("published_at", pa.string()),
        ("lag_seconds", pa.int64()),
        ("similarity", pa.float64()),
        ("copy_overlap", pa.float64()),
        ("level", pa.string()),
    ]
)
SCHEMA = pa.schema(
    [
        pa.field("story_id", pa.string(), nullable=False),
        pa.field("headline", pa.string(), metadata={"description": "the first record's headline"}),
        pa.field("first_site", pa.string(), nullable=False),
        pa.field("first_url", pa.string(), nullable=False),
        pa.field("first_published_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("outlets", pa.int64(), nullable=False, metadata={"description": "distinct sites"}),
        pa.field("records", pa.int64(), nullable=False),
        pa.field(
            "outlet_lags",
            pa.list_(pa.struct([("site", pa.string()), ("lag_seconds", pa.int64())])),
            metadata={"description": "each other outlet's first record: seconds after the first"},
        ),
        pa.field("members", pa.list_(MEMBER), metadata={"description": "every record, in publish order"}),
    ]
)


@dataclass(frozen=True)
class StoryOptions:
    threshold: float = STORY_THRESHOLD
    copy_threshold: float = COPY_THRESHOLD
    window_hours: float = STORY_WINDOW_HOURS
    shingle_size: int = 5


@dataclass
class Stories:
    """Every winner's story (by its rank in publish order), and the members of stories of several records."""

    options: StoryOptions
    story: np.ndarray  # int32 per rank
    similarity: np.ndarray  # float32 per rank
    overlap: np.ndarray  # float32 per rank
    first_keys: list[str]  # per story
    sizes: np.ndarray  # records per story
    members: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    headlines: dict[int, str] = field(default_factory=dict)
    undated: int = 0

    def id_of(self, candidate: Candidate) -> str:
        return story_id(self.first_keys[int(self.story[candidate.rank])])

    def collect(self, candidate: Candidate, record: dict[str, Any]) -> None:
        """Note an exported record that belongs to a story of several (output order = publish order)."""
        story = int(self.story[candidate.rank])
        if self.sizes[story] < 2:
            return
        if self.first_keys[story] == candidate.key:
            self.headlines[story] = record["headline"]
        similarity, overlap = float(self.similarity[candidate.rank]), float(self.overlap[candidate.rank])
        self.members.setdefault(story, []).append(
            {
                "site": record["site"],
                "url": record["url"],
                "published": candidate.published,
                "similarity": round(similarity, 4),
                "copy_overlap": round(overlap, 4),
                "level": "copy" if overlap >= self.options.copy_threshold else "rewrite",
            }
        )


def assign(winners: list[Candidate], text_of: Callable[[Candidate], str], options: StoryOptions) -> Stories:
    """Cluster *winners* (sorted by :func:`~newscrawl.dataset.dedup.priority`: publish order, undated last).

    Sets each candidate's ``rank``; *text_of* reads a candidate's headline and body back.
    """
    frequencies = DocumentFrequencies()
    for rank, candidate in enumerate(winners):
        candidate.rank = rank
        if candidate.published is not None:
            frequencies.add(text_of(candidate))
    clusterer = StoryClusterer(
        frequencies,
        threshold=options.threshold,
        window_us=int(options.window_hours * 3600 * 1_000_000),
        shingle_size=options.shingle_size,
    )
    story = np.empty(len(winners), dtype=np.int32)
    similarity = np.empty(len(winners), dtype=np.float32)
    overlap = np.empty(len(winners), dtype=np.float32)
    first_keys: list[str] = []
    undated = 0
    for rank, candidate in enumerate(winners):
        undated += candidate.published is None
        text = text_of(candidate) if candidate.published is not None else ""
        assignment = clusterer.add(text, candidate.published)
        if assignment.story == len(first_keys):
            first_keys.append(candidate.key)
        story[rank], similarity[rank], overlap[rank] = assignment.story, assignment.similarity, assignment.copy_overlap
    sizes = np.bincount(story, minlength=len(first_keys)) if len(story) else np.zeros(0, dtype=np.int64)
    return Stories(options, story, similarity, overlap, first_keys, sizes, undated=undated)


def rows(stories: Stories) -> list[dict[str, Any]]:
    """One row per story of several records, ordered by its first record's time, then id."""
    out = []
    for story, members in stories.members.items():
        first = members[0]
        lags: dict[str, int] = {}
        for member in members:
            member["lag_seconds"] = (member["published"] - first["published"]) // 1_000_000
            if member["site"] != first["site"]:
                lags.setdefault(member["site"], member["lag_seconds"])
        out.append(
            {
                "story_id": story_id(stories.first_keys[story]),
                "headline": stories.headlines.get(story),
                "first_site": first["site"],
                "first_url": first["url"],
                "first_published_at": format_timestamp(first["published"]),
                "outlets": len({member["site"] for member in members}),
                "records": len(members),
                "outlet_lags": [{"site": site, "lag_seconds": lag} for site, lag in lags.items()],
                "members": [
                    {
                        "site": m["site"],
                        "url": m["url"],
                        "published_at": format_timestamp(m["published"]),
                        "lag_seconds": m["lag_seconds"],
                        "similarity": m["similarity"],
                        "copy_overlap": m["copy_overlap"],
                        "level": m["level"],
                    }
                    for m in members
                ],
            }
        )
    out.sort(key=lambda row: (row["first_published_at"], row["story_id"]))
    return out


def summary(stories: Stories, table: list[dict[str, Any]]) -> dict[str, Any]:
    """The numbers for stats.json and the card."""
    by_outlets = Counter(row["outlets"] for row in table)
    lags = [lag["lag_seconds"] for row in table for lag in row["outlet_lags"]]
    followers: Counter[str] = Counter()
    copies: Counter[str] = Counter()
    for row in table:
        for member in row["members"][1:]:
            followers[member["site"]] += 1
            copies[member["site"]] += member["level"] == "copy"
    return {
        "options": {
            "threshold": stories.options.threshold,
            "copy_threshold": stories.options.copy_threshold,
            "window_hours": stories.options.window_hours,
            "shingle_size": stories.options.shingle_size,
        },
        "stories": len(stories.first_keys),
        "stories_of_several_records": len(table),
        "stories_by_outlets": {str(n): by_outlets[n] for n in sorted(by_outlets)},
        "records_in_shared_stories": sum(row["records"] for row in table),
        "undated_not_clustered": stories.undated,
        "median_lag_seconds": statistics.median(lags) if lags else None,
        "copies_per_outlet": {
            site: {
                "later_records": followers[site],
                "copies": copies[site],
                "copy_share": round(copies[site] / followers[site], 3),
            }
            for site in sorted(followers)
        },
    }


def write(directory: Path, table: list[dict[str, Any]]) -> None:
    """stories.parquet and stories.jsonl.gz, byte-identical for the same table."""
    from newscrawl.dataset.records import parse_timestamp
    from newscrawl.dataset.writer import json_line

    with (
        open(directory / STORIES_JSONL, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out,
    ):
        for row in table:
            out.write(json_line(row))
    columns: dict[str, list[Any]] = {name: [] for name in SCHEMA.names}
    for row in table:
        for name in SCHEMA.names:
            value = row[name]
            columns[name].append(parse_timestamp(value) if name == "first_published_at" else value)
    pq.write_table(pa.Table.from_pydict(columns, schema=SCHEMA), directory / STORIES_PARQUET, compression="zstd")
