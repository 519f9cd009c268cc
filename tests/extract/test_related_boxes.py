"""Every named site's related-news box becomes ``read_also``; the coverage table in docs/sites.md is true.

The boxes are found by their Urdu labels (``newscrawl/extract/labels.py``): Jang's, Nawa-i-Waqt's
and Dawn News's ``مزید خبریں``, Express's ``متعلقہ خبریں``, Hum Sub's ``متعلقہ تحریریں``, VOA's
``متعلقہ``, BBC's ``یہ بھی پڑھیے``. The truth is what the mirror generator put in each box.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from devtools.coverage import records, spider_for, table
from devtools.mirror.sites import SITES, build_site
from newscrawl.core.text import normalize_urdu
from newscrawl.extract.labels import label_kind

DOCS = Path(__file__).resolve().parents[2] / "docs" / "sites.md"


@pytest.mark.parametrize(
    "heading", ["مزید خبریں", "متعلقہ خبریں", "متعلقہ تحریریں", "متعلقہ", "یہ بھی پڑھیے", "مزید پڑھیں:"]
)
def test_related_box_headings_are_read_also_labels(heading):
    assert label_kind(heading) == ("read_also", "")


def test_a_sentence_opening_with_the_word_is_not_a_label():
    assert label_kind("متعلقہ حکام نے بتایا کہ اجلاس کل ہوگا") is None


@pytest.mark.parametrize("site", sorted(SITES))
def test_every_related_box_is_read_also(site):
    built = build_site(site)
    spider = spider_for(site)
    for article in built.articles:
        (record,) = records(spider, [(article.path, built.routes[article.path][2])])
        read_also = [(unquote(urlsplit(link["url"]).path), link["title"]) for link in record["read_also"]]
        assert read_also == [(unquote(path), normalize_urdu(title)) for path, title in article.related], article.path


def test_bbc_read_also_box_inside_the_text():
    built = build_site("bbcurdu")
    article = next(article for article in built.articles if article.article_id == "c61znxen060o")
    (record,) = records(spider_for("bbcurdu"), [(article.path, built.routes[article.path][2])])
    # the three link-only paragraphs under "یہ بھی پڑھیے" in the real article data
    assert [urlsplit(link["url"]).path for link in record["read_also"]] == [
        "/urdu/science-45890183",
        "/urdu/sport-47307467",
        "/urdu/science-42035954",
    ]


def test_the_coverage_table_in_the_docs_is_what_the_script_prints():
    assert "\n".join(table()) in DOCS.read_text(encoding="utf-8")
