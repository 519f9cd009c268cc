"""Datasets for researchers: run files -> one deduplicated, documented dataset.

``python -m newscrawl export`` (see :mod:`newscrawl.dataset.cli`) reads every
run file, keeps each article exactly once and writes JSONL.gz, Parquet, a
dataset card, stats.json, a chart and SHA256SUMS. One module per job:
:mod:`~.reader` (run files, bad lines), :mod:`~.records` (the record contract),
:mod:`~.filters`, :mod:`~.dedup`, :mod:`~.writer`, :mod:`~.stats`,
:mod:`~.card`, and :mod:`~.export`, which runs them in order.
"""
