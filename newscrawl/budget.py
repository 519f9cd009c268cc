"""The pagination budget of scheduled runs: how deep a walk may go past what is already known.

A listing chain whose every page brings new article ids (an endless archive, a
calendar, a site that renumbers) would otherwise keep a run, and its lock,
forever. :class:`~newscrawl.incremental.IncrementalMiddleware` counts, down each
pagination chain (``meta["newscrawl_depth_beyond_known"]``), the listing pages
since the last one that linked an article already in the seen-store. Past
``NEWSCRAWL_INCREMENTAL_MAX_DEPTH`` pages the chain's next requests are not
followed in this run but *held*: counted ``newscrawl/budget/pagination_depth``
and saved to ``NEWSCRAWL_INCREMENTAL_RESUME_PATH`` when the spider closes.
The next run starts them along with the spider's own start requests (with a
fresh budget), so a deep walk advances a budget's worth each run instead of
starting over. Requests are stored as Scrapy stores JOBDIR requests:
``Request.to_dict`` pickled.
"""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

from scrapy import Request, Spider
from scrapy.utils.request import request_from_dict

logger = logging.getLogger(__name__)

DEPTH_KEY = "newscrawl_depth_beyond_known"


def save_held(path: Path, requests: list[Request], spider: Spider) -> None:
    """Write the held requests (atomically, beside any earlier ones not yet resumed)."""
    if not requests:
        return
    held = [request.to_dict(spider=spider) for request in requests]
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as stream:
        pickle.dump(held, stream, protocol=4)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(tmp, path)
    logger.info("Held %d listing requests past the pagination budget for the next run in %s", len(held), path)


def load_held(path: Path, spider: Spider) -> list[Request]:
    """The requests an earlier run held back, each with a fresh depth budget; the file is consumed."""
    try:
        with path.open("rb") as stream:
            held = pickle.load(stream)  # noqa: S301 - our own file, written by save_held
    except FileNotFoundError:
        return []
    except (OSError, pickle.UnpicklingError, EOFError) as error:
        logger.warning("Held requests in %s are unreadable (%s): ignored", path, error)
        held = []
    requests = []
    for data in held:
        try:
            request = request_from_dict(data, spider=spider)
        except (ValueError, KeyError, AttributeError) as error:  # a callback renamed since
            logger.warning("A held request could not be restored (%s): ignored", error)
            continue
        request.meta.pop(DEPTH_KEY, None)
        requests.append(request)
    path.unlink(missing_ok=True)
    logger.info("Resuming %d listing requests held back by the last run's pagination budget", len(requests))
    return requests
