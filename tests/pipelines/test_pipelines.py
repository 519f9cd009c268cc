"""Pipelines as Scrapy builds them: from a crawler with settings, asserting on stats and files."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newscrawl.core.record import ARTICLE_FIELDS
from newscrawl.crawler.items import ArticleItem
from newscrawl.crawler.drops import DuplicateArticle, MissingBody, MissingHeadline
from newscrawl.pipelines.dedup import DedupPipeline
from newscrawl.crawler.drops import OlderThanSince
from newscrawl.pipelines.jsonl import JsonlExportPipeline
from newscrawl.pipelines.since import SincePipeline
from newscrawl.pipelines.validate import ValidatePipeline
from newscrawl.config import parse_since
from newscrawl.spiders.islamtimes import IslamTimesSpider
from newscrawl.core.text import content_hash


def article(**overrides) -> ArticleItem:
    item = ArticleItem(
        url="https://www.islamtimes.com/ur/news/1/a", canonical_url="https://www.islamtimes.com/ur/news/1/a",
        site="islamtimes", article_id="1", language="ur", headline="پاکستان اور چین",
        published_at="2025-03-25T00:00:00+00:00", published_precision="day", published_text="25th, March 2025 GMT", summary=None,
        body="پہلا پیراگراف۔\n\nدوسرا پیراگراف۔", source="Islam Times", keywords=["چین"], read_also=[],
        crawled_at="2026-11-24T00:00:00+00:00", warc=None,
    )
    item.update(overrides)
    item["content_hash"] = content_hash(item.get("headline") or "", item.get("body") or "")
    return item


def build(pipeline_class, **settings):
    crawler = get_crawler(IslamTimesSpider, settings_dict=settings)
    crawler.stats.open_spider()
    return pipeline_class.from_crawler(crawler), crawler.stats


@pytest.mark.parametrize(("field", "error", "reason"), [
    ("headline", MissingHeadline, "no_headline"), ("body", MissingBody, "no_body")])
def test_validate_drops_and_counts(field, error, reason):
    pipeline, stats = build(ValidatePipeline)
    with pytest.raises(error):
        pipeline.process_item(article(**{field: None}))
    assert stats.get_value(f"newscrawl/dropped/{reason}") == 1
    assert pipeline.process_item(article()) is not None
    assert stats.get_value("newscrawl/validated") == 1


def test_dedup_by_canonical_url_then_content_hash():
    pipeline, stats = build(DedupPipeline)
    pipeline.process_item(article())
    with pytest.raises(DuplicateArticle):  # same canonical URL, fetched under another URL
        pipeline.process_item(article(url="https://www.islamtimes.com/ur/doc/news/1/", body="دوسرا متن۔"))
    with pytest.raises(DuplicateArticle):  # same text under another id: syndicated
        pipeline.process_item(article(url="https://www.islamtimes.com/ur/news/2/b", article_id="2",
                                      canonical_url="https://www.islamtimes.com/ur/news/2/b"))
    pipeline.process_item(article(url="https://www.islamtimes.com/ur/news/3/c", canonical_url=None,
                                  body="بالکل الگ متن۔"))
    assert stats.get_value("newscrawl/dedup/canonical_url") == 1
    assert stats.get_value("newscrawl/dedup/content_hash") == 1


def test_jsonl_pipeline_is_off_without_a_path():
    with pytest.raises(NotConfigured):
        build(JsonlExportPipeline)


def test_jsonl_pipeline_writes_readable_utf8_atomically(tmp_path):
    path = tmp_path / "runs" / "out.jsonl"
    pipeline, stats = build(JsonlExportPipeline, NEWSCRAWL_JSONL_PATH=str(path))
    pipeline.open_spider()
    pipeline.process_item(article())
    part = path.with_name("out.jsonl.part")
    assert not path.exists() and part.exists()  # a reader never sees half a file under the final name
    assert part.read_text(encoding="utf-8").count("\n") == 1  # flushed line by line, before close
    pipeline.process_item(article(url="https://www.islamtimes.com/ur/news/2/b"))
    pipeline.close_spider()
    assert path.exists() and not part.exists()
    text = path.read_text(encoding="utf-8")
    assert "پاکستان اور چین" in text and "\\u" not in text
    records = [json.loads(line) for line in text.splitlines()]
    assert len(records) == 2 and list(records[0]) == list(ARTICLE_FIELDS)
    assert stats.get_value("newscrawl/exported") == 2


def test_jsonl_lines_are_scrapys_own_byte_for_byte():
    """The exporter skips Scrapy's per-field look-ups: its lines must stay what Scrapy writes."""
    import io

    from scrapy.exporters import JsonLinesItemExporter

    from newscrawl.pipelines.jsonl import ArticleLinesExporter

    missing = article(summary="خلاصہ", keywords=["چین", "پاکستان"], read_also=[{"url": "https://x/1", "title": "ایک"}])
    del missing["source"], missing["warc"]  # absent fields are left out, not written as null
    lines = []
    for exporter_class in (JsonLinesItemExporter, ArticleLinesExporter):
        out = io.BytesIO()
        exporter = exporter_class(out, encoding="utf-8", ensure_ascii=False, fields_to_export=list(ARTICLE_FIELDS))
        for item in (article(), missing, {"url": "https://x/plain", "headline": "dict"}):
            exporter.export_item(item)
        lines.append(out.getvalue())
    assert lines[0] == lines[1] and lines[0].count(b"\n") == 3 and b'"source"' in lines[0].split(b"\n")[0]


@pytest.mark.parametrize(("published_at", "kept"), [
    ("2021-07-15T00:00:00+05:00", True),   # جمعرات 15 جولائی 2021 on a Pakistani site: the 14th in UTC, kept
    ("2021-07-15T23:59:00-04:00", True),
    ("2021-07-14T23:59:59+05:00", False),
    ("2021-07-14T19:00:00+00:00", False),  # an older run file's UTC value: its own day
])
def test_since_compares_calendar_days_in_the_offset_each_date_was_written(published_at, kept):
    pipeline, stats = build(SincePipeline)
    pipeline.crawler.spider = SimpleNamespace(since=parse_since("2021-07-15"))
    item = article(published_at=published_at)
    if kept:
        assert pipeline.process_item(item) is item
    else:
        with pytest.raises(OlderThanSince):
            pipeline.process_item(item)
        assert stats.get_value("newscrawl/dropped/older_than_since") == 1
