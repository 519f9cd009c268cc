"""The dataset card (README.md in the dataset): what, where from, when, how made.

Rendered from the stats dict alone, the same one written to stats.json, so the
card and the machine-readable numbers cannot drift apart. Field descriptions
come from ``OUTPUT_FIELDS`` (that is, ``newscrawl.core.record.ARTICLE_FIELDS``).
"""

from __future__ import annotations

import re
from typing import Any

from newscrawl.dataset import story_card, writer
from newscrawl.dataset.markdown import code, plain, table
from newscrawl.dataset.writer import OUTPUT_FIELDS, arrow_type

BAD_LINES_SHOWN = 50
FILES_SHOWN = 20


def render(stats: dict[str, Any]) -> str:
    """The whole card as Markdown, with a Hugging Face style YAML header."""
    parts = [
        _header(stats),
        _summary(stats),
        _files(),
        _made(stats),
        _sources(stats),
        _time(stats),
        _schema(stats),
        _dedup(stats),
        _filters(stats),
        story_card.section(stats),
        _bad(stats),
        _loading(),
    ]
    return "\n".join(parts).rstrip() + "\n"


def _header(stats: dict[str, Any]) -> str:
    records = stats["counts"]["exported"]
    size = next(label for limit, label in _SIZES if records < limit)
    return f"""---
pretty_name: Urdu news articles (newscrawl)
language:
- ur
size_categories:
- {size}
configs:
- config_name: default
  data_files:
  - split: train
    path: {writer.PARQUET_NAME}
---
"""


_SIZES = (
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (float("inf"), "n>1M"),
)


def _summary(stats: dict[str, Any]) -> str:
    sites = ", ".join(plain(site) for site in stats["per_site"]) or "no sites"
    published, crawled = stats["published_at"], stats["crawled_at"]
    return f"""# Urdu news articles (newscrawl)

{stats["counts"]["exported"]} Urdu news articles from {sites}, deduplicated and
documented by newscrawl's export. Published {published["min"]} to {published["max"]}
({published["undated"]} without a date); crawled {crawled["min"]} to {crawled["max"]}.
Every number in this card is also in `stats.json`.

The articles remain their publishers' work; check each site's terms before
redistributing the text.
"""


def _files() -> str:
    rows = [
        (f"`{writer.JSONL_NAME}`", "one article per line, JSON, UTF-8, sorted by publish date then URL"),
        (f"`{writer.PARQUET_NAME}`", "the same rows and order, typed (timestamps, lists) per the schema below"),
        ("`README.md`", "this card"),
        ("`stats.json`", "every number in this card, for machines"),
        (f"`{writer.CHART_NAME}`", "articles per day, by publish date (the site's calendar day)"),
        (f"`{writer.SUMS_NAME}`", "SHA-256 of every other file (`sha256sum -c SHA256SUMS`)"),
    ]
    return "## Files\n\n" + table(("file", "contents"), rows) + "\n"


def _made(stats: dict[str, Any]) -> str:
    counts, source = stats["counts"], stats["input"]
    rows = [
        ("lines read", counts["lines_read"]),
        ("bad lines (skipped)", counts["bad_lines"]),
        ("valid records", counts["valid_records"]),
        ("distinct URLs", counts["distinct_urls"]),
        ("after filters", counts["after_filters"]),
        ("exported", counts["exported"]),
    ]
    files = "\n".join(f"- {code(f['file'])}: {f['lines']} lines, {f['bad']} bad" for f in source["files"][:FILES_SHOWN])
    more = len(source["files"]) - FILES_SHOWN
    if more > 0:
        files += f"\n- and {more} more (listed in `stats.json`)"
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", stats["command"])), default=0))
    return f"""## How it was made

{fence}
{stats["command"]}
{fence}

Made by {stats["generator"]} from {source["run_files"]} run file(s) under {code(source["data_dir"])}:

{files}

{table(("step", "records"), rows)}

Lines read = bad lines + valid records; valid records = URL duplicates + distinct
URLs; distinct URLs = filtered out + after filters; after filters = content-hash
and near duplicates + exported. The same input gives byte-identical files.
"""


def _sources(stats: dict[str, Any]) -> str:
    return f"""## Sources

### Articles per site

{table(("site", "articles"), [(plain(site), n) for site, n in stats["per_site"].items()])}

### Articles per host

{table(("host", "articles"), [(plain(host), n) for host, n in stats["per_host"].items()])}
"""


def _time(stats: dict[str, Any]) -> str:
    published, crawled = stats["published_at"], stats["crawled_at"]
    rows = [
        ("published_at", published["min"], published["max"]),
        ("crawled_at", crawled["min"], crawled["max"]),
    ]
    return f"""## When

{table(("time (UTC)", "earliest", "latest"), rows)}

Articles without a publish date: {published["undated"]}.

### Articles per month (publish date, the site's calendar day)

{table(("month", "articles"), list(stats["per_month"].items()))}

![articles per day]({writer.CHART_NAME})
"""


def _schema(stats: dict[str, Any]) -> str:
    coverage = stats["field_coverage_percent"]
    rows = [
        (f"`{name}`", kind, f"`{arrow_type(name, kind)}`", coverage[name], description)
        for name, (kind, description) in OUTPUT_FIELDS.items()
    ]
    return f"""## Schema and field coverage

Coverage is the percent of articles where the field is present and not empty
(not null, not blank, not `[]`). In the JSONL, absent values are `null` and
absent lists `[]`; times are the ISO 8601 text the crawler wrote.

{table(("field", "JSON type", "Parquet type", "coverage %", "description"), rows)}
"""


def _dedup(stats: dict[str, Any]) -> str:
    removed, options = stats["duplicates_removed"], stats["options"]
    near = (
        f"on: MinHash ({options['num_perm']} permutations) over {options['shingle_size']}-word shingles "
        f"of the normalized headline and body, LSH threshold {options['near_duplicate_threshold']}"
        if options["near_duplicates"]
        else "off (`--near-duplicates` was not given)"
    )
    rows = [
        ("url", removed["url"], "older crawls of the same canonical URL (else URL); the newest crawl is kept"),
        ("content_hash", removed["content_hash"], "same `content_hash` under another URL"),
        ("near_duplicate", removed["near_duplicate"], "nearly the same text under another URL"),
        ("total", removed["total"], ""),
    ]
    return f"""## Duplicates removed

Run files are at-least-once; this dataset is exactly-once. Near-duplicate
detection: {near}.

{table(("method", "removed", "what"), rows)}

A record's `canonical_url` is its identity only when it can name that page:
not used for {stats["canonical_url_not_used"]["home_or_listing"]} records that declared the home page or a
listing above them, nor for {stats["canonical_url_not_used"]["declared_by_many_texts"]} records whose canonical
URL 3 or more different texts declared (a template error); those are keyed by the URL fetched.

Of a group of same or nearly same texts, the earliest published article is kept
(then the smallest URL); the others' URLs are listed in its `duplicates` field.
Articles with a non-empty `duplicates` list: {stats["records_with_duplicates"]}.
"""


def _filters(stats: dict[str, Any]) -> str:
    options, out = stats["options"], stats["filtered_out"]
    given = [
        ("--since", options.get("since")),
        ("--until", options.get("until")),
        ("--site", " ".join(options.get("sites") or [])),
        ("--keyword", " ".join(options.get("keywords") or [])),
        ("--include-undated", "yes" if options.get("include_undated") else "no"),
    ]
    rows = [(name, value if value not in (None, "") else "(none)") for name, value in given]
    return f"""## Filters

{table(("option", "value"), rows)}

{table(("filtered out because of", "articles"), list(out.items()))}

Filters apply to the newest crawl of each URL, before content and
near-duplicate deduplication.
"""


def _bad(stats: dict[str, Any]) -> str:
    bad = stats["bad_lines"]
    text = (
        f"## Bad input\n\nBad lines skipped: {bad['count']}. Each was counted and left out; none stopped the export.\n"
    )
    if not bad["count"]:
        return text
    text += "\n" + table(("reason", "lines"), [(plain(reason), n) for reason, n in bad["by_reason"].items()]) + "\n\n"
    shown = bad["lines"][:BAD_LINES_SHOWN]
    text += "\n".join(
        f"- {code(str(b['file']) + ':' + str(b['line']))}: {plain(b['reason'])}"
        + (f" ({plain(b['detail'])})" if b["detail"] else "")
        for b in shown
    )
    hidden = bad["count"] - len(shown)
    if hidden:
        text += f"\n- and {hidden} more" + (" (listed in `stats.json`)" if len(bad["lines"]) > len(shown) else "")
    return text + "\n"


def _loading() -> str:
    return f"""## Loading

```python
import pandas as pd
df = pd.read_parquet("{writer.PARQUET_NAME}")

import pyarrow.parquet as pq
table = pq.read_table("{writer.PARQUET_NAME}")

from datasets import load_dataset
ds = load_dataset("parquet", data_files="{writer.PARQUET_NAME}", split="train")
ds = load_dataset("json", data_files="{writer.JSONL_NAME}", split="train")
```

Check the files first with `sha256sum -c {writer.SUMS_NAME}`.
"""
