"""Scrapy's generator-callback check, run once here instead of on every response of a crawl.

A generator callback that ``return``s a value loses that value silently. Scrapy warns about it
while crawling (WARN_ON_GENERATOR_RETURN_VALUE), re-parsing the callback's source whenever its
cache lost the bound method; the project switches that off (newscrawl/settings.py) and checks
every spider's generator methods here.
"""

from __future__ import annotations

import inspect

import pytest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.misc import is_generator_with_return_value
from scrapy.utils.project import get_project_settings

from newscrawl import settings as project_settings

LOADER = SpiderLoader.from_settings(get_project_settings())


def generator_methods(spider_class: type) -> list[str]:
    return [
        name
        for name, function in inspect.getmembers(spider_class, inspect.isfunction)
        if inspect.isgeneratorfunction(function) and function.__module__.startswith("newscrawl.")
    ]


def test_the_crawl_does_not_check_callbacks_per_response():
    assert project_settings.WARN_ON_GENERATOR_RETURN_VALUE is False


@pytest.mark.parametrize("name", LOADER.list())
def test_no_generator_callback_returns_a_value(name):
    spider_class = LOADER.load(name)
    methods = generator_methods(spider_class)
    assert "parse_article" in methods  # the check sees the callbacks
    returning = [method for method in methods if is_generator_with_return_value(getattr(spider_class, method))]
    assert returning == []


def test_the_check_finds_a_returning_generator():
    class Spider:
        def parse(self, response):  # the mistake the check exists for
            yield 1
            return 2

    assert is_generator_with_return_value(Spider.parse)
