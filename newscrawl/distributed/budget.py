"""The generic spider's page budget, shared by every worker of one crawl.

``NEWSCRAWL_GENERIC_MAX_PAGES`` bounds a crawl, not a worker: with three workers
each keeping its own count, a 50-page crawl fetched 150 pages. The crawl's pages
are a Redis set ``newscrawl:<spider>@<host>:pages``, grown atomically (the TAKE_PAGE
script) and deleted with the crawl's fingerprints when the crawl is drained.
"""

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import RedisError

from newscrawl.distributed import crawl_id, key, redis_client
from newscrawl.distributed.scripts import TAKE_PAGE

logger = logging.getLogger(__name__)


class SharedPageBudget:
    def __init__(self, settings: Any, spider: Any) -> None:
        self.client = redis_client(settings)
        self.key = key(crawl_id(spider), "pages")

    def take(self, url: str, budget: int) -> bool:
        """True when *url* is one of the crawl's pages, now or before; False once *budget* pages are."""
        try:
            return bool(self.client.eval(TAKE_PAGE, 1, self.key, url, budget))
        except RedisError as error:  # the frontier stops the worker if Redis stays away; this page waits
            logger.warning("Page budget in Redis unreachable (%s): %s not queued", error, url)
            return False
