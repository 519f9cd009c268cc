"""The status page in a real browser: Debian's chromium, headless, driven by Playwright, from file://.

Playwright's own browser download is not reachable here, so it launches /usr/bin/chromium
(.ci/run installs Debian's ``chromium``). Each test keeps a screenshot in its tmp_path and
prints where, so a person can look at what the assertions read; with NEWSCRAWL_ARTIFACTS=DIR
a copy goes there too (pytest keeps only its last three tmp directories).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from devtools.history import report, write_history, write_run
from devtools.mirror.server import serving
from newscrawl.rules.exitcodes import EXIT_LAYOUT
from newscrawl.status.command import refresh
from tests.conftest import FIXTURES
from tests.cron.test_cron import add_article, cron, site_copy

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is missing: apt-get install chromium (.ci/run does)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


def open_page(browser: Browser, path: Path, shot: Path) -> tuple[Page, dict[str, list[str]]]:
    """The page loaded from file://, a full-page screenshot taken, and what went wrong while loading."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    trouble: dict[str, list[str]] = {"failed": [], "errors": [], "dialogs": [], "requests": []}
    page.on("requestfailed", lambda request: trouble["failed"].append(request.url))
    page.on("request", lambda request: trouble["requests"].append(request.url))
    page.on("pageerror", lambda error: trouble["errors"].append(str(error)))
    page.on("console", lambda message: trouble["errors"].append(message.text) if message.type == "error" else None)
    page.on("dialog", lambda dialog: (trouble["dialogs"].append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    if os.environ.get("NEWSCRAWL_ARTIFACTS"):
        kept = Path(os.environ["NEWSCRAWL_ARTIFACTS"]) / f"status-{shot.name}"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, kept)
        print(f"screenshot kept: {kept}")
    return page, trouble


def rows(page: Page) -> list[dict[str, Any]]:
    return page.eval_on_selector_all(
        "table.overview tr[data-site]",
        "trs => trs.map(tr => ({site: tr.dataset.site, mark: tr.className, cells: [...tr.cells].map(c => c.innerText)}))",
    )


def test_a_redesign_after_two_good_runs_turns_the_site_red_with_the_layout_reason(browser, tmp_path):
    site, data = site_copy(tmp_path), tmp_path / "data"
    expected = json.loads((FIXTURES / "expected" / "articles.json").read_text(encoding="utf-8"))
    with serving(site) as server:
        for _ in range(2):
            done = cron(data, server.base_url)
            assert done.returncode == 0, done.stderr
    healthy_page = (data / "status.html").read_text(encoding="utf-8")
    assert 'class="mark green"' in healthy_page  # cron rewrote the page after each run
    for offset in range(4):  # new articles come out in the new layout: every one a JavaScript shell
        add_article(site, expected, str(1299100 + offset))
    with serving(site, all_shells=True) as server:
        redesign = cron(data, server.base_url)
    assert redesign.returncode == EXIT_LAYOUT, redesign.stderr
    reason = redesign.stderr.strip().splitlines()[-1].split(": ", 2)[2].rsplit(" (records", 1)[0]
    assert reason.startswith("layout changed: ")

    page, trouble = open_page(browser, data / "status.html", tmp_path / "status.png")
    (row,) = rows(page)
    assert row["site"] == "islamtimes" and row["mark"] == "red"
    assert row["cells"][0] == "needs you" and row["cells"][3] == "4" and row["cells"][4] == reason
    section = page.locator("section.site.red")
    assert section.locator("h2").inner_text() == "needs you islamtimes"
    assert section.locator(".why").first.inner_text() == reason
    last_runs = section.locator("table.small tr").all_inner_texts()
    assert [line.split("\t")[1] for line in last_runs[1:]] == ["unhealthy", "ok", "ok"]
    charts = page.eval_on_selector_all("section.site svg.chart", "svgs => svgs.map(s => s.getBoundingClientRect().width)")
    assert len(charts) >= 10 and all(width > 0 for width in charts)  # per day, per run, verdicts, strips, sparklines
    assert section.locator("svg.verdicts rect").count() == 3
    headlines = section.locator("li.headline")
    assert headlines.count() == 8
    first = headlines.first
    assert first.evaluate("li => getComputedStyle(li).direction") == "rtl"
    assert first.evaluate("li => getComputedStyle(li.querySelector('bdi')).direction") == "rtl"
    box, list_box = first.locator("bdi").bounding_box(), first.bounding_box()
    assert box and list_box and box["x"] + box["width"] > list_box["x"] + list_box["width"] * 0.8  # set from the right
    assert trouble["failed"] == [] and trouble["errors"] == [] and trouble["dialogs"] == []
    assert trouble["requests"] == [(data / "status.html").as_uri()]  # nothing else to load: self-contained


def test_hostile_names_reasons_and_headlines_stay_text(browser, tmp_path):
    now = datetime.now(timezone.utc).replace(microsecond=0)
    write_history(tmp_path / "data", sites=3, days=40, now=now)
    hostile = '<img src=x onerror=alert(1)><script>alert("x")</script>\u202e\nخبر'
    root = tmp_path / "data" / "geo<script>alert(1)<"
    write_run(root, report("geo", now - timedelta(hours=2), 3), headlines=(hostile,))
    write_run(root, report("geo", now - timedelta(hours=1), 0, status="unhealthy", code=4, reason=hostile))
    (root / f"{(now - timedelta(minutes=30)).strftime('%Y%m%dT%H%M%SZ')}.report.json").write_text("{", "utf-8")
    refresh(tmp_path / "data")
    page, trouble = open_page(browser, tmp_path / "data" / "status.html", tmp_path / "hostile.png")
    assert trouble["dialogs"] == [] and trouble["errors"] == [] and trouble["failed"] == []
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    marks = {row["site"]: row["mark"] for row in rows(page)}
    assert marks == {"bbcurdu": "red", "geo<script>alert(1)<": "amber", "islamtimes": "green", "urduvoa": "green"}
    geo = page.locator("section.site", has_text="geo<script>")
    assert "corrupt" in geo.locator("table.small").inner_text()
    assert geo.locator("li.headline bdi").first.inner_text().startswith("<img src=x onerror=alert(1)>")
