"""How the accuracy benchmark scores a page: body by shingles, headline by tokens, date by day.

Body: the scorer of scrapinghub/article-extraction-benchmark (``\\w+`` tokens, shingles of 4,
tp/fp/fn normalized per page; precision and recall averaged over pages, F1 of the two means).
Headline: the same token sequence, case-folded. Date: the key's calendar day, in the key's own
offset when both carry a time. Used by benchmarks.bench_accuracy.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from datetime import date, datetime

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingle_match(true: str, pred: str, n: int = SHINGLE) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles of *n* tokens, normalized to sum 1 (the public benchmark's scorer)."""

    def shingles(text: str) -> Counter:
        words = tokens(text)
        return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words[i : i + n])

    truth, guess = shingles(true), shingles(pred)
    tp = sum((truth & guess).values())
    fp, fn = sum((guess - truth).values()), sum((truth - guess).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)


def body_scores(counts: list[tuple[float, float, float]]) -> dict[str, float | int]:
    """Mean precision, mean recall and their F1, as the benchmark aggregates."""
    if not counts:
        return {"pages": 0}
    p = statistics.mean(precision(*c) for c in counts if c[0] + c[1] > 0) if any(c[0] + c[1] for c in counts) else 0.0
    r = statistics.mean(recall(*c) for c in counts if c[0] + c[2] > 0) if any(c[0] + c[2] for c in counts) else 0.0
    return {"pages": len(counts), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "precision": round(p, 3), "recall": round(r, 3)}


def same_headline(key: str, found: str | None) -> bool:
    return [t.casefold() for t in tokens(key)] == [t.casefold() for t in tokens(found)]


def key_day(value: str) -> tuple[date, datetime | None]:
    """The key's calendar day as written, and its moment when it carries a time and an offset."""
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return moment.date(), (moment if moment.tzinfo is not None and len(value.strip()) > 10 else None)


def same_day(key: str, found: str | None) -> bool:
    """True when *found* names the key's day: in the key's offset when both have a time."""
    if not found:
        return False
    day, moment = key_day(key)
    try:
        guess = datetime.fromisoformat(found.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    if moment is not None and guess.tzinfo is not None and len(found.strip()) > 10:
        return guess.astimezone(moment.tzinfo).date() == day
    return guess.date() == day
