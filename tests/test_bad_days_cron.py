"""Issue 11 through ``python -m newscrawl cron``: bad days end cleanly and lose nothing for good.

Real cron runs against the mirror served on 127.0.0.1, the site changed
between runs the way a bad day changes it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from test_cron import ARTICLE_PATH, article_routes, cron, expected_ids, runs, site_copy

from newscrawl.mirror.server import serving

SOFT_404 = """<!DOCTYPE html><html lang="ur"><head><meta charset="utf-8"><title>صفحہ نہیں ملا - اسلام ٹائمز</title>
</head><body><div class="nav"><a href="/ur/">صفحہ اول</a></div>
<div class="content"><h1>صفحہ نہیں ملا</h1>
<p>معذرت، آپ جس صفحے کی تلاش میں ہیں وہ اس وقت دستیاب نہیں ہے۔ براہ کرم کچھ دیر بعد دوبارہ کوشش کریں یا صفحہ اول پر واپس جائیں۔</p>
<p>اگر یہ مسئلہ برقرار رہے تو ہماری ویب سائٹ کی انتظامیہ سے رابطہ کریں تاکہ اس خرابی کو جلد از جلد دور کیا جا سکے۔</p>
</div><div class="footer">جملہ حقوق محفوظ ہیں</div></body></html>"""


def soft_404_everywhere(site: Path, articles: set[str]) -> None:
    """Every article URL answers 200 with the same "page not found" page, as a site does on a bad deploy."""
    for path, route in article_routes(site).items():
        if ARTICLE_PATH.match(path).group(1) in articles:
            (site / route["file"]).write_text(SOFT_404, encoding="utf-8")


def test_a_soft_404_on_every_article_url_loses_no_article_once_the_site_recovers(tmp_path, expected):
    healthy, data = site_copy(tmp_path), tmp_path / "data"
    broken = Path(shutil.copytree(healthy, tmp_path / "broken"))
    everything, pair = expected_ids(expected)
    soft_404_everywhere(broken, everything | pair)

    with serving(broken) as server:
        port = server.base_url.rsplit(":", 1)[1]
        first = cron(data, server.base_url)
        second = cron(data, server.base_url)
    with serving(healthy, port=int(port)) as server:
        third = cron(data, server.base_url)

    for done in (first, second, third):
        assert done.returncode == 0, done.stderr
    (_, records_1, report_1), (_, _, report_2), (_, records_3, _) = runs(data)
    recovered = {record["article_id"] for record in records_3}
    assert everything - recovered == set()  # every article, once the site is back
    assert len(pair & recovered) == 1 and all(record["headline"] != "صفحہ نہیں ملا" for record in records_3)
    # The soft 404 that became a record before it was known for furniture: its article came back too.
    assert [record["headline"] for record in records_1] == ["صفحہ نہیں ملا"]
    assert records_1[0]["article_id"] in recovered
    for report in (report_1, report_2):  # furniture, counted with its own reason (whichever gate saw it first)
        stats = report["stats"]
        assert stats.get("newscrawl/dropped/shared_text", 0) + stats.get("newscrawl/dropped/boilerplate_body", 0) >= 10
    assert report_1["stats"]["newscrawl/seen/unmarked"] == 1  # the first soft 404 exported is no longer "seen"
