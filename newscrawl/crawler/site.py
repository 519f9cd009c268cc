"""What the run has learned about its site (furniture, names), for the quality gates.

GatesPipeline (newscrawl/pipelines/gates.py) makes the crawler's one :class:`SiteKnowledge`:
it listens to ``newscrawl.crawler.signals.page_parsed`` for every listing and article page, loads the furniture an earlier run saved (``NEWSCRAWL_FURNITURE_PATH``) when the spider
opens and saves it when the spider closes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from newscrawl.extract.blocks import page_texts
from newscrawl.extract.walk import PageWalk
from newscrawl.rules.furniture import SiteFurniture, page_blocks
from newscrawl.rules.learning import LearningSchedule
from newscrawl.rules.sitenames import SiteNames
from newscrawl.crawler.signals import page_parsed

logger = logging.getLogger(__name__)


class SiteKnowledge:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.furniture = SiteFurniture(
            min_pages=settings.getint("NEWSCRAWL_FURNITURE_MIN_PAGES"),
            max_blocks=settings.getint("NEWSCRAWL_FURNITURE_MAX_BLOCKS"),
        )
        self.names = SiteNames()
        self.schedule = LearningSchedule(
            stable_pages=settings.getint("NEWSCRAWL_FURNITURE_STABLE_PAGES"),
            sample_every=settings.getint("NEWSCRAWL_FURNITURE_SAMPLE_EVERY"),
        )
        path = settings.get("NEWSCRAWL_FURNITURE_PATH")
        self.path = Path(path) if path else None
        self.max_saved = settings.getint("NEWSCRAWL_FURNITURE_MAX_SAVED")
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.page_parsed, signal=page_parsed)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_opened(self, spider: Any) -> None:
        selectors = getattr(spider, "selectors", None)
        self.names.names.update(getattr(selectors, "site_names", ()) or ())
        if self.path is not None and self.path.exists():
            loaded = self.furniture.load(self.path)
            self.crawler.stats.set_value("newscrawl/furniture/loaded", loaded)
            if not loaded:
                logger.warning(
                    "Furniture file %s held no usable blocks; learning afresh (newscrawl/furniture/loaded = 0)",
                    self.path,
                )

    def page_parsed(self, response: Response, root: Any, kind: str, walk: PageWalk | None = None) -> None:
        listing = kind == "listing"
        stats = self.crawler.stats
        if not self.schedule.wants(listing):  # the site's model is stable: a sample of pages suffices
            stats.inc_value("newscrawl/furniture/skipped")
            return
        self.names.learn(root)
        is_teaser_link = None
        if kind == "listing":
            spider = self.crawler.spider
            is_article = getattr(spider, "is_article_url", None)
            if is_article is not None:

                def is_teaser_link(href: str) -> bool:
                    return bool(is_article(response.urljoin(href)))

        restarts = self.schedule.restarts
        became, known = self.furniture.learn(page_blocks(page_texts(root, walk), is_teaser_link), listing=listing)
        self.schedule.learned(listing, became, known)
        stats.inc_value(f"newscrawl/furniture/pages/{kind}")
        if self.schedule.restarts > restarts:
            stats.inc_value("newscrawl/furniture/relearn")

    def spider_closed(self, spider: Any) -> None:
        if self.path is None:
            return
        try:
            saved = self.furniture.save(self.path, self.max_saved)
        except OSError as error:  # the run's records matter more than next run's head start
            logger.warning("Could not save the furniture to %s: %s", self.path, error.strerror or error)
            return
        self.crawler.stats.set_value("newscrawl/furniture/saved", saved)
