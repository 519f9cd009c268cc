"""WARC: re-extraction speed from an archive of real-weight pages, and archiving's cost in a crawl.

    .venv/bin/python -m benchmarks.bench_warc [--pages 300] [--seconds 15] [--rounds 2] [--quick] [--reextract-only]

Re-extraction: a WARC of real-weight article pages (the mirror's articles inside the
chrome of real Urdu home pages from ../shared/realpages, 100-300 KB each), as hosts of
the islamtimes site file. Measured in one run, interleaved (ABBA):

- ``newscrawl reextract`` with 1 and 2 workers, the whole command as a user runs it
  (start-up, scan, workers, merge): pages per CPU-second of all its processes (the machine
  is shared: CPU time, not wall time; target >= 10 with 1 worker), and pages/s of wall time;
- ``trafilatura.extract`` over the same records (read with warcio, one process, CPU time);
- reading alone (``newscrawl.warc.reader.read_responses``, warcio underneath):
  target: its CPU time under 10% of re-extraction's (1 worker);
- peak RSS of a worker at N and 10N pages: memory flat in the number of records (< 1.5x).

Archiving: ``scrapy crawl islamtimes`` on the synthetic mirror with and without
``NEWSCRAWL_WARC_DIR``, alternating; pages/min with over without (target >= 0.9); the CPU
per page of the crawl process with and without (on a shared machine wall time says how
busy the others are; the CPU the crawl's own core spends per page is what archiving
changes), and of the writer process; WARC bytes written per page
(``newscrawl/warc/bytes`` / ``newscrawl/warc/records``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path
from collections.abc import Iterable, Iterator
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from benchmarks.common import PROJECT, row

HOST = "https://www.islamtimes.com"


def heavy_pages(count: int) -> list[tuple[str, bytes]]:
    """*count* (URL, HTML) pairs: mirror articles in real home-page chrome, each under its own article URL."""
    return list(iter_heavy_pages(count))


def iter_heavy_pages(count: int) -> Iterator[tuple[str, bytes]]:
    """:func:`heavy_pages` one at a time (a WARC of thousands is written without holding them)."""
    from devtools.mirror.build import FIXTURES

    try:  # the extraction engineer's builder (branch i12), once it is on main
        from devtools.mirror.heavy import CHROME_SITES, load_chrome  # type: ignore[import-not-found]
        chromes = [load_chrome(site) for site in CHROME_SITES]
        wrap = [chrome.wrap for chrome in chromes]
    except ImportError:
        wrap = [_SmallChrome(site).wrap for site in ("islamtimes.org", "humsub.com.pk", "dawnnews.tv",
                                                      "jang.com.pk", "express.pk")]
    routes = json.loads((FIXTURES / "site" / "manifest.json").read_text(encoding="utf-8"))["routes"]
    articles = [(path, (FIXTURES / "site" / route["file"]).read_text(encoding="utf-8"))
                for path, route in routes.items() if re.match(r"^/ur/news/\d+/", path) and route["status"] == 200
                and "utf-8" in route["content_type"].lower()]
    for n in range(count):
        path, html = articles[n % len(articles)]
        page_id = 5_000_000 + n
        url = HOST + re.sub(r"^/ur/news/\d+/", f"/ur/news/{page_id}/", path)
        yield url, wrap[n % len(wrap)](html)


class _SmallChrome:
    """Stand-in for i12's devtools/mirror/heavy.py until it lands (then fold into it): the
    article's head, and its body inside the middle of a real home page's body."""

    def __init__(self, site: str) -> None:
        text = (PROJECT.parent / "shared" / "realpages" / f"{site}.html").read_text(encoding="utf-8", errors="replace")
        body = re.search(r"<body[^>]*>(.*)</body>", text, re.DOTALL | re.IGNORECASE)
        inner = body.group(1) if body else text
        middle = len(inner) // 2
        cut = inner.find("<div", middle)
        cut = cut if cut >= 0 else middle
        self.before, self.after = inner[:cut], inner[cut:]

    def wrap(self, article_html: str) -> bytes:
        head = re.search(r"<head[^>]*>.*?</head>", article_html, re.DOTALL | re.IGNORECASE)
        body = re.search(r"<body[^>]*>(.*)</body>", article_html, re.DOTALL | re.IGNORECASE)
        return (f"<!DOCTYPE html><html lang=\"ur\">{head.group(0) if head else ''}<body>{self.before}"
                f"{body.group(1) if body else article_html}{self.after}</body></html>").encode()


def write_warc(pages: Iterable[tuple[str, bytes]], path: Path) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="WARC/1.1")
        for url, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), length=len(body),
                                                          http_headers=headers))


def reading_alone(path: Path) -> tuple[float, int]:
    from newscrawl.warc.reader import ReadCounts, read_responses

    started = time.process_time()
    count = sum(1 for _ in read_responses(path, lambda *_: True, ReadCounts()))
    return time.process_time() - started, count


def trafilatura_alone(path: Path) -> tuple[float, int]:
    import trafilatura

    from newscrawl.warc.reader import ReadCounts, read_responses

    started = time.process_time()
    count = 0
    for page in read_responses(path, lambda *_: True, ReadCounts()):
        trafilatura.extract(page.body.decode("utf-8"), url=page.uri)
        count += 1
    return time.process_time() - started, count


_PEAK = ("import resource, sys; from newscrawl.__main__ import main; code = main(sys.argv[1:]); "
         "me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN); "
         "print('PEAK_KB', workers.ru_maxrss, file=sys.stderr); "
         "print('CPU_S', sum((me.ru_utime, me.ru_stime, workers.ru_utime, workers.ru_stime)), file=sys.stderr); "
         "sys.exit(code)")


def reextract(path: Path, workers: int, out: Path) -> tuple[float, int, int, float]:
    """Wall seconds, pages replayed, peak RSS (KB) of the largest worker, CPU seconds of every process:
    the whole command, as a user runs it."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, "reextract", str(path), "-o", str(out),
                           "--workers", str(workers), "--no-progress"],
                          cwd=PROJECT, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    replayed = int(re.search(r"pages replayed\s*: article: (\d+)", done.stderr).group(1))
    peak = int(re.search(r"PEAK_KB (\d+)", done.stderr).group(1))
    cpu = float(re.search(r"CPU_S ([\d.]+)", done.stderr).group(1))
    return seconds, replayed, peak, cpu


def run_reextract(pages: int, quick: bool, factor: int = 10) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "pages.warc.gz", Path(tmp) / f"pages-{factor}x.warc.gz"
        write_warc(iter_heavy_pages(pages), small)
        write_warc(iter_heavy_pages(pages * factor), large)
        sizes = [len(body) for _, body in iter_heavy_pages(pages)]
        cpu: dict[str, list[float]] = {"read": [], "trafilatura": [], "re1": [], "re2": []}
        wall: dict[str, list[float]] = {"re1": [], "re2": []}
        peaks: dict[str, int] = {}
        order = ["read", "trafilatura", "re1", "re2"]
        for name in order + order[::-1] if not quick else order:
            if name == "read":
                seconds, count = reading_alone(small)
            elif name == "trafilatura":
                seconds, count = trafilatura_alone(small)
            else:
                elapsed, count, peak, seconds = reextract(small, int(name[-1]), Path(tmp) / f"{name}.jsonl")
                peaks[name] = max(peaks.get(name, 0), peak)
                wall[name].append(elapsed)
            assert count == pages, (name, count)
            cpu[name].append(seconds)
        _, count, peak_large, cpu_large = reextract(large, 1, Path(tmp) / "large.jsonl")
        assert count == pages * factor, count
        warc_bytes = small.stat().st_size
    best = {name: min(values) for name, values in cpu.items()}
    rate = {name: pages / seconds for name, seconds in best.items()}
    rate_large = pages * factor / cpu_large
    wall_rate = {name: pages / min(values) for name, values in wall.items()}
    reading_share = best["read"] / best["re1"]
    memory_ratio = peak_large / peaks["re1"]
    return {
        "pages": pages, "page_kb_min_median_max": [round(min(sizes) / 1024), round(sorted(sizes)[len(sizes) // 2] / 1024),
                                                   round(max(sizes) / 1024)],
        "warc_bytes_per_page": warc_bytes / pages, "cpu_s": cpu, "wall_s": wall, "pages_per_cpu_s": rate,
        "pages_per_wall_s": wall_rate, "peak_rss_kb": {**peaks, f"re1_{factor}x": peak_large},
        "cpu_s_large": cpu_large,
        "rows": [
            row("warc", f"reextract pages per CPU-second, 1 worker ({pages} real-weight pages, whole command)",
                round(rate["re1"], 1), "pages/CPU-s", f"trafilatura.extract {rate['trafilatura']:.1f}/CPU-s",
                round(rate["re1"] / rate["trafilatura"], 2), ">= 10", rate["re1"] >= 10),
            row("warc", f"the same over {pages * factor} pages (start-up shared by more pages)", round(rate_large, 1),
                "pages/CPU-s", f"{pages} pages {rate['re1']:.1f}/CPU-s", round(rate_large / rate["re1"], 2), ">= 10",
                rate_large >= 10),
            row("warc", "reextract pages per CPU-second, 2 workers", round(rate["re2"], 1), "pages/CPU-s",
                f"1 worker {rate['re1']:.1f}/CPU-s", round(rate["re2"] / rate["re1"], 2), "report (no target)", None),
            row("warc", "WARC reading alone (warcio), share of re-extraction CPU", round(rate["read"]), "pages/CPU-s",
                f"reextract 1 worker {rate['re1']:.1f}/CPU-s", round(reading_share, 3), "< 0.10", reading_share < 0.10),
            row("warc", "reextract pages/s of wall time, 1 and 2 workers (the machine's load decides)",
                round(wall_rate["re1"], 1), "pages/s", f"2 workers {wall_rate['re2']:.1f}/s", None,
                "report (no target)", None),
            row("warc", f"reextract worker peak RSS, {factor * pages} vs {pages} pages", round(peak_large / 1024),
                "MB", f"{peaks['re1'] / 1024:.0f} MB", round(memory_ratio, 2), "flat (< 1.5)", memory_ratio < 1.5),
        ],
    }


#: ``scrapy crawl`` that writes the CPU seconds of its own process and of its children (the WARC
#: writer) to $CPU_OUT at exit: on a shared machine CPU per page says what archiving costs the crawl's core
_CPU = ("import atexit, os, resource, sys\n"
        "def cpu():\n"
        "    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "    with open(os.environ['CPU_OUT'], 'w') as out:\n"
        "        out.write(f'{me.ru_utime + me.ru_stime} {kids.ru_utime + kids.ru_stime}')\n"
        "atexit.register(cpu)\n"
        "from scrapy.cmdline import execute\n"
        "sys.argv[0] = 'scrapy'\n"
        "execute()\n")


def archiving_crawl(base_url: str, seconds: float, warc_dir: Path | None) -> dict[str, float]:
    """bench_crawl's crawl of the synthetic mirror (its settings), with or without archiving: its counts,
    the WARC stats, and the CPU seconds of the crawl process and of the writer process."""
    from benchmarks.bench_crawl import CRAWL_SETTINGS

    with tempfile.TemporaryDirectory() as tmp:
        report, cpu = Path(tmp) / "report.json", Path(tmp) / "cpu"
        command = [sys.executable, "-c", _CPU, "crawl", "islamtimes", "-a", f"base_url={base_url}",
                   "-s", f"NEWSCRAWL_JSONL_PATH={Path(tmp) / 'out.jsonl'}", "-s", f"NEWSCRAWL_REPORT_PATH={report}",
                   "-s", f"CLOSESPIDER_TIMEOUT={seconds}"]
        for setting in CRAWL_SETTINGS + ((f"NEWSCRAWL_WARC_DIR={warc_dir}",) if warc_dir else ()):
            command += ["-s", setting]
        subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=3600,
                       env={**os.environ, "CPU_OUT": str(cpu)})
        stats = json.loads(report.read_text(encoding="utf-8"))["stats"] if report.exists() else {}
        crawl_cpu, writer_cpu = map(float, cpu.read_text().split()) if cpu.exists() else (0.0, 0.0)
    keys = ("response_received_count", "elapsed_time_seconds", "newscrawl/warc/bytes", "newscrawl/warc/records")
    return {**{key: float(stats.get(key, 0)) for key in keys}, "crawl_cpu_s": crawl_cpu, "writer_cpu_s": writer_cpu}


def run_archiving(seconds: float, rounds: int, articles: int) -> dict[str, Any]:
    from benchmarks.bench_crawl import pages_per_min, synthetic_mirror

    runs: dict[str, list[dict[str, float]]] = {"off": [], "on": []}
    with synthetic_mirror(articles) as (base_url, _), tempfile.TemporaryDirectory() as tmp:
        for index in range(rounds):
            for label in (("off", "on") if index % 2 == 0 else ("on", "off")):
                directory = Path(tmp) / f"warc-{index}" if label == "on" else None
                runs[label].append(archiving_crawl(base_url, seconds, directory))
    total = {label: {key: sum(r[key] for r in done) for key in done[0]} for label, done in runs.items()}
    off, on = pages_per_min(total["off"]), pages_per_min(total["on"])
    ratio = on / off if off else 0.0
    pages = {label: total[label]["response_received_count"] or 1.0 for label in total}
    cpu_off, cpu_on = (1000 * total[label]["crawl_cpu_s"] / pages[label] for label in ("off", "on"))
    writer = 1000 * total["on"]["writer_cpu_s"] / pages["on"]
    records = total["on"]["newscrawl/warc/records"]
    per_page = total["on"]["newscrawl/warc/bytes"] / records if records else 0.0
    return {
        "off": total["off"], "on": total["on"], "load": os.getloadavg(),
        "rows": [
            row("warc", "crawl pages/min with WARC archiving (wall time: the machine's load decides)", round(on),
                "pages/min", f"without {off:.0f} pages/min", round(ratio, 2), ">= 0.9 of without", ratio >= 0.9),
            row("warc", "CPU per page of the crawl process with WARC archiving (the writer is another process)",
                round(cpu_on, 2), "ms/page", f"without {cpu_off:.2f} ms/page", round(cpu_off / cpu_on, 2) if cpu_on else None,
                ">= 0.9 (without / with)", cpu_on > 0 and cpu_off / cpu_on >= 0.9),
            row("warc", "CPU per page of the WARC writer process", round(writer, 2), "ms/page",
                "builds, hashes, compresses, writes", None, "report (no target)", None),
            row("warc", "WARC bytes per page (synthetic ~5 KB pages, gzip)", round(per_page), "B/page",
                "request + response records", None, "report (no target)", None),
        ],
    }


def run(pages: int = 300, seconds: float = 15, rounds: int = 2, quick: bool = False) -> dict[str, Any]:
    if quick:
        pages, seconds, rounds = min(pages, 60), min(seconds, 3), 1
    extraction = run_reextract(pages, quick)
    archiving = run_archiving(seconds, rounds, 20_000)
    extraction["rows"].insert(-1, row("warc", "WARC bytes per real-weight page (gzip, response record)",
                                     round(extraction["warc_bytes_per_page"]), "B/page",
                                     f"page median {extraction['page_kb_min_median_max'][1]} KB", None,
                                     "report (no target)", None))
    return {"reextract": extraction, "archiving": archiving, "rows": extraction["rows"] + archiving["rows"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--reextract-only", action="store_true", help="re-extraction only, no archiving crawls")
    args = parser.parse_args()
    if args.reextract_only:
        result = run_reextract(args.pages, args.quick)
    else:
        result = run(args.pages, args.seconds, args.rounds, args.quick)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
