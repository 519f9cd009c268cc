"""Accuracy on real pages others published: body F1, headline, date; against trafilatura and htmldate.

    .venv/bin/python -m benchmarks.bench_accuracy                 # the whole dev set, a few minutes
    .venv/bin/python -m benchmarks.bench_accuracy --limit 20      # a smoke run
    .venv/bin/python -m benchmarks.bench_accuracy --worst 15      # and the pages we lose most on

Pages and keys: ``../shared/realpages-dev/`` (benchmarks.devset; never copied into the repository,
and the run says so in one line when the folder is absent). In one run, page by page:

- newscrawl: the generic spider's ``parse_article`` (``UrduSpider``, no site file; base URL the
  page's own site), the record's ``body``, ``headline`` and ``published_at``;
- trafilatura 2.3.1: ``extract(html, url, include_comments=False)`` for the body (timed),
  ``extract_metadata`` for the headline;
- htmldate: ``find_date(html, url)``, with and without ``original_date=True``.

Body: the scorer of scrapinghub/article-extraction-benchmark (``\\w+`` tokens, shingles of 4, tp/fp/fn
normalized per page; precision and recall averaged over pages, F1 of the two means). goose3's keys
are only the article's start and are scored apart (precision of what the extractor starts with).
Headline: the same ``\\w+`` token sequence, case-folded. Date: the exact calendar day, in the key's
own offset where both carry a time; null rate and wrong rate over pages whose key has a date.
CPU time (``time.process_time``) of ``parse_article`` against ``trafilatura.extract`` on the same
pages, interleaved. Everything is reported per set, per declared language and per script.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from benchmarks.common import quiet_loggers, row
from benchmarks.scoring import body_scores, precision, recall, same_day, same_headline, shingle_match, tokens
from benchmarks.devset import SETS, DevPage, DevSetMissing, dev_pages
from newscrawl.core.dates import read_date
from newscrawl.core.urls import clear_canonical_cache
from newscrawl.crawler.items import ArticleItem
from newscrawl.spiders.urdu import UrduSpider

EXTRACTORS = ("newscrawl", "trafilatura")
DATERS = ("newscrawl", "htmldate", "htmldate_original")


class Newscrawl:
    """The generic spider, one per site (its base URL decides which links are the site's own)."""

    def __init__(self) -> None:
        self.spiders: dict[str, UrduSpider] = {}

    def spider(self, url: str) -> UrduSpider:
        parts = urlsplit(url)
        base = f"{parts.scheme or 'https'}://{parts.netloc or 'example.invalid'}"
        if base not in self.spiders:
            crawler = get_crawler(UrduSpider)
            spider = UrduSpider.from_crawler(crawler, base_url=base)
            crawler.spider = spider
            crawler.stats.open_spider()
            self.spiders[base] = spider
        return self.spiders[base]

    def extract(self, spider: UrduSpider, response: HtmlResponse) -> dict[str, Any]:
        clear_canonical_cache()  # cold caches: every page as if first seen, as in a crawl
        read_date.cache_clear()
        items = [x for x in spider.parse_article(response) if isinstance(x, ArticleItem)]
        item = items[0] if items else {}
        published = item.get("published_at")
        if published and item.get("published_precision") == "day":
            published = published[:10]  # a date alone: its 00:00 is no time, never moved to the key's offset
        return {"body": item.get("body"), "title": item.get("headline"), "date": published}


def measure_page(page: DevPage, ours: Newscrawl) -> dict[str, Any]:
    """Every extractor on one page, interleaved; CPU seconds of the two body extractors."""
    import htmldate  # noqa: PLC0415 - only the benchmark needs the baselines
    import trafilatura  # noqa: PLC0415

    response = HtmlResponse(url=page.url, body=page.html, headers={"Content-Type": "text/html"})
    text = response.text
    clock = time.process_time
    spider = ours.spider(page.url)  # built once per site, as a crawl does: not the page's cost
    started = clock()
    mine = ours.extract(spider, response)
    ours_cpu = clock() - started
    started = clock()
    theirs = trafilatura.extract(text, url=page.url, include_comments=False)
    trafilatura_cpu = clock() - started
    metadata = trafilatura.extract_metadata(text, default_url=page.url)
    result = {
        "page": page.page, "set": page.set, "language": page.language or "none", "script": page.script,
        "cpu": {"newscrawl": ours_cpu, "trafilatura": trafilatura_cpu},
        "body": {"newscrawl": mine["body"] or "", "trafilatura": theirs or ""},
        "title": {"newscrawl": mine["title"], "trafilatura": metadata.title if metadata else None},
        "date": {"newscrawl": mine["date"], "htmldate": htmldate.find_date(text, url=page.url),
                 "htmldate_original": htmldate.find_date(text, url=page.url, original_date=True)},
    }
    score: dict[str, Any] = {}
    if page.body and page.body_kind == "full":
        score["body"] = {name: shingle_match(page.body, result["body"][name]) for name in EXTRACTORS}
    elif page.body and page.body_kind == "prefix":  # the key is the article's start: does ours start so?
        score["prefix"] = {name: shingle_match(page.body, " ".join(tokens(result["body"][name])[: len(tokens(page.body))]))
                           for name in EXTRACTORS}
    if page.title:
        score["title"] = {name: same_headline(page.title, result["title"][name]) for name in EXTRACTORS}
    if page.date:
        score["date"] = {name: ("right" if same_day(page.date, result["date"][name]) else
                                "null" if not result["date"][name] else "wrong") for name in DATERS}
        result["key_date"] = page.date
    result["score"] = score
    return result


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Body, prefix, headline and date figures of each extractor over *results*."""
    out: dict[str, Any] = {"pages": len(results)}
    for field in ("body", "prefix"):
        counts = [r["score"][field] for r in results if field in r["score"]]
        if counts:
            out[field] = {name: body_scores([c[name] for c in counts]) for name in EXTRACTORS}
    titles = [r["score"]["title"] for r in results if "title" in r["score"]]
    if titles:
        out["title"] = {name: {"pages": len(titles), "accuracy": round(sum(t[name] for t in titles) / len(titles), 3)}
                        for name in EXTRACTORS}
    dates = [r["score"]["date"] for r in results if "date" in r["score"]]
    if dates:
        out["date"] = {name: {"pages": len(dates), **{rate: round(sum(d[name] == rate for d in dates) / len(dates), 3)
                                                      for rate in ("right", "null", "wrong")}} for name in DATERS}
    return out


def grouped(results: list[dict[str, Any]], key: str) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in results:
        groups[result[key]].append(result)
    return {name: summarize(members) for name, members in sorted(groups.items(), key=lambda kv: -len(kv[1]))}


def rows_for(total: dict[str, Any], cpu_ratio: float) -> list[dict[str, Any]]:
    body, title, dates = total.get("body", {}), total.get("title", {}), total.get("date", {})
    rows = []
    if body:
        ours, theirs = body["newscrawl"]["f1"], body["trafilatura"]["f1"]
        rows.append(row("accuracy", f"body F1, {body['newscrawl']['pages']} real pages", ours, "F1",
                        f"trafilatura {theirs}", round(ours / theirs, 3) if theirs else None,
                        ">= 1.0x trafilatura", ours >= theirs))
    if title:
        ours, theirs = title["newscrawl"]["accuracy"], title["trafilatura"]["accuracy"]
        rows.append(row("accuracy", f"headline exact, {title['newscrawl']['pages']} pages", ours, "share",
                        f"trafilatura {theirs}", round(ours / theirs, 3) if theirs else None, "report (no target)", None))
    if dates:
        ours, theirs = dates["newscrawl"]["right"], dates["htmldate_original"]["right"]
        rows.append(row("accuracy", f"date exact day, {dates['newscrawl']['pages']} pages", ours, "share",
                        f"htmldate original_date {theirs}, default {dates['htmldate']['right']}",
                        round(ours / theirs, 3) if theirs else None, ">= 1.0x htmldate(original_date)", ours >= theirs))
        rows.append(row("accuracy", "date null rate", dates["newscrawl"]["null"], "share",
                        f"wrong {dates['newscrawl']['wrong']}", None, "<= 0.05", dates["newscrawl"]["null"] <= 0.05))
    rows.append(row("accuracy", "CPU: parse_article / trafilatura.extract", round(cpu_ratio, 3), "x",
                    "trafilatura.extract, same pages", round(cpu_ratio, 3), "<= 0.4x", cpu_ratio <= 0.4))
    return rows


def run(limit: int | None = None, quick: bool = False, sets: tuple[str, ...] = SETS) -> dict[str, Any]:
    """Measure the dev set (its first *limit* pages; *quick*: 12 of each set). Returns rows for benchmarks.run."""
    with quiet_loggers("newscrawl", "trafilatura", "htmldate", "scrapy"):
        return _run(limit, quick, sets)


def _run(limit: int | None, quick: bool, sets: tuple[str, ...]) -> dict[str, Any]:
    try:
        pages = list(dev_pages(sets=sets))
    except DevSetMissing as missing:
        return {"missing": str(missing), "rows": [row("accuracy", "real pages", 0, "", "missing", None, str(missing), None)]}
    if quick:
        per_set: dict[str, int] = Counter()
        pages = [p for p in pages if (per_set.update([p.set]) or per_set[p.set] <= 12)]
    pages = pages[:limit] if limit else pages
    ours = Newscrawl()
    measure_page(pages[0], ours)  # warm-up: imports and first-call caches are no page's cost
    results = [measure_page(page, ours) for page in pages]
    cpu = {name: sum(r["cpu"][name] for r in results) for name in EXTRACTORS}
    total = summarize(results)
    return {
        "pages": len(results), "total": total, "cpu_seconds": {k: round(v, 2) for k, v in cpu.items()},
        "cpu_ratio": round(cpu["newscrawl"] / cpu["trafilatura"], 3),
        "by_set": grouped(results, "set"), "by_language": grouped(results, "language"),
        "by_script": grouped(results, "script"), "results": results,
        "rows": rows_for(total, cpu["newscrawl"] / cpu["trafilatura"]),
    }


def _cell(summary: dict[str, Any], field: str, name: str, measure: str) -> str:
    value = summary.get(field, {}).get(name, {}).get(measure)
    return "-" if value is None else f"{value:.3f}"


def report(result: dict[str, Any]) -> str:
    """The figures as Markdown tables: totals, then per set, language and script."""
    if "missing" in result:
        return result["missing"]
    lines = [f"{result['pages']} pages; CPU parse_article {result['cpu_seconds']['newscrawl']} s, "
             f"trafilatura.extract {result['cpu_seconds']['trafilatura']} s: ratio {result['cpu_ratio']}", ""]
    header = ("| group | pages | body F1 ours | P | R | body F1 trafilatura | P | R | headline ours | trafilatura "
              "| date ours | null | wrong | htmldate | original_date |")
    for title, groups in (("all", {"all": result["total"]}), ("set", result["by_set"]),
                          ("language", result["by_language"]), ("script", result["by_script"])):
        lines += [f"**by {title}**", "", header, "|" + "---|" * 15]
        for name, s in groups.items():
            cells = [_cell(s, "body", n, m) for n in EXTRACTORS for m in ("f1", "precision", "recall")]
            cells += [_cell(s, "title", n, "accuracy") for n in EXTRACTORS]
            cells += [_cell(s, "date", "newscrawl", m) for m in ("right", "null", "wrong")]
            cells += [_cell(s, "date", n, "right") for n in ("htmldate", "htmldate_original")]
            lines.append(f"| {name} | {s['pages']} | " + " | ".join(cells) + " |")
        lines.append("")
    prefix = result["total"].get("prefix")
    if prefix:
        lines.append("goose3 (key = the article's start only), shingle precision of the start: " + ", ".join(
            f"{n} {prefix[n]['precision']}" for n in EXTRACTORS))
    return "\n".join(lines)


def worst(result: dict[str, Any], count: int) -> str:
    """The pages where newscrawl's body F1 trails trafilatura's most: where to look next."""
    scored = []
    for r in result.get("results", []):
        if "body" in r["score"]:
            f1 = {n: 2 * precision(*r["score"]["body"][n]) * recall(*r["score"]["body"][n]) /
                  ((precision(*r["score"]["body"][n]) + recall(*r["score"]["body"][n])) or 1) for n in EXTRACTORS}
            scored.append((f1["newscrawl"] - f1["trafilatura"], r["page"], f1, r["score"]["body"]["newscrawl"]))
    scored.sort()
    return "\n".join(f"{gap:+.2f} {page} ours {f1['newscrawl']:.2f} (P {precision(*c):.2f} R {recall(*c):.2f}) "
                     f"trafilatura {f1['trafilatura']:.2f}" for gap, page, f1, c in scored[:count])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated subset of {','.join(SETS)}")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where our body trails most")
    parser.add_argument("--json", help="write every page's outputs and scores here")
    args = parser.parse_args()
    result = run(args.limit, sets=tuple(s for s in args.sets.split(",") if s))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, ensure_ascii=False, indent=1)
    print(report(result))
    if args.worst:
        print("\n" + worst(result, args.worst))


if __name__ == "__main__":
    main()
