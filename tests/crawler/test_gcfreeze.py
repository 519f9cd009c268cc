"""FreezeStartup: start-up's objects leave the full collections while the engine runs, and come back."""

from __future__ import annotations

import gc

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newscrawl.crawler.gcfreeze import FreezeStartup
from newscrawl.spiders.islamtimes import IslamTimesSpider


def test_start_up_objects_are_frozen_while_the_engine_runs_and_handed_back_after():
    crawler = get_crawler(IslamTimesSpider, {"NEWSCRAWL_GC_FREEZE_ENABLED": True})
    extension = FreezeStartup.from_crawler(crawler)  # held, as Scrapy's extension manager holds it
    assert gc.get_freeze_count() == 0
    crawler.signals.send_catch_log(signals.engine_started)
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # the modules, classes and components of this process
        survivor = [object()]  # made after start-up: still collected as usual
        assert gc.is_tracked(survivor) and gc.get_freeze_count() == frozen
    finally:
        crawler.signals.send_catch_log(signals.engine_stopped)
    assert gc.get_freeze_count() == 0 and gc.isenabled() and extension


def test_on_in_the_project_and_off_by_setting():
    from newscrawl.config import project_settings

    assert project_settings().getbool("NEWSCRAWL_GC_FREEZE_ENABLED")
    with pytest.raises(NotConfigured):
        FreezeStartup.from_crawler(get_crawler(IslamTimesSpider, {"NEWSCRAWL_GC_FREEZE_ENABLED": False}))
