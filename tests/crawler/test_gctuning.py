"""GarbageCollection: start-up's objects leave the full collections and young collections run
less often while the engine runs; both are undone when it stops."""

from __future__ import annotations

import gc

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newscrawl.crawler.gctuning import GarbageCollection
from newscrawl.spiders.islamtimes import IslamTimesSpider


def test_start_up_objects_are_frozen_while_the_engine_runs_and_everything_is_handed_back_after():
    settings = {"NEWSCRAWL_GC_FREEZE_ENABLED": True, "NEWSCRAWL_GC_YOUNG_THRESHOLD": 20_000}
    crawler = get_crawler(IslamTimesSpider, settings)
    extension = GarbageCollection.from_crawler(crawler)  # held, as Scrapy's extension manager holds it
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    crawler.signals.send_catch_log(signals.engine_started)
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # the modules, classes and components of this process
        survivor = [object()]  # made after start-up: still collected as usual, in generations 0-2
        assert any(tracked is survivor for generation in range(3) for tracked in gc.get_objects(generation))
        # nothing joins the frozen generation after the freeze; reference counting still frees frozen
        # objects (another thread of the test process may drop some), so the count may only fall
        assert gc.get_freeze_count() <= frozen
        assert gc.get_threshold() == (20_000, *before[1:])
    finally:
        crawler.signals.send_catch_log(signals.engine_stopped)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before and gc.isenabled() and extension


def test_on_in_the_project_and_off_by_settings():
    from newscrawl.config import project_settings

    assert project_settings().getbool("NEWSCRAWL_GC_FREEZE_ENABLED")
    assert project_settings().getint("NEWSCRAWL_GC_YOUNG_THRESHOLD") == 5_000
    off = {"NEWSCRAWL_GC_FREEZE_ENABLED": False, "NEWSCRAWL_GC_YOUNG_THRESHOLD": 0}
    with pytest.raises(NotConfigured):
        GarbageCollection.from_crawler(get_crawler(IslamTimesSpider, off))
