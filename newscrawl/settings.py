"""Scrapy settings for newscrawl. Every NEWSCRAWL_* setting: name, default, one sentence."""

import os

from newscrawl import __version__

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
# `scrapy crawl` with the project's exit codes and summary (newscrawl/commands/crawl.py).
COMMANDS_MODULE = "newscrawl.commands"

# -- Politeness: a research crawler that a site operator can identify and tolerate --------
# Without a contact: a crawl of a live site refuses to start; the user's contact (newscrawl/cli/userconfig.py)
# makes it newscrawl/VERSION (+CONTACT). These and the rest of the politeness defaults: docs/crawling.md.
USER_AGENT = f"newscrawl/{__version__} (research crawler for Urdu news)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# An article page is tens of KB; anything near these is not an article.
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
METAREFRESH_ENABLED = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# -- Cost per page (docs/performance.md, "Around extraction") ------------------------------
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for every callback's output, however little it
# yields (100 by default: ~0.8 ms per response). Every pipeline here is synchronous, so a
# response's one article (or a listing's requests) gains nothing from more than a few.
CONCURRENT_ITEMS = 4
# Scrapy's check for a generator callback that returns a value re-reads and parses the callback's
# source whenever its cache lost the bound method (~7 ms each, dozens of times per crawl);
# tests/spiders/test_callbacks.py runs the same check once over every spider's callbacks.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy's stats collector wraps every attribute read in a deprecation check (~1.4 us a call,
# ~70 calls a page); the same collector without it (newscrawl/crawler/stats.py).
STATS_CLASS = "newscrawl.crawler.stats.PlainStatsCollector"

# One fetch per article, whichever of its URLs was linked (see newscrawl/crawler/dupefilter.py).
DUPEFILTER_CLASS = "newscrawl.crawler.dupefilter.ArticleDupeFilter"

# -- Output -----------------------------------------------------------------------------
# Feed exports (-O file.jsonl) write readable UTF-8 Urdu, not \u escapes.
FEED_EXPORT_ENCODING = "utf-8"

# -- Components: every pipeline, middleware and extension of the project, with its order -----
# One row each: (Scrapy setting, class, order, why there). A component whose setting is off
# raises NotConfigured (silently); the dicts Scrapy reads are built from this table below.
components = (
    # items, in order: validate, the quality gates (newscrawl.rules.gates.GATES), -a since, dedup in the run,
    # then against earlier runs (incremental only), the --max-articles cap, the JSONL file last
    ("ITEM_PIPELINES", "newscrawl.pipelines.validate.ValidatePipeline", 100, "no headline or body: dropped first"),
    (
        "ITEM_PIPELINES",
        "newscrawl.pipelines.gates.GatesPipeline",
        110,
        "junk never becomes an original of later copies",
    ),
    ("ITEM_PIPELINES", "newscrawl.pipelines.since.SincePipeline", 150, "-a since=DATE drops older articles"),
    ("ITEM_PIPELINES", "newscrawl.pipelines.dedup.DedupPipeline", 200, "one record per article in the run"),
    ("ITEM_PIPELINES", "newscrawl.pipelines.seen.SeenHashPipeline", 250, "text an earlier run exported"),
    ("ITEM_PIPELINES", "newscrawl.pipelines.limit.MaxArticlesPipeline", 700, "the cap counts only kept articles"),
    (
        "ITEM_PIPELINES",
        "newscrawl.pipelines.provenance.WarcProvenancePipeline",
        790,
        "the writer's answer: the warc field",
    ),
    ("ITEM_PIPELINES", "newscrawl.pipelines.jsonl.JsonlExportPipeline", 800, "last: only what passed is written"),
    # downloader: requests go up the orders, responses come down them
    (
        "DOWNLOADER_MIDDLEWARES",
        "newscrawl.crawler.middlewares.ScopeGuardMiddleware",
        60,
        "after OffsiteMiddleware (50)",
    ),
    ("DOWNLOADER_MIDDLEWARES", "newscrawl.crawler.middlewares.SinceMiddleware", 70, "-a since: older sitemap entries"),
    ("DOWNLOADER_MIDDLEWARES", "newscrawl.crawler.middlewares.RetryAfterMiddleware", 560, "429/503 before Retry (550)"),
    (
        "DOWNLOADER_MIDDLEWARES",
        "newscrawl.crawler.robots.RobotsTxtSizeLimitMiddleware",
        570,
        "after decompression (590)",
    ),
    (
        "DOWNLOADER_MIDDLEWARES",
        "newscrawl.crawler.charset.CharsetConflictMiddleware",
        585,
        "after decompression (590), before meta refresh (580)",
    ),
    ("DOWNLOADER_MIDDLEWARES", "newscrawl.warc.middleware.WarcArchiveMiddleware", 950, "closest to the wire"),
    (
        "DOWNLOADER_MIDDLEWARES",
        "newscrawl.crawler.parseahead.ParseAheadMiddleware",
        40,
        "last on a response's way in: its tree for the callback",
    ),
    # spider output
    ("SPIDER_MIDDLEWARES", "newscrawl.warc.middleware.WarcProvenanceMiddleware", 890, "the record's WARC offset"),
    ("SPIDER_MIDDLEWARES", "newscrawl.crawler.spidererrors.ArticleExceptionMiddleware", 900, "a raising callback"),
    ("SPIDER_MIDDLEWARES", "newscrawl.crawler.incremental.IncrementalMiddleware", 950, "known articles, stale pages"),
    # extensions
    ("EXTENSIONS", "newscrawl.crawler.diskfull.DiskFullExtension", 0, "a full disk stops the crawl first"),
    ("EXTENSIONS", "newscrawl.crawler.gctuning.GarbageCollection", 10, "the cycle collector tuned for a crawl"),
    ("EXTENSIONS", "newscrawl.crawler.report.RunReport", 500, "the run's stats and summary as JSON"),
    ("EXTENSIONS", "newscrawl.crawler.coverage.FieldCoverage", 550, "field coverage, same-text counts for health"),
    ("EXTENSIONS", "newscrawl.crawler.dropped.DroppedPages", 560, "pages dropped again are no news to health"),
    ("EXTENSIONS", "newscrawl.state.mark.MarkSeen", 600, "seen only once on disk"),
    ("EXTENSIONS", "newscrawl.distributed.worker.RedisWorker", 650, "heartbeat, held requests, idle close"),
    ("EXTENSIONS", "newscrawl.crawler.progress.Progress", 900, "one live progress line"),
)
ITEM_PIPELINES = {path: order for setting, path, order, _ in components if setting == "ITEM_PIPELINES"}
DOWNLOADER_MIDDLEWARES = {path: order for setting, path, order, _ in components if setting == "DOWNLOADER_MIDDLEWARES"}
SPIDER_MIDDLEWARES = {path: order for setting, path, order, _ in components if setting == "SPIDER_MIDDLEWARES"}
EXTENSIONS = {path: order for setting, path, order, _ in components if setting == "EXTENSIONS"}

# NEWSCRAWL_JSONL_PATH: where JsonlExportPipeline writes the run's articles (None: pipeline off).
NEWSCRAWL_JSONL_PATH = None
# NEWSCRAWL_REPORT_PATH: where RunReport writes the stats and summary as JSON (None: off).
NEWSCRAWL_REPORT_PATH = None

LOG_LEVEL = "INFO"
# A dropped item is logged as one line (its reason), not with the whole item (newscrawl/crawler/logformatter.py).
LOG_FORMATTER = "newscrawl.crawler.logformatter.OneLineLogFormatter"

# -- Scheduled runs (python -m newscrawl cron) --
# NEWSCRAWL_INCREMENTAL_ENABLED: skip known articles, stop stale pagination, drop known texts (cron switches it on).
NEWSCRAWL_INCREMENTAL_ENABLED = False
# NEWSCRAWL_SEEN_STORE_PATH: the seen-store's SQLite file (required when incremental; cron sets DIR/<spider>/seen.sqlite3).
NEWSCRAWL_SEEN_STORE_PATH = None
# NEWSCRAWL_INCREMENTAL_STALE_PAGES: consecutive listing pages with nothing new after which pagination stops (0: walk all).
NEWSCRAWL_INCREMENTAL_STALE_PAGES = 2
# NEWSCRAWL_SEEN_COMMIT_ITEMS: marks per seen-store commit (the JSONL file is fsynced before each commit).
NEWSCRAWL_SEEN_COMMIT_ITEMS = 20
# NEWSCRAWL_HEALTH_MAX_LAYOUT_FAILURE_RATIO: a run fails (layout changed) when more than this share of parsed article pages yields no article (no headline or body, or dropped by a quality gate).
NEWSCRAWL_HEALTH_MAX_LAYOUT_FAILURE_RATIO = 0.5
# NEWSCRAWL_HEALTH_MIN_ARTICLE_PAGES: the layout rule judges a run only from this many parsed article pages on (failed pages are retried each run, so they accumulate).
NEWSCRAWL_HEALTH_MIN_ARTICLE_PAGES = 3
# NEWSCRAWL_HEALTH_MAX_ERROR_RATIO: a run fails when failed requests (newscrawl/errors/*) exceed this share of pages fetched.
NEWSCRAWL_HEALTH_MAX_ERROR_RATIO = 0.5
# NEWSCRAWL_HEALTH_MAX_SAME_TEXT_RATIO: a run fails (layout changed) when more than this share of its article texts share one content hash.
NEWSCRAWL_HEALTH_MAX_SAME_TEXT_RATIO = 0.5
# NEWSCRAWL_HEALTH_COVERAGE_RUNS: recent runs whose field coverage is kept in DIR/<spider>/coverage.json.
NEWSCRAWL_HEALTH_COVERAGE_RUNS = 5
# NEWSCRAWL_HEALTH_COVERAGE_WAS: a field filled on at least this share of pages in the recent runs is watched ...
NEWSCRAWL_HEALTH_COVERAGE_WAS = 0.8
# NEWSCRAWL_HEALTH_COVERAGE_NOW: ... and the run fails (layout changed) when it is filled on less than this share now.
NEWSCRAWL_HEALTH_COVERAGE_NOW = 0.5

# -- Hostile web (faults, limits, scope) -------------------------------------------------
# See newscrawl/crawler/middlewares.py and docs/hostile-web.md.
# NEWSCRAWL_SCOPE_GUARD_ENABLED: refuse non-http(s) schemes, other hosts and private/loopback addresses other than the base URL's.
NEWSCRAWL_SCOPE_GUARD_ENABLED = True
# NEWSCRAWL_RETRY_AFTER_MAX: longest Retry-After (seconds) honoured on 429/503; longer values wait this long (0: ignore the header).
NEWSCRAWL_RETRY_AFTER_MAX = 60.0
# NEWSCRAWL_CHARSET_CHECK_ENABLED: count header/meta charset conflicts and invalid bytes; decode a valid UTF-8 body as UTF-8.
NEWSCRAWL_CHARSET_CHECK_ENABLED = True

# -- Commands: progress, limits (newscrawl crawl; docs/crawling.md) ----------------------
# NEWSCRAWL_GC_FREEZE_ENABLED: once the engine starts, leave start-up's objects out of Python's full garbage collections (newscrawl/crawler/gctuning.py).
NEWSCRAWL_GC_FREEZE_ENABLED = True
# NEWSCRAWL_GC_YOUNG_THRESHOLD: while the engine runs, a young garbage collection every this many net allocations (0: Python's 700).
NEWSCRAWL_GC_YOUNG_THRESHOLD = 5_000
# NEWSCRAWL_PARSE_AHEAD: article pages parsed at once in worker threads, at most, while the crawl's thread extracts
# others (lxml releases the GIL: another core; newscrawl/crawler/parseahead.py; 0: each page parsed in its callback).
# Pages under NEWSCRAWL_PARSE_AHEAD_MIN_BYTES are parsed in their callback: a thread costs more than their parse.
NEWSCRAWL_PARSE_AHEAD = 2
NEWSCRAWL_PARSE_AHEAD_MIN_BYTES = 32 * 1024
# NEWSCRAWL_PROGRESS_ENABLED: draw one live progress line on stderr (newscrawl crawl sets it when stderr is a terminal).
NEWSCRAWL_PROGRESS_ENABLED = False
# NEWSCRAWL_MAX_ARTICLES: write at most this many articles, dropping any beyond (0: no limit); pair with CLOSESPIDER_ITEMCOUNT to stop the crawl there.
NEWSCRAWL_MAX_ARTICLES = 0

# -- Quality gates (newscrawl/pipelines/gates.py, newscrawl/rules/) ---------------------------
# NEWSCRAWL_MIN_BODY_WORDS: an article whose body has fewer words than this, besides page furniture, is dropped as short_body.
NEWSCRAWL_MIN_BODY_WORDS = 15
# NEWSCRAWL_FURNITURE_MIN_PAGES: a text block on this many of the site's article pages is page furniture (also: on one article and one listing page).
NEWSCRAWL_FURNITURE_MIN_PAGES = 3
# NEWSCRAWL_FURNITURE_MAX_BLOCKS: text blocks counted in memory before blocks seen on one page only are forgotten.
NEWSCRAWL_FURNITURE_MAX_BLOCKS = 200_000
# NEWSCRAWL_FURNITURE_STABLE_PAGES: once this many article pages in a row taught the furniture model nothing new, only
# one article page in NEWSCRAWL_FURNITURE_SAMPLE_EVERY is learned from (newscrawl/rules/learning.py; 0: learn every page).
NEWSCRAWL_FURNITURE_STABLE_PAGES = 25
NEWSCRAWL_FURNITURE_SAMPLE_EVERY = 10
# NEWSCRAWL_FURNITURE_PATH: a JSON file keeping the site's furniture between runs (None: learn afresh each run; cron sets DIR/<spider>/furniture.json).
NEWSCRAWL_FURNITURE_PATH = None
# NEWSCRAWL_FURNITURE_MAX_SAVED: at most this many of the most frequent repeated blocks are kept in NEWSCRAWL_FURNITURE_PATH.
NEWSCRAWL_FURNITURE_MAX_SAVED = 2000
# NEWSCRAWL_HEALTH_DROPPED_PATH: a JSON file of article URLs that yielded no article, so a page dropped again is not news to health (None: off; cron sets DIR/<spider>/dropped.json).
NEWSCRAWL_HEALTH_DROPPED_PATH = None
# NEWSCRAWL_HEALTH_DROPPED_MAX: at most this many such URLs are kept (the newest).
NEWSCRAWL_HEALTH_DROPPED_MAX = 10_000

# -- Bad days (issue 11): robots.txt size, spider exceptions ---------------------------------
# NEWSCRAWL_ROBOTS_MAX_SIZE: bytes of robots.txt read and honoured (RFC 9309: at least 500 KiB); the rest is ignored, never the whole file.
NEWSCRAWL_ROBOTS_MAX_SIZE = 500 * 1024
# NEWSCRAWL_HEALTH_MAX_SPIDER_EXCEPTIONS: a cron run is unhealthy (exit 5) when the spider's code raised on more pages than this.
NEWSCRAWL_HEALTH_MAX_SPIDER_EXCEPTIONS = 0
# NEWSCRAWL_DEDUP_SHARED_TEXT_URLS: a text on this many distinct URLs of one crawl is page furniture, dropped as shared_text and never marked seen (0: off).
NEWSCRAWL_DEDUP_SHARED_TEXT_URLS = 3
# A full disk stops the crawl with reason disk_full (newscrawl/crawler/diskfull.py): the JOBDIR queue and logging too.
SCHEDULER_DISK_QUEUE = "newscrawl.crawler.diskfull.DiskFullSafeQueue"

# -- Web archive (WARC) of every response; see newscrawl/warc/ --------------------------
# NEWSCRAWL_WARC_DIR: directory receiving WARC/1.1 files of every request and response (None: no archive).
NEWSCRAWL_WARC_DIR = None
# NEWSCRAWL_WARC_MAX_SIZE: a WARC file is closed and a new one opened once it reaches this many bytes.
NEWSCRAWL_WARC_MAX_SIZE = 1024**3
# NEWSCRAWL_WARC_GZIP_LEVEL: zlib level of each record's gzip member (1 fastest, 9 smallest; 6 costs half of 9 for ~1% more bytes).
NEWSCRAWL_WARC_GZIP_LEVEL = 6


# -- Many workers, one Redis (newscrawl/distributed/, docs/scaling.md) -------------------

# NEWSCRAWL_REDIS_URL: e.g. redis://host:6379/0 switches frontier, seen-store and cron lock to Redis (default: the NEWSCRAWL_REDIS_URL environment variable, else off).
NEWSCRAWL_REDIS_URL = os.environ.get("NEWSCRAWL_REDIS_URL") or None
# NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS: a worker closes once the shared crawl has had nothing queued or held by any worker for this long.
NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS = 10.0
# NEWSCRAWL_REDIS_WORKER_TTL: seconds without a heartbeat after which a worker counts as dead and its held requests are queued again.
NEWSCRAWL_REDIS_WORKER_TTL = 60
# NEWSCRAWL_REDIS_RETRY_SECONDS: how long a worker waits for an unreachable Redis (reconnecting each second) before it stops with an error.
NEWSCRAWL_REDIS_RETRY_SECONDS = 60
# NEWSCRAWL_REDIS_LOCK_TTL: seconds the cron run lock in Redis outlives its holder's last renewal (renewed every third of it).
NEWSCRAWL_REDIS_LOCK_TTL = 60
# The add-on sets scrapy-redis's SCHEDULER, DUPEFILTER_CLASS, queue and keys when NEWSCRAWL_REDIS_URL is set.
ADDONS = {"newscrawl.distributed.RedisAddon": 0}
# NEWSCRAWL_REDIS_BATCH: requests a worker takes from the shared queue per round trip (they stay held for it; requests it yields are sent in batches too).
NEWSCRAWL_REDIS_BATCH = 8

# -- Discovery: robots.txt sitemaps, sitemaps, news sitemaps, feeds (newscrawl/spiders/discovery.py) --
# NEWSCRAWL_DISCOVERY_ENABLED: also read robots.txt Sitemap: lines, sitemaps and RSS/Atom feeds, beside listing pages.
NEWSCRAWL_DISCOVERY_ENABLED = True
# NEWSCRAWL_DISCOVERY_MAX_BYTES: largest sitemap, feed or robots.txt read (downloaded, and once gunzipped); the protocol's 50 MiB.
NEWSCRAWL_DISCOVERY_MAX_BYTES = 50 * 1024 * 1024
# Scrapy stops scheduling requests while its scraper holds more than this many bytes of responses
# (default 5 MB): one feed of NEWSCRAWL_DISCOVERY_MAX_BYTES, read in a thread, must not stop the crawl.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = NEWSCRAWL_DISCOVERY_MAX_BYTES + 5_000_000
# NEWSCRAWL_DISCOVERY_MAX_SITEMAPS: sitemaps and feeds fetched per crawl at most (an index of 10,000, or of endless indexes, ends there).
NEWSCRAWL_DISCOVERY_MAX_SITEMAPS = 1000
# NEWSCRAWL_DISCOVERY_MAX_FEED_ENTRIES: entries read of one feed at most; the rest of a huge feed is never parsed (0: all).
NEWSCRAWL_DISCOVERY_MAX_FEED_ENTRIES = 5000
# NEWSCRAWL_DISCOVERY_SINCE: skip sitemap/feed entries dated before this ISO date (cron sets it from the last good run; None: off).
NEWSCRAWL_DISCOVERY_SINCE = None
# NEWSCRAWL_GENERIC_MAX_PAGES: pages the generic spider `urdu` fetches at most (its breadth-first walk stops there).
NEWSCRAWL_GENERIC_MAX_PAGES = 5000
