"""Run files -> one deduplicated, documented dataset, in two streaming passes.

Memory stays flat in the size of the records: bodies are never held. What is
held, per distinct article (dedup key), is a :class:`~newscrawl.dataset.dedup.Candidate`
(its key and URL, site, crawl and publish times, content hash, where its line
is, the filter verdict: about 0.8 KB with its dict entry); with
``--near-duplicates`` also a MinHash signature and LSH entries per
representative (about 1.6 KB more). benchmarks/bench_export.py measures it:
peak memory at 100k records is 1.2x (1.7x with near duplicates) that at 10k.
Bad lines are counted exactly but named only up to ``read_pass.BAD_LINES_LISTED``.

1. Stream every run file; keep the newest crawl per dedup key and its filter
   verdict (:mod:`~newscrawl.dataset.filters`).
2. Decide: drop filtered keys, merge equal content hashes, and with
   ``--near-duplicates`` read the representatives back one at a time, in
   priority order, to merge near-duplicate text (:mod:`~newscrawl.dataset.dedup`).
3. Sort the winners' small state by (publish date, URL), read each winner's
   line back by offset and stream it into the writers
   (:mod:`~newscrawl.dataset.writer`), counting as it goes
   (:mod:`~newscrawl.dataset.stats`); then the card, the chart, stats.json and
   SHA256SUMS.

Everything is written into a hidden staging directory beside ``--out`` and
renamed into place at the end, so a failed export leaves no half dataset and an
earlier dataset is replaced only by a complete one.
"""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

import newscrawl
from newscrawl.dataset import card, dedup, filters, story_card, story_table, writer
from newscrawl.dataset.dedup import Candidate
from newscrawl.dataset.filters import Filters
from newscrawl.dataset.reader import LineStore, RunFile, find_run_files, parse_line
from newscrawl.dataset.records import InvalidRecord, validate
from newscrawl.dataset.read_pass import Reading, read_all
from newscrawl.dataset.stats import Tally
from newscrawl.dataset.warc_manifest import write_manifest
from newscrawl.core.jsonfile import write_json


class ExportError(Exception):
    """A problem with the command or its environment; the message is for the user."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ExportOptions:
    data_dir: Path
    out: Path
    command: str  # the command line, recorded in the card
    filters: Filters = field(default_factory=Filters)
    near_duplicates: bool = False
    threshold: float = 0.8
    shingle_size: int = 5
    progress: bool = False
    # as the user gave them, for the card
    described_filters: dict[str, Any] = field(default_factory=dict)
    # --with-warc-manifest: list the WARC files behind the records (searched in DATA_DIR and warc_dirs)
    warc_manifest: bool = False
    warc_dirs: tuple[Path, ...] = ()
    # --stories: cluster the records into stories across outlets (None: off)
    stories: story_table.StoryOptions | None = None


def run_export(options: ExportOptions) -> dict[str, Any]:
    """Export; return the stats (also written to stats.json). Raises :class:`ExportError`."""
    data_dir, out = options.data_dir, options.out
    if not data_dir.is_dir():
        raise ExportError(f"DATA_DIR {str(data_dir)!r} is not a directory")
    if out.exists() and not out.is_dir():
        raise ExportError(f"--out {str(out)!r} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not writer.is_dataset(out):
        raise ExportError(
            f"--out {str(out)!r} is a non-empty directory that is not an earlier export; refusing to replace it"
        )
    try:
        run_files = find_run_files(data_dir, exclude=(out,))
    except OSError as error:
        raise ExportError(f"cannot read {error.filename or str(data_dir)!r}: {error.strerror or error}") from None
    if not run_files:
        raise ExportError(f"no run files (*.jsonl, *.jsonl.gz) under {str(data_dir)!r}")
    # A symlink --out: the dataset goes where it points, and the link stays.
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with writer.exclusive(out):
            return _export_staged(out, run_files, options)
    except OSError as error:
        raise ExportError(f"cannot write beside --out {str(out)!r}: {error.strerror or error}") from None


def _export_staged(out: Path, run_files: list[RunFile], options: ExportOptions) -> dict[str, Any]:
    try:
        staging = writer.staging_dir(out)
    except OSError as error:
        raise ExportError(f"cannot write beside --out {str(out)!r}: {error.strerror or error}") from None
    try:
        stats = _export_into(staging, run_files, options)
        writer.publish(staging, out)
    except OSError as error:
        raise ExportError(f"export failed: {error.filename or out}: {error.strerror or error}", status=1) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return stats


def _export_into(staging: Path, run_files: list[RunFile], options: ExportOptions) -> dict[str, Any]:
    scratch = staging / ".scratch"
    scratch.mkdir()
    bar = _bar(options, "reading", total=None)
    reading = read_all(run_files, scratch, options.filters, bar.update)  # pass 1: newest crawl per key
    bar.close()
    absent = sorted(options.filters.sites - reading.sites_seen)
    if absent:  # a misspelled --site must not quietly give an empty dataset
        raise ExportError(
            f"--site {absent[0]!r}: no records of that site under {str(options.data_dir)!r}; "
            f"sites in the data: {', '.join(sorted(reading.sites_seen)) or 'none'}"
        )
    kept, filtered = reading.settle()
    if not kept and filtered:  # an empty dataset is no answer: say which filter took them, keep any earlier export
        raise ExportError(filters.everything_filtered(filtered))
    written = _deduplicate_and_write(staging, kept, reading, run_files, options)  # pass 2
    shutil.rmtree(scratch)
    stats = _stats(reading, written, filtered, len(run_files), options)
    if written.stories:
        table = story_table.rows(written.stories)
        story_table.write(staging, table)
        stats["stories"] = story_table.summary(written.stories, table)
        story_card.write_chart(stats["stories"], staging / story_table.STORIES_CHART)
    if options.warc_manifest:
        without = written.warc_files.pop("", 0)
        dirs = (options.data_dir, *options.warc_dirs)
        stats["warc_manifest"] = write_manifest(written.warc_files, without, dirs, staging)
    write_json(staging / "stats.json", stats, indent=2, newline=True)
    (staging / "README.md").write_text(card.render(stats), encoding="utf-8")
    writer.write_chart(stats["per_day"], staging / writer.CHART_NAME)
    writer.write_sums(staging)
    return stats


@dataclass
class Written:
    """What pass 2 kept and wrote, and what deduplication removed on the way."""

    after_filters: int
    exported: int
    removed_exact: int
    removed_near: int
    stories: Any
    tally: Tally
    warc_files: Counter[str]


def _deduplicate_and_write(
    staging: Path, kept: list[Candidate], reading: Reading, run_files: list[RunFile], options: ExportOptions
) -> Written:
    """Exact, near and story deduplication of the kept candidates, then the winners written in order."""
    after_filters = len(kept)
    winners, removed_exact = dedup.merge_exact(kept, within_site=options.stories is not None)
    del kept
    removed_near = 0
    stories = None
    tally = Tally()
    warc_files: Counter[str] = Counter()
    with LineStore(reading.seek_paths) as store:
        if options.near_duplicates:
            winners.sort(key=dedup.priority)
            signatures = _signatures(winners, store, run_files, options)
            winners, removed_near = dedup.merge_near(winners, signatures, options.threshold)
        if options.stories is not None:
            winners.sort(key=dedup.priority)
            stories = story_table.assign(winners, lambda c: _text(_read_back(store, c, run_files)), options.stories)
        winners.sort(key=dedup.output_order)
        bar = _bar(options, "writing", total=len(winners))
        extra = story_table.STORY_ID_FIELD if stories else {}
        with writer.DatasetWriter(staging, extra) as out:
            for candidate in winners:
                record = _read_back(store, candidate, run_files)
                row = writer.output_record(record, sorted(set(candidate.duplicates)))
                if stories:
                    row["story_id"] = stories.id_of(candidate)
                    stories.collect(candidate, record)
                out.write(row)
                tally.add(row, candidate.crawled, candidate.published)
                warc_files[row["warc"]["file"] if row.get("warc") else ""] += 1
                bar.update()
        bar.close()
    return Written(after_filters, len(winners), removed_exact, removed_near, stories, tally, warc_files)


def _stats(
    reading: Reading, written: Written, filtered: Counter[str], run_files: int, options: ExportOptions
) -> dict[str, Any]:
    """stats.json: what was read, kept, removed and why (the card is rendered from it)."""
    index = reading.index
    return {
        "generator": f"newscrawl {newscrawl.__version__} export",
        "command": options.command,
        "options": {
            **options.described_filters,
            "near_duplicates": options.near_duplicates,
            "near_duplicate_threshold": options.threshold if options.near_duplicates else None,
            "shingle_size": options.shingle_size if options.near_duplicates else None,
            "num_perm": dedup.NUM_PERM if options.near_duplicates else None,
        },
        "input": {"data_dir": str(options.data_dir), "run_files": run_files, "files": reading.files_read},
        "counts": {
            "lines_read": reading.lines_read,
            "bad_lines": reading.bad.count,
            "valid_records": reading.lines_read - reading.bad.count,
            "distinct_urls": reading.distinct,
            "after_filters": written.after_filters,
            "exported": written.exported,
        },
        "duplicates_removed": {
            "url": index.superseded,
            "content_hash": written.removed_exact,
            "near_duplicate": written.removed_near,
            "total": index.superseded + written.removed_exact + written.removed_near,
        },
        "canonical_url_not_used": {
            "home_or_listing": reading.canonical_listing,
            "declared_by_many_texts": index.canonical_not_believed,
        },
        "filtered_out": {**{reason: filtered[reason] for reason in filters.REASONS}, "total": sum(filtered.values())},
        **written.tally.summary(),
        "bad_lines": reading.bad.summary(),
    }


def _read_back(store: LineStore, candidate: Candidate, run_files: list[RunFile]) -> dict[str, Any]:
    """The candidate's record, checked to be the one pass 1 saw (run files may be rewritten meanwhile)."""
    try:
        record = validate(parse_line(store.read(candidate.file_index, candidate.offset, candidate.length)))
        if record["url"] == candidate.url:
            return record
    except InvalidRecord:
        pass
    where = f"{run_files[candidate.file_index].name}:{candidate.line_no}"
    raise ExportError(f"{where} changed while exporting; run the export again", status=1)


def _signatures(
    winners: list[Candidate], store: LineStore, run_files: list[RunFile], options: ExportOptions
) -> Iterator[np.ndarray | None]:
    bar = _bar(options, "near-duplicates", total=len(winners))
    for candidate in winners:
        record = _read_back(store, candidate, run_files)
        yield dedup.signature(_text(record), options.shingle_size)
        bar.update()
    bar.close()


def _text(record: dict[str, Any]) -> str:
    """What near duplicates and stories compare: the headline and the body."""
    return record["headline"] + "\n" + record["body"]


def _bar(options: ExportOptions, what: str, total: int | None) -> tqdm:
    return tqdm(total=total, desc=f"export: {what}", unit=" records", disable=not options.progress, file=sys.stderr)
