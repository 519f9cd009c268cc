"""Raw pages kept as WARC/1.1 files (ISO 28500), and records re-extracted from them.

- :mod:`newscrawl.warc.writer`: rotating, crash-safe WARC files (warcio);
- :mod:`newscrawl.warc.records`: an exchange and its request/response/revisit records;
- :mod:`newscrawl.warc.writer_process`: the process that writes them, off the crawl's GIL;
- :mod:`newscrawl.warc.middleware`: the downloader middleware that archives every
  response, and the spider middleware that stamps each record's ``warc`` provenance;
- :mod:`newscrawl.warc.reader`: reading any WARC, skipping corrupt gzip members;
- :mod:`newscrawl.warc.replay` and :mod:`newscrawl.warc.reextract`: ``newscrawl
  reextract``, the crawl's own spiders and pipelines fed from the archive.
"""

#: request.meta key holding the provenance of the response (``{file, offset, record_id}``)
PROVENANCE_META = "newscrawl_warc"
#: request.meta key holding the archived WARC-Date of a replayed response (reextract only)
REPLAY_DATE_META = "newscrawl_warc_date"
