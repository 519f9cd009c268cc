"""Exit codes of crawl runs, shared by ``newscrawl cron`` and the crawl commands (one table in the docs)."""

EXIT_OK = 0  # healthy, also when nothing was new
EXIT_CRAWL_FAILED = 1  # the crawl process failed or was interrupted; the next run resumes it
EXIT_USAGE = 2  # bad command line or configuration
EXIT_FETCHED_NOTHING = 3  # no page answered
EXIT_LAYOUT = 4  # layout changed: article pages no longer yield articles
EXIT_ERRORS = 5  # too many failed requests
EXIT_STORE_CORRUPT = 6  # the seen-store was corrupt (moved aside, recreated)
EXIT_ARCHIVE_FAILED = 7  # archiving was asked for (a WARC dir) and responses could not be archived
EXIT_LOCKED = 75  # another run holds the lock (EX_TEMPFAIL)

# newscrawl reextract's own codes beside 0 (written), 1 (nothing re-extracted), 2 (a problem with the command)
EXIT_REEXTRACT_DAMAGED = 3  # records were written, but archive records were damaged or undated: skipped, named
