"""The furniture learner cannot be poisoned by a listing that quotes articles in full (issue 24, case 5)."""

from __future__ import annotations

from pathlib import Path

from devtools.mirror.build import FOOTER, NAV
from tests.pipelines.test_gates import Run, mirror_page

BODIES = [
    ["کراچی میں موسلا دھار بارش کے باعث کئی نشیبی علاقے زیر آب آ گئے اور ٹریفک کا نظام درہم برہم ہو گیا۔",
     "شہر کے متعدد علاقوں میں بجلی کی فراہمی کئی گھنٹے معطل رہی اور شہریوں کو مشکلات کا سامنا کرنا پڑا۔"],
    ["پاکستان اور چین کے درمیان اقتصادی راہداری کے نئے منصوبوں پر دستخط کیے گئے جن سے روزگار بڑھے گا۔",
     "دونوں ممالک کے وفود نے تجارت اور سرمایہ کاری بڑھانے پر اتفاق کیا اور آئندہ اجلاس کی تاریخ طے کی۔"],
    ["قومی کرکٹ ٹیم نے تیسرے ایک روزہ میچ میں مہمان ٹیم کو سات وکٹوں سے شکست دے کر سیریز جیت لی۔",
     "کپتان نے کہا کہ کھلاڑیوں نے نظم و ضبط کے ساتھ بہترین کارکردگی کا مظاہرہ کیا اور شائقین کا شکریہ ادا کیا۔"],
]


def quoting_home_page() -> str:
    """One flat <section>: three headlines, each article's whole body, no entry per article."""
    quoted = "".join(f'<h2><a href="/ur/news/{n + 1}/x">خبر {n + 1}</a></h2>' + "".join(f"<p>{p}</p>" for p in body)
                     for n, body in enumerate(BODIES))
    return f"<html><body>{NAV}<section>{quoted}</section>{FOOTER}</body></html>"


def article_page(n: int) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODIES[n])
    return (f"<html><body>{NAV}<article><h1>خبر {n + 1}</h1><div class='news-body'>{paragraphs}</div>"
            f"</article>{FOOTER}</body></html>")


def test_articles_quoted_in_full_on_the_home_page_are_kept(tmp_path: Path) -> None:
    furniture = tmp_path / "furniture.json"
    for _ in range(2):  # two cron runs: nothing poisonous is carried over in furniture.json either
        run = Run(NEWSCRAWL_FURNITURE_PATH=str(furniture))
        run.listing("/ur/", quoting_home_page())
        run.listing("/ur/section/pakistan", mirror_page("/ur/section/pakistan"))
        for n in range(3):
            run.article(f"/ur/news/{n + 1}/x", article_page(n))
        run.close()
        assert len(run.kept) == 3, {url: str(error) for url, error in run.dropped.items()}


def test_articles_quoted_in_full_on_the_home_page_and_a_section_are_kept(tmp_path: Path) -> None:
    """Two listing pages quoting them: the paragraphs sit beside each article's headline link, so
    they are quotes, never chrome; the site's menus and footers are still learned from listings."""
    furniture = tmp_path / "furniture.json"
    for _ in range(2):
        run = Run(NEWSCRAWL_FURNITURE_PATH=str(furniture))
        run.listing("/ur/", quoting_home_page())
        run.listing("/ur/section/pakistan", quoting_home_page())
        for n in range(3):
            run.article(f"/ur/news/{n + 1}/x", article_page(n))
        run.close()
        assert len(run.kept) == 3, {url: str(error) for url, error in run.dropped.items()}
        assert run.stats.get_value("newscrawl/furniture/pages/listing") == 2


def test_a_crawl_of_a_site_quoting_three_articles_on_its_home_and_a_section_keeps_them(tmp_path: Path, expected) -> None:
    """The mirror whose home page and Pakistan section each quote three articles in full in one flat
    <section>: a crawl keeps all three, and so does the next one, reading the furniture.json it left."""
    import html
    import json

    from devtools.mirror.server import DEFAULT_ROOT, serving
    from tests.conftest import run_crawl
    from tests.spiders.test_discovery import variant

    quoted = [a for a in expected["articles"] if a["path"].startswith("/ur/news/") and a["body"]][:3]
    section = "<section>" + "".join(
        f'<h2><a href="{a["path"]}">{html.escape(a["headline"])}</a></h2>'
        + "".join(f"<p>{html.escape(p)}</p>" for p in a["body"].split("\n\n"))
        for a in quoted) + "</section>"
    routes = json.loads((DEFAULT_ROOT / "manifest.json").read_text(encoding="utf-8"))["routes"]
    pages = {}
    for path in ("/ur/", "/ur/section/pakistan"):
        page = (DEFAULT_ROOT / routes[path]["file"]).read_text(encoding="utf-8")
        pages[path] = (page.replace("</body>", section + "</body>"), routes[path]["content_type"])
    furniture = tmp_path / "furniture.json"
    with serving(variant(tmp_path / "site", pages)) as server:
        for run in ("first", "second"):
            out = tmp_path / run / "out.jsonl"
            result = run_crawl(server.base_url, out, "-s", f"NEWSCRAWL_JSONL_PATH={out}",
                               "-s", f"NEWSCRAWL_FURNITURE_PATH={furniture}")
            assert result.returncode == 0, result.log[-2000:]
            ids = {record["article_id"] for record in result.records}
            assert {a["article_id"] for a in quoted} <= ids, run
