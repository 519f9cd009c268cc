"""Benchmark ``python -m newscrawl export``: records/s and peak memory, near duplicates off and on, stories on.

    .venv/bin/python benchmarks/bench_export.py [--records 100000] [--json PATH]

Generates deterministic run files in a temporary directory (Urdu bodies of
2-4 KB from sentence templates; about 5% re-crawls of a URL, 5% the same text
under another URL, 5% near duplicates with one sentence changed), then runs
each configuration in a fresh interpreter so peak RSS values do not mix:

- baseline: ``json.loads`` over every line of the same files (just reading);
- export with near duplicates off and on, and with ``--stories`` (stories across outlets), at N
  records and at N/10 (the flatness check: peak memory at N over peak memory at N/10).

Results are ratios to the baseline measured in the same run, so they compare
across machines. Prints a table and writes benchmarks/results/export.json.
Run by hand or by a benchmark runner, never as a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "benchmarks" / "results" / "export.json"
RECORDS_PER_FILE = 5000
SITES = ("islamtimes", "urdupoint")

CITIES = ["اسلام آباد", "کراچی", "لاہور", "پشاور", "کوئٹہ", "ملتان", "فیصل آباد", "حیدرآباد", "سیالکوٹ",
          "گوادر", "مظفرآباد", "گلگت", "سکھر", "بہاولپور", "ایبٹ آباد"]
PEOPLE = ["وزیراعظم", "وزیر خزانہ", "وزیر خارجہ", "وزیر اعلیٰ", "چیف جسٹس", "گورنر", "اسپیکر قومی اسمبلی",
          "وزیر داخلہ", "وزیر تعلیم", "وزیر صحت"]
ORGS = ["اسٹیٹ بینک", "الیکشن کمیشن", "واپڈا", "ایف بی آر", "محکمہ موسمیات", "ہائر ایجوکیشن کمیشن",
        "نادرا", "پی آئی اے"]
TEMPLATES = [
    "{city} میں {person} نے ایک اعلیٰ سطحی اجلاس کی صدارت کی جس میں {n} نکاتی ایجنڈے پر غور کیا گیا۔",
    "{org} کے ترجمان نے بتایا کہ رواں سال کے دوران {n} ارب روپے کے منصوبے مکمل کیے جائیں گے۔",
    "{person} نے کہا کہ حکومت عوام کو ریلیف دینے کے لیے ہر ممکن اقدام کرے گی۔",
    "{city} میں گزشتہ {m} گھنٹوں کے دوران شدید بارش ریکارڈ کی گئی اور نشیبی علاقے زیر آب آ گئے۔",
    "{org} نے {city} سمیت ملک کے مختلف شہروں میں {n} نئے دفاتر کھولنے کا اعلان کیا ہے۔",
    "ماہرین کا کہنا ہے کہ مہنگائی کی شرح میں {m} فیصد کمی معیشت کے لیے خوش آئند ہے۔",
    "{city} کے شہریوں نے بجلی کی طویل بندش کے خلاف احتجاجی مظاہرہ کیا۔",
    "{person} نے {city} کے دورے کے دوران ترقیاتی منصوبوں کا معائنہ کیا۔",
    "پولیس کے مطابق {city} میں کارروائی کے دوران {m} مشتبہ افراد کو گرفتار کر لیا گیا۔",
    "{org} کی رپورٹ کے مطابق برآمدات میں گزشتہ ماہ کے مقابلے میں {m} فیصد اضافہ ہوا۔",
    "اجلاس میں فیصلہ کیا گیا کہ {city} میں {n} نئے اسکول اور {m} ہسپتال تعمیر کیے جائیں گے۔",
    "{person} نے صحافیوں سے گفتگو کرتے ہوئے کہا کہ مذاکرات کا دروازہ کھلا ہے۔",
    "قومی کرکٹ ٹیم نے {city} میں کھیلے گئے میچ میں مہمان ٹیم کو {m} وکٹوں سے شکست دی۔",
    "محکمہ صحت کے مطابق {city} میں ڈینگی کے {n} نئے کیسز رپورٹ ہوئے ہیں۔",
    "{org} نے شرح سود {m} فیصد پر برقرار رکھنے کا فیصلہ کیا ہے۔",
    "{city} میں سیاحوں کی آمد میں اضافے کے باعث ہوٹلوں کی بکنگ مکمل ہو گئی۔",
    "{person} نے ہدایت کی کہ تمام منصوبے مقررہ مدت میں مکمل کیے جائیں۔",
    "کسانوں نے مطالبہ کیا کہ گندم کی امدادی قیمت {n} روپے فی من مقرر کی جائے۔",
    "{city} کی ضلعی انتظامیہ نے تجاوزات کے خلاف آپریشن شروع کر دیا ہے۔",
    "ترجمان کے مطابق {org} کے نظام کو مکمل طور پر ڈیجیٹل بنایا جا رہا ہے۔",
    "{person} نے خطے میں امن و استحکام کے لیے مشترکہ کوششوں پر زور دیا۔",
    "طلبہ نے {city} میں منعقدہ سائنسی نمائش میں {m} منصوبے پیش کیے۔",
    "اسلام ٹائمز۔ {city} سے موصولہ اطلاعات کے مطابق صورتحال معمول پر آ رہی ہے۔",
    "{org} نے عوام کو خبردار کیا ہے کہ آئندہ {m} روز میں موسم شدید رہنے کا امکان ہے۔",
    "{person} کا کہنا تھا کہ نوجوانوں کو روزگار کی فراہمی حکومت کی اولین ترجیح ہے۔",
    "{city} میں {n} میگاواٹ کے شمسی توانائی منصوبے کا سنگ بنیاد رکھ دیا گیا۔",
    "تاجر برادری نے نئے ٹیکس اقدامات پر تحفظات کا اظہار کیا ہے۔",
    "{person} نے {org} کی کارکردگی پر اطمینان کا اظہار کیا۔",
    "عدالت نے کیس کی سماعت {m} روز کے لیے ملتوی کر دی۔",
    "{city} میں پانی کی قلت کے مسئلے کے حل کے لیے {n} ٹیوب ویل نصب کیے جائیں گے۔",
]
HEADLINES = ["{city} میں {person} کا اہم اعلان", "{org} کا {n} ارب روپے کا نیا منصوبہ",
             "{city}: {m} مشتبہ افراد گرفتار", "{person} کی {org} حکام سے ملاقات"]
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
CONFIGS = {"export": "export, near-dups off", "export-nd": "export, near-dups on", "export-st": "export, --stories"}


def fill(template: str, rng: random.Random) -> str:
    return template.format(city=rng.choice(CITIES), person=rng.choice(PEOPLE), org=rng.choice(ORGS),
                           n=rng.randint(1, 999), m=rng.randint(2, 60))


def base_article(number: int) -> dict:
    """Unique article *number*, rebuilt from its own seed (so duplicates need no memory)."""
    rng = random.Random(number * 7919 + 17)
    sentences = [fill(rng.choice(TEMPLATES), rng) for _ in range(rng.randint(16, 28))]
    headline = fill(rng.choice(HEADLINES), rng) + f" ({number})"
    site = SITES[number % len(SITES)]
    published = EPOCH + timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
    return {"number": number, "site": site, "headline": headline, "sentences": sentences, "published": published,
            "keywords": rng.sample(CITIES, 2)}


def to_record(article: dict, article_id: int, crawled: datetime) -> dict:
    from newscrawl.core.text import content_hash

    site = article["site"]
    slug = quote("-".join(article["headline"].split()[:6]))
    url = f"https://www.{site}.com/ur/news/{article_id}/{slug}"
    body = "\n\n".join(article["sentences"])
    return {
        "url": url, "canonical_url": url, "site": site, "article_id": str(article_id), "language": "ur",
        "headline": article["headline"], "published_at": article["published"].isoformat(),
        "published_text": article["published"].strftime("%d %B %Y GMT"), "summary": article["sentences"][0],
        "body": body, "source": "اسلام ٹائمز", "keywords": article["keywords"],
        "read_also": [{"url": f"https://www.{site}.com/ur/news/{article_id + 7}/x", "title": article["headline"]}],
        "crawled_at": crawled.isoformat().replace("+00:00", "Z"),
        "content_hash": content_hash(article["headline"], body),
    }


def generate(directory: Path, records: int, seed: int = 2025) -> dict[str, int]:
    """Write *records* lines of run files; return how many of each kind."""
    rng = random.Random(seed)
    kinds = {"unique": 0, "url_recrawl": 0, "same_text_new_url": 0, "near_duplicate": 0}
    stream = None
    for position in range(records):
        if position % RECORDS_PER_FILE == 0:
            if stream:
                stream.close()
            start = EPOCH + timedelta(days=position // RECORDS_PER_FILE)
            path = directory / SITES[(position // RECORDS_PER_FILE) % 2] / f"{start:%Y%m%dT%H%M%SZ}.jsonl"
            path.parent.mkdir(parents=True, exist_ok=True)
            stream = open(path, "w", encoding="utf-8")
        crawled = EPOCH + timedelta(seconds=position)
        roll = rng.random()
        if kinds["unique"] > 100 and roll < 0.15:
            earlier = rng.randrange(kinds["unique"])
            article = base_article(earlier)
            if roll < 0.05:
                kind, article_id = "url_recrawl", earlier
            elif roll < 0.10:
                kind, article_id = "same_text_new_url", records + position
                article["published"] += timedelta(hours=3)
            else:
                kind, article_id = "near_duplicate", records + position
                article["sentences"][rng.randrange(len(article["sentences"]))] = fill(rng.choice(TEMPLATES), rng)
        else:
            kind, article_id = "unique", kinds["unique"]
            article = base_article(article_id)
        kinds[kind] += 1
        stream.write(json.dumps(to_record(article, article_id, crawled), ensure_ascii=False) + "\n")
    if stream:
        stream.close()
    return kinds


# --- children: one configuration per fresh interpreter -------------------------------------------


def child(args: argparse.Namespace) -> None:
    data = Path(args.data)
    start = time.perf_counter()
    if args.child == "baseline":
        lines = 0
        for path in sorted(data.rglob("*.jsonl")):
            with open(path, "rb") as stream:
                for line in stream:
                    json.loads(line)
                    lines += 1
        extra = {}
    else:
        sys.path.insert(0, str(PROJECT))
        from newscrawl.dataset.export import ExportOptions, run_export

        from newscrawl.dataset.story_table import StoryOptions

        stats = run_export(ExportOptions(data_dir=data, out=Path(args.out), command="bench",
                                         near_duplicates=args.child == "export-nd",
                                         stories=StoryOptions() if args.child == "export-st" else None))
        lines = stats["counts"]["lines_read"]
        extra = {"exported": stats["counts"]["exported"], "removed": stats["duplicates_removed"]}
        if "stories" in stats:
            extra["stories_of_several_records"] = stats["stories"]["stories_of_several_records"]
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"lines": lines, "seconds": seconds, "peak_mb": peak_mb, **extra}))


def measure(kind: str, data: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", kind, "--data", str(data), "--out", str(out)],
                          capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["records_per_s"] = result["lines"] / result["seconds"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000, help="records at full size (default 100000)")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"where to write results (default {RESULTS})")
    parser.add_argument("--child", choices=("baseline", *CONFIGS), help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    sys.path.insert(0, str(PROJECT))
    small = max(args.records // 10, 1)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        kinds = {size: generate(root / f"data-{size}", size) for size in (args.records, small)}
        print(f"generated {args.records} + {small} records in {time.perf_counter() - started:.1f}s: {kinds[args.records]}",
              file=sys.stderr)
        runs = []
        for size in (args.records, small):
            for kind in ("baseline", *CONFIGS):
                if kind == "baseline" and size == small:
                    continue
                result = measure(kind, root / f"data-{size}", root / f"out-{kind}-{size}")
                runs.append({"config": kind, "records": size, **result})
                print(f"  {kind:10} {size:>7} records: {result['seconds']:7.1f}s", file=sys.stderr)

    def run(kind: str, size: int) -> dict:
        return next(r for r in runs if r["config"] == kind and r["records"] == size)

    baseline = run("baseline", args.records)
    for entry in runs:
        entry["speed_vs_baseline"] = entry["records_per_s"] / baseline["records_per_s"]
    ratios = {
        "peak_memory_full_over_tenth": {
            kind: run(kind, args.records)["peak_mb"] / run(kind, small)["peak_mb"] for kind in CONFIGS
        },
        "speed_vs_baseline": {kind: run(kind, args.records)["speed_vs_baseline"] for kind in CONFIGS},
    }
    report = {
        "benchmark": "export",
        "records": args.records,
        "small": small,
        "generated": kinds[args.records],
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "runs": runs,
        "ratios": ratios,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    print(f"\n{'configuration':28} {'records':>8} {'seconds':>8} {'records/s':>10} {'peak MB':>8} {'x baseline':>10}")
    for entry in runs:
        label = {"baseline": "baseline (json.loads only)", **CONFIGS}[entry["config"]]
        print(f"{label:28} {entry['records']:>8} {entry['seconds']:>8.1f} {entry['records_per_s']:>10.0f} "
              f"{entry['peak_mb']:>8.0f} {entry['speed_vs_baseline']:>10.3f}")
    for kind, ratio in ratios["peak_memory_full_over_tenth"].items():
        print(f"peak memory {args.records}/{small} records, {kind}: {ratio:.2f}x")
    print(f"results: {args.json}")


if __name__ == "__main__":
    main()
