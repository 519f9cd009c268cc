"""The pagination budget of scheduled runs: how deep a walk may go past what is already known.

A listing chain whose every page brings new article ids (an endless archive, a
calendar, a site that renumbers) would otherwise keep a run, and its lock,
forever. :class:`~newscrawl.crawler.incremental.IncrementalMiddleware` counts, down each
pagination chain (``meta["newscrawl_depth_beyond_known"]``), the listing pages
since the last one that linked an article already in the seen-store. Past
``NEWSCRAWL_INCREMENTAL_MAX_DEPTH`` pages the chain's next requests are not
followed in this run but *held*: counted ``newscrawl/crawler/budget/pagination_depth``
and saved to ``NEWSCRAWL_INCREMENTAL_RESUME_PATH`` when the spider closes.
The next run starts them along with the spider's own start requests (with a
fresh budget), so a deep walk advances a budget's worth each run instead of
starting over. Requests are stored as JSON by newscrawl.crawler.requestcodec
(never pickled: the package unpickles nothing).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from scrapy import Request, Spider

from newscrawl.core.jsonfile import write_json
from newscrawl.crawler.requestcodec import UndecodableRequest, request_from_data, request_to_data

logger = logging.getLogger(__name__)

DEPTH_KEY = "newscrawl_depth_beyond_known"


def save_held(path: Path, requests: list[Request], spider: Spider) -> None:
    """Write the held requests (atomically)."""
    if not requests:
        return
    held = [request_to_data(request, spider) for request in requests]
    write_json(path, held, durable=True)
    logger.info("Held %d listing requests past the pagination budget for the next run in %s", len(held), path)


def load_held(path: Path, spider: Spider) -> list[Request]:
    """The requests an earlier run held back, each with a fresh depth budget; the file is consumed."""
    try:
        held = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        logger.warning("Held requests in %s are unreadable (%s): ignored", path, error)
        held = []
    requests = []
    for data in held if isinstance(held, list) else []:
        try:
            request = request_from_data(data, spider)
        except UndecodableRequest as error:  # a callback renamed since
            logger.warning("A held request could not be restored (%s): ignored", error)
            continue
        request.meta.pop(DEPTH_KEY, None)
        requests.append(request)
    path.unlink(missing_ok=True)
    logger.info("Resuming %d listing requests held back by the last run's pagination budget", len(requests))
    return requests
