"""Dates: the fast path against ``dateparser.parse`` on the date strings of the mirror.

    .venv/bin/python -m benchmarks.bench_dates [--repeat 20]

Inputs: every visible date line of the mirror's article pages (``published_text`` of the
expected records) and every machine date in their markup (``dcterms.created``, JSON-LD
``datePublished``, ``article:published_time``, ``<time datetime>``). Subject:
``read_date`` without its cache (normalization + regex fast path). Baseline:
``dateparser.parse`` with the project's settings on the same normalized, ASCII-digit
text, interleaved string by string. Results must be identical.
Target: at least 50x faster, identical results.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from datetime import datetime
from typing import Any

from benchmarks.common import PROJECT, median, row
from newscrawl.core.date_formats import parse_fast
from newscrawl.core.dates import _DATEPARSER_SETTINGS, read_date
from newscrawl.core.text import normalize_urdu, to_ascii_digits

SITE = PROJECT / "fixtures" / "site"
MACHINE_DATE = re.compile(
    r'(?:dcterms\.created"[^>]*content|"datePublished"\s*:\s*|published_time"\s*content=|<time[^>]*datetime=)'
    r'\s*"([^"]+)"')


def mirror_dates() -> list[str]:
    expected = json.loads((PROJECT / "fixtures" / "expected" / "articles.json").read_text(encoding="utf-8"))
    routes = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))["routes"]
    found = [r["published_text"] for r in expected["articles"] if r["published_text"]]
    for record in expected["articles"]:
        html = (SITE / routes[record["path"]]["file"]).read_bytes().decode("utf-8", "replace")
        found += MACHINE_DATE.findall(html)
    return sorted(set(found))


def run(repeat: int = 20, quick: bool = False) -> dict[str, Any]:
    import dateparser  # noqa: PLC0415

    if quick:
        repeat = min(repeat, 2)
    texts = mirror_dates()
    fast = read_date.__wrapped__  # the function, not its lru_cache

    def baseline(text: str) -> datetime | None:
        return dateparser.parse(to_ascii_digits(normalize_urdu(text)), languages=["ur", "en"],
                                settings=_DATEPARSER_SETTINGS)

    def same(text: str) -> bool:  # the same moment (the fast path keeps the written offset)
        found, value = fast(text), baseline(text)
        return (found is None) == (value is None) and (value is None or datetime.fromisoformat(found.iso) == value)

    mismatches = [(t, fast(t), str(baseline(t))) for t in texts if not same(t)]
    on_fast_path = sum(parse_fast(normalize_urdu(t)) is not None for t in texts)
    f_samples: list[list[float]] = [[] for _ in texts]
    d_samples: list[list[float]] = [[] for _ in texts]
    clock = time.perf_counter
    for _ in range(repeat):
        for index, text in enumerate(texts):
            t0 = clock()
            fast(text)
            t1 = clock()
            baseline(text)
            t2 = clock()
            f_samples[index].append(t1 - t0)
            d_samples[index].append(t2 - t1)
    fast_us = 1e6 * sum(median(s) for s in f_samples) / len(texts)
    dp_us = 1e6 * sum(median(s) for s in d_samples) / len(texts)
    ratio = dp_us / fast_us
    return {
        "strings": len(texts), "on_fast_path": on_fast_path, "repeat": repeat,
        "fast_us": fast_us, "dateparser_us": dp_us,
        "mismatches": [list(m) for m in mismatches],
        "rows": [
            row("dates", f"fast path µs/date ({len(texts)} strings)", round(fast_us, 2), "µs",
                f"dateparser.parse {dp_us:.0f} µs", round(ratio, 1), ">= 50x faster", ratio >= 50),
            row("dates", "identical results", len(texts) - len(mismatches), "strings", f"of {len(texts)}",
                None, "all identical", not mismatches),
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.repeat, args.quick), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
