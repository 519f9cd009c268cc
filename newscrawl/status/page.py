"""The status page: one self-contained HTML file (inline CSS and SVG, no script, no external asset).

Every string from a run file, a page or a directory name goes through :func:`html.escape`
here; the charts escape their own titles (newscrawl.status.svg). Headlines are Urdu: each is
``dir="rtl" lang="ur"``, isolated with ``<bdi>`` so a stray direction mark cannot reorder the page.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from newscrawl.status import svg
from newscrawl.status.aggregate import DAYS, SEVERITY
from newscrawl.status.cells import ago, exit_code, size, when

MARK_WORDS = {"red": "needs you", "amber": "watch", "green": "healthy", "grey": "no runs"}
MARK_COLOURS = {"red": svg.RED, "amber": svg.AMBER, "green": svg.GREEN, "grey": svg.GREY}

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#1d1d1d;background:#f6f6f4}
main{max-width:1180px;margin:0 auto;padding:18px 22px 40px}
h1{font-size:22px;margin:0 0 2px} h2{font-size:18px;margin:0} h3{font-size:13px;margin:16px 0 6px;color:#444;
text-transform:uppercase;letter-spacing:.04em}
.meta{color:#666;font-size:12.5px;margin-bottom:14px}
.counts span{display:inline-block;margin-right:14px;font-weight:600}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e4e4;vertical-align:top}
th{font-size:12px;color:#555;font-weight:600;background:#fafafa;white-space:nowrap}
table.overview td{white-space:nowrap} table.overview td.why{white-space:normal}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.mark{display:inline-block;min-width:76px;padding:2px 8px;border-radius:10px;color:#fff;font-weight:600;font-size:12px;
text-align:center}
.mark.amber{color:#222}
tr.red td{background:#fdf0f0} tr.amber td{background:#fff8e6}
.why{font-size:12.5px;color:#333;max-width:420px;overflow-wrap:anywhere}
.site{background:#fff;border:1px solid #ddd;border-left:6px solid #bbb;margin:22px 0;padding:12px 16px 16px}
.site.red{border-left-color:#c62828} .site.amber{border-left-color:#e69500} .site.green{border-left-color:#2e7d32}
.facts{display:flex;flex-wrap:wrap;gap:6px 22px;font-size:12.5px;color:#444;margin:6px 0 0}
.facts b{color:#111}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(470px,1fr));gap:4px 28px}
svg.chart{display:block;max-width:100%;height:auto} svg .axis{font:10px sans-serif;fill:#666}
table.strips{width:auto} .strips td{padding:2px 8px;border:0} .strips td:first-child{width:110px;font-size:12px;color:#444}
ol.headlines{margin:0;padding:0 22px 0 0;font:17px/1.9 "Noto Nastaliq Urdu","Noto Naskh Arabic","Jameel Noori Nastaleeq",serif}
ol.headlines small{font:11px sans-serif;color:#777;white-space:nowrap}
a{color:#1f4f96}
.small{font-size:12px}
.legend span{display:inline-block;width:10px;height:10px;margin:0 3px 0 10px;vertical-align:middle}
"""


def render(status: dict[str, Any]) -> str:
    """The whole page for the figures of newscrawl.status.collect.collect."""
    sites = status["sites"]
    now = datetime.fromisoformat(status["generated"])
    marks = [site["mark"] for site in sites]
    counts = " ".join(
        f'<span style="color:{MARK_COLOURS[mark]}">{marks.count(mark)} {MARK_WORDS[mark]}</span>'
        for mark in ("red", "amber", "green", "grey")
        if marks.count(mark)
    )
    title = f"{marks.count('red')} need you · {len(sites)} sites · newscrawl status"
    body = [
        f"<h1>Crawl status</h1><div class=meta>{escape(status['data_dir'])} · made {when(status['generated'])}"
        f" by <code>newscrawl status</code> · runs of the last {DAYS} days</div>",
        f"<div class=counts>{counts or 'no sites yet'}</div>",
        overview(sites, now),
        *(site_section(index, site, now) for index, site in enumerate(sites)),
        datasets_section(status["datasets"]),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body><main>\n"
        + "\n".join(body)
        + "\n</main></body></html>\n"
    )


def mark(name: str) -> str:
    return f'<span class="mark {name}" style="background:{MARK_COLOURS[name]}">{MARK_WORDS[name]}</span>'


def overview(sites: list[dict[str, Any]], now: datetime) -> str:
    head = (
        "<tr><th>state</th><th>site</th><th>last run</th><th class=num>exit</th><th>why</th>"
        "<th>last healthy</th><th class=num>articles 24 h</th><th class=num>7 days</th><th class=num>usual day</th></tr>"
    )
    rows = []
    for index, site in enumerate(sites):
        last = site["last_run"] or {}
        usual = site["usual_per_day"]
        running = site["running"]
        now_running = (
            f"<div class=small>running: pid {running['pid']} since {escape(running['since'])}</div>" if running else ""
        )
        rows.append(
            f'<tr class="{site["mark"]}" data-site="{escape(site["site"])}"><td>{mark(site["mark"])}</td>'
            f'<td><a href="#site-{index}"><b>{escape(site["site"])}</b></a>{now_running}</td>'
            f"<td>{ago(last.get('start'), now)}</td><td class=num>{exit_code(last.get('code'))}</td>"
            f"<td class=why>{escape(site['why'])}</td>"
            f"<td>{ago((site['last_healthy'] or {}).get('start'), now)}</td>"
            f"<td class=num>{site['articles_24h']:,}</td><td class=num>{site['articles_7d']:,}</td>"
            f"<td class=num>{'-' if usual is None else f'{usual:,.0f}'}</td></tr>"
        )
    return f'<table class="overview">{head}{"".join(rows)}</table>'


def site_section(index: int, site: dict[str, Any], now: datetime) -> str:
    name = escape(site["site"])
    disk = site["disk"]
    warc = site["warc"]
    facts = [
        f"<span>runs <b>{site['runs']:,}</b></span>",
        f"<span>seen-store <b>{size(disk['seen_store_bytes'])}</b></span>",
        f"<span>run files <b>{disk['run_files']:,}</b>, <b>{size(disk['run_files_bytes'])}</b></span>",
        f"<span>last export read its runs <b>{ago(site['last_export'], now)}</b></span>",
    ]
    if warc["files"]:
        facts.append(f"<span>WARC written <b>{warc['files']:,}</b> files, <b>{size(warc['bytes'])}</b></span>")
    return (
        f'<section class="site {site["mark"]}" id="site-{index}" data-site="{name}">'
        f"<h2>{mark(site['mark'])} {name}</h2><div class=why>{escape(site['why'])}</div>"
        f"<div class=facts>{''.join(facts)}</div><div class=grid>"
        f"<div><h3>Articles per day, {DAYS} days</h3>{per_day_chart(site)}{_legend()}</div>"
        f"<div><h3>Per run, last {len(site['recent_runs'])} runs</h3>{per_run_charts(site)}</div>"
        f"<div><h3>Field coverage, last {len(site['coverage']['runs'])} runs with records</h3>"
        f"{coverage_strips(site)}</div>"
        f"<div><h3>Drop and error reasons</h3>{reasons_table(site)}</div>"
        f"<div><h3>Latest headlines</h3>{headlines(site)}</div>"
        f"<div><h3>Last runs</h3>{runs_table(site, now)}</div>"
        "</div></section>"
    )


def per_day_chart(site: dict[str, Any]) -> str:
    days = site["per_day"]
    return svg.bars(
        [day["records"] for day in days],
        [svg.SEVERITY_COLOURS[day["worst"]] for day in days],
        [f"{day['day']}: {day['records']:,} articles, {day['runs']} runs, {day['pages']:,} pages" for day in days],
        f"{site['site']}: articles per day",
        left=days[0]["day"] if days else "",
        right=days[-1]["day"] if days else "",
    )


def per_run_charts(site: dict[str, Any]) -> str:
    recent = site["recent_runs"]
    bar = max(2.0, min(16.0, 500 / max(len(recent), 1)))
    colours = [svg.SEVERITY_COLOURS[SEVERITY.get(run["status"], 1)] for run in recent]
    parts = []
    for key, label, colour in (
        ("pages", "pages", svg.INK),
        ("records", "articles", svg.BLUE),
        ("dropped", "dropped", svg.AMBER),
    ):
        titles = [f"{run['stamp']}: {run[key]:,} {label} (exit {exit_code(run['code'])})" for run in recent]
        parts.append(
            f"<div class=small>{label}</div>"
            + svg.bars(
                [run[key] for run in recent],
                [colour] * len(recent),
                titles,
                f"{site['site']}: {label} per run",
                height=52,
                bar=bar,
            )
        )
    titles = [f"{run['stamp']}: {run['status']} (exit {exit_code(run['code'])})" for run in recent]
    parts.append("<div class=small>verdict</div>" + _verdict_strip(colours, titles, site["site"], bar))
    return "".join(parts)


def _verdict_strip(colours: list[str], titles: list[str], name: str, bar: float) -> str:
    body = "".join(
        f'<rect x="{i * bar:.1f}" y="0" width="{max(bar - 1, 1):.1f}" height="10" fill="{colour}">'
        f"<title>{escape(title)}</title></rect>"
        for i, (colour, title) in enumerate(zip(colours, titles, strict=True))
    )
    width = int(len(colours) * bar) or 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart verdicts" role="img" '
        f'aria-label="{escape(name)}: verdict per run" width="{width}" height="10" viewBox="0 0 {width} 10">{body}</svg>'
    )


def coverage_strips(site: dict[str, Any]) -> str:
    strips = site["coverage"]
    if not strips["runs"]:
        return "<p class=small>no run has measured coverage yet (a run needs records)</p>"
    rows = []
    for field, values in strips["fields"].items():
        titles = [
            f"{stamp}: {field} " + ("-" if v is None else f"{v:.0%}")
            for stamp, v in zip(strips["runs"], values, strict=True)
        ]
        now = values[-1]
        chart = svg.strip(values, titles, f"{site['site']}: {field} coverage", cell=max(6, min(20, 460 // len(values))))
        rows.append(
            f"<tr><td>{escape(field)}</td><td>{chart}</td>"
            f"<td class=num>{'-' if now is None else f'{now:.0%}'}</td></tr>"
        )
    return f'<table class="strips">{"".join(rows)}</table>'


def reasons_table(site: dict[str, Any]) -> str:
    if not site["reasons"]:
        return f"<p class=small>nothing dropped and no errors in {DAYS} days</p>"
    head = (
        f"<tr><th>reason</th><th class=num>last run</th><th class=num>7 days</th><th class=num>{DAYS} days</th>"
        "<th>per day</th></tr>"
    )
    rows = []
    for entry in site["reasons"]:
        titles = [f"{entry['reason']}: {n:,}" for n in entry["per_day"]]
        kind = " <span class=small>(error)</span>" if entry["kind"] == "error" else ""
        rows.append(
            f"<tr><td>{escape(entry['reason'])}{kind}</td><td class=num>{entry['last_run']:,}</td>"
            f"<td class=num>{entry['days_7']:,}</td><td class=num>{entry[f'days_{DAYS}']:,}</td>"
            f"<td>{svg.sparkline(entry['per_day'], titles, entry['reason'])}</td></tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


def headlines(site: dict[str, Any]) -> str:
    if not site["headlines"]:
        return "<p class=small>no records in the run files on disk</p>"
    items = []
    for entry in site["headlines"]:
        text = f'<bdi dir="rtl">{escape(entry["headline"])}</bdi>'
        url = entry["url"] or ""
        link = (
            f'<a href="{escape(url)}" rel="noreferrer">{text}</a>' if url.startswith(("http://", "https://")) else text
        )
        when = f' <small dir="ltr">{escape(entry["published_at"][:10])}</small>' if entry["published_at"] else ""
        items.append(f'<li class="headline" dir="rtl" lang="ur">{link}{when}</li>')
    return f'<ol class="headlines" dir="rtl" lang="ur">{"".join(items)}</ol>'


def runs_table(site: dict[str, Any], now: datetime) -> str:
    head = "<tr><th>start</th><th>status</th><th class=num>exit</th><th class=num>pages</th><th class=num>articles</th><th>reason</th></tr>"
    rows = [
        f"<tr><td>{ago(run['start'], now)}</td><td>{escape(run['status'])}</td><td class=num>{exit_code(run['code'])}</td>"
        f"<td class=num>{run['pages']:,}</td><td class=num>{run['records']:,}</td><td class=why>{escape(run['reason'])}</td></tr>"
        for run in site["last_runs"]
    ]
    return f"<table class=small>{head}{''.join(rows)}</table>"


def datasets_section(datasets: list[dict[str, Any]]) -> str:
    if not datasets:
        return (
            "<h2 style='margin-top:26px'>Datasets</h2><p class=small>no export found under the data directory "
            "(<code>newscrawl status DATA_DIR --dataset DIR</code> names one elsewhere)</p>"
        )
    head = "<tr><th>export</th><th>when</th><th class=num>records</th><th class=num>near duplicates merged</th><th class=num>all duplicates</th><th>checksums</th></tr>"
    rows = []
    for entry in datasets:
        ok = not entry["problems"] and entry["files_verified"]
        sums = f"{entry['files_verified']} files verified" + "".join(
            f"<div style='color:{svg.RED}'>{escape(problem)}</div>" for problem in entry["problems"][:5]
        )
        rows.append(
            f'<tr class="{"green" if ok else "red"}"><td><code>{escape(entry["path"])}</code>'
            f"{'' if entry['readable'] else ' (stats.json unreadable)'}</td><td>{when(entry['when'])}</td>"
            f"<td class=num>{entry['records']:,}</td><td class=num>{entry['near_duplicates']:,}</td>"
            f"<td class=num>{entry['duplicates']:,}</td><td>{sums}</td></tr>"
        )
    return f"<h2 style='margin-top:26px'>Datasets</h2><table>{head}{''.join(rows)}</table>"


def _legend() -> str:
    items = (("healthy", svg.GREEN), ("watch", svg.AMBER), ("needs you", svg.RED), ("no run", svg.GREY))
    return (
        "<div class='legend small'>worst run of the day:"
        + "".join(f"<span style='background:{colour}'></span>{word}" for word, colour in items)
        + "</div>"
    )
