"""The thresholds a run's health is judged by; the rules themselves are newscrawl.rules.health."""

from __future__ import annotations

from typing import Any


def settings_for(overrides: list[str]) -> Any:
    """The project's settings with the run's --set overrides: the thresholds the crawl saw."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    for override in overrides:
        name, _, value = override.partition("=")
        settings.set(name, value, priority="cmdline")
    return settings
