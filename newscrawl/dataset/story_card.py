"""The dataset card's "Stories across outlets" section and its chart (``export --stories``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newscrawl.dataset.markdown import plain, table
from newscrawl.dataset.story_table import STORIES_CHART, STORIES_JSONL, STORIES_PARQUET


def section(stats: dict[str, Any]) -> str:
    """The card's section on stories, or nothing when the export did not cluster them."""
    stories = stats.get("stories")
    if not stories:
        return ""
    options = stories["options"]
    lag = stories["median_lag_seconds"]
    outlets = [(n, count) for n, count in stories["stories_by_outlets"].items()]
    copies = [
        (plain(site), c["later_records"], c["copies"], f"{100 * c['copy_share']:.0f}%")
        for site, c in stories["copies_per_outlet"].items()
    ]
    return f"""## Stories across outlets

Every article carries a `story_id`; the articles that share one tell the same story.
`{STORIES_PARQUET}` (and `{STORIES_JSONL}`) has one row per story that more than one
article tells: its first outlet and time, each other outlet's lag, and every article's
similarity to the first, so verbatim copies and rewrites can be told apart.

- **Same story**: cosine similarity of TF-IDF vectors of the normalized Urdu content words
  (no function words; document frequencies from this dataset) at least {options["threshold"]}
  to the story's first article, published within {options["window_hours"]:g} hours after it.
- **Copy** (`level` = `copy`): Jaccard similarity of {options["shingle_size"]}-word shingles at
  least {options["copy_threshold"]} to the first article; otherwise `rewrite`.
- Identical texts on two sites are both kept (a copy each); on one site they are one article.
- Articles without a publish date ({stories["undated_not_clustered"]}) are not clustered: each is its own story.

Stories: {stories["stories"]}, of which {stories["stories_of_several_records"]} are told by more
than one article ({stories["records_in_shared_stories"]} articles). Median lag of the other
outlets behind the first: {_duration(lag)}.

{table(("outlets", "stories"), outlets) if outlets else "No story is told by more than one article."}

{table(("outlet", "articles after the first", "verbatim copies", "share"), copies) if copies else ""}

![stories per number of outlets]({STORIES_CHART})

```python
import pandas as pd
stories = pd.read_parquet("{STORIES_PARQUET}")
members = stories.explode("members")  # one row per article of a story
```
"""


def _duration(seconds: float | None) -> str:
    """
    >>> _duration(None), _duration(59), _duration(5400), _duration(2 * 86400)
    ('none (no story spans two outlets)', '59 s', '1.5 h', '48.0 h')
    """
    if seconds is None:
        return "none (no story spans two outlets)"
    if seconds < 60:
        return f"{seconds:g} s"
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def write_chart(stories: dict[str, Any], path: Path) -> None:
    """Bar chart: how many stories each number of outlets told (stories of one outlet left out)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 3.5), dpi=100)
    counts = {int(n): count for n, count in stories["stories_by_outlets"].items()}
    if counts:
        axes.bar([str(n) for n in sorted(counts)], [counts[n] for n in sorted(counts)], color="#2a6f97")
    else:
        axes.text(
            0.5, 0.5, "no story told by more than one article", ha="center", va="center", transform=axes.transAxes
        )
    axes.set_title("Stories told by more than one article")
    axes.set_xlabel("outlets (sites) telling the story")
    axes.set_ylabel("stories")
    figure.tight_layout()
    figure.savefig(path, format="png", metadata={"Software": None})
    plt.close(figure)
