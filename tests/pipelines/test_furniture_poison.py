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
