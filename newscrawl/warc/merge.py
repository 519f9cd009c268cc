"""``newscrawl reextract``'s last step: the workers' records and counts, merged.

Records leave each replay crawler in archive order; here they are merged back into one
archive order per site and deduplicated by the crawl's own rules (newscrawl.rules.dedup, which need the
whole archive in crawl order, so it cannot run inside a worker), then across sites.
"""

from __future__ import annotations

import heapq
import json
import logging
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def merge_stats(reports: Iterator[Path]) -> dict[str, Any]:
    """The crawlers' ``newscrawl/*`` counts added up (the scan's keys are the parent's own)."""
    total: dict[str, Any] = {}
    for report in reports:
        if not report.exists():
            continue
        stats = json.loads(report.read_text(encoding="utf-8")).get("stats", {})
        for key, value in stats.items():
            if key.startswith(("newscrawl/", "item_dropped_reasons_count/")) and isinstance(value, (int, float)):
                total[key] = total.get(key, 0) + value
    return total


def merge_records(
    parts: dict[Any, list[Path]], file_order: list[str], router: Any, output: Path
) -> tuple[int, dict[str, int]]:
    """Records in archive order, deduplicated per site by the crawl's own rules, into *output*."""
    from scrapy.exporters import JsonLinesItemExporter
    from scrapy.utils.project import get_project_settings

    from newscrawl.core.record import ARTICLE_FIELDS
    from newscrawl.rules.dedup import RunDedup, SharedTexts

    rank = {name: n for n, name in enumerate(file_order)}
    threshold = get_project_settings().getint("NEWSCRAWL_DEDUP_SHARED_TEXT_URLS", 3)
    counter: Counter[str] = Counter()

    def ordered(part: Path) -> Iterator[tuple[tuple[int, int], dict[str, Any]]]:
        if not part.exists():
            return
        with part.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                yield (rank[record["warc"]["file"]], record["warc"]["offset"]), record

    def deduplicated(key: Any, group: list[Path]) -> Iterator[tuple[tuple[int, int], dict[str, Any]]]:
        # the rules the site's crawl ran, in crawl order: the site's spider judges canonical URLs
        dedup = RunDedup(SharedTexts(threshold), router.spider(key))
        for position, record in heapq.merge(*(ordered(part) for part in group), key=lambda pair: pair[0]):
            verdict = dedup.judge(record)
            for name, line in verdict.warnings:
                counter[f"newscrawl/warnings/{name}"] += 1
                logger.warning("%s (newscrawl/warnings/%s)", line, name)
            if verdict.reason is not None:
                key = f"newscrawl/{verdict.group}/{verdict.reason}"
                counter[key] += 1
                logger.info("Dropped: %s: %s (%s)", record["url"], verdict.why, key)
                continue
            yield position, record

    written = 0
    partial = output.with_name(output.name + ".part")
    with partial.open("wb") as out:
        exporter = JsonLinesItemExporter(
            out,  # type: ignore[arg-type]  # any binary file
            encoding="utf-8",
            ensure_ascii=False,
            fields_to_export=list(ARTICLE_FIELDS),
        )
        exporter.start_exporting()
        streams = [deduplicated(key, group) for key, group in parts.items()]
        for _, record in heapq.merge(*streams, key=lambda pair: pair[0]):
            exporter.export_item(record)
            written += 1
        exporter.finish_exporting()
    os.replace(partial, output)
    return written, dict(counter)
