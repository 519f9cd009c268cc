"""Configuration checks shared by ``newscrawl crawl``, ``newscrawl cron`` and ``scrapy crawl``.

Every mistake a user can make before a run starts (an unknown site, a base URL
without a scheme, a bad ``--set`` value) is refused here with one line naming
the bad value, so the commands can exit 2 before they create anything on disk.
A known spider name is also the only name that becomes a path (``data/<spider>/``),
which keeps names like ``../x`` out of the file system.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import Settings


class ConfigError(ValueError):
    """A configuration mistake; ``str()`` is the one-line reason shown to the user."""


@lru_cache(maxsize=1)
def project_settings() -> Settings:
    """The project's settings, wherever the command runs (no scrapy.cfg needed)."""
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    return settings


def known_spiders() -> dict[str, type]:
    """Spider name -> class, from SPIDER_MODULES (Scrapy's own SpiderLoader)."""
    from scrapy.spiderloader import get_spider_loader

    loader = get_spider_loader(project_settings())
    return {name: loader.load(name) for name in sorted(loader.list())}


def spider_class(name: str) -> type:
    """The spider called *name*, or a ConfigError naming the known ones.

    >>> spider_class("islamtimes").name
    'islamtimes'
    >>> spider_class("../etc")
    Traceback (most recent call last):
    ...
    newscrawl.config.ConfigError: unknown site '../etc'; known sites: ...
    """
    spiders = known_spiders()
    if name not in spiders:
        raise ConfigError(f"unknown site {name!r}; known sites: {', '.join(spiders)}")
    return spiders[name]


def parse_start_paths(value: str) -> tuple[str, ...]:
    """``-a start_paths=/ur/section/x,/ur/section/y`` -> a tuple of paths, each starting with ``/``.

    >>> parse_start_paths("/ur/section/pakistan, /ur/section/world")
    ('/ur/section/pakistan', '/ur/section/world')
    >>> parse_start_paths("ur/section/x")
    Traceback (most recent call last):
    ...
    newscrawl.config.ConfigError: start path 'ur/section/x' must be a path on the site starting with '/', e.g. /ur/section/pakistan
    """
    paths = tuple(part.strip() for part in value.split(",") if part.strip())
    if not paths:
        raise ConfigError("start_paths is empty; give one or more paths like /ur/section/pakistan")
    for path in paths:
        if not path.startswith("/") or path.startswith("//") or urlsplit(path).scheme:
            raise ConfigError(
                f"start path {path!r} must be a path on the site starting with '/', e.g. /ur/section/pakistan"
            )
    return paths


def check_base_url(url: str, start_paths: tuple[str, ...] = ()) -> str:
    """*url* without its trailing slash, or a ConfigError naming what is wrong with it.

    >>> check_base_url("http://127.0.0.1:8000/")
    'http://127.0.0.1:8000'
    >>> check_base_url("127.0.0.1:8000")
    Traceback (most recent call last):
    ...
    newscrawl.config.ConfigError: base URL '127.0.0.1:8000' needs http:// or https:// and a host, e.g. http://127.0.0.1:8000
    >>> check_base_url("http://host/ur/", ("/ur/",))
    Traceback (most recent call last):
    ...
    newscrawl.config.ConfigError: base URL 'http://host/ur/' already ends with the start path /ur/ (the crawl would fetch /ur/ur/); give the site's root: http://host
    """
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError as error:
        raise ConfigError(f"base URL {url!r} is not a valid URL: {error}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"base URL {url!r} needs http:// or https:// and a host, e.g. http://127.0.0.1:8000")
    base = url.strip().rstrip("/")
    path = parts.path.rstrip("/")
    for start in start_paths:
        if path and start.rstrip("/") and path.endswith(start.rstrip("/")):
            root = f"{parts.scheme}://{parts.netloc}{path[: -len(start.rstrip('/'))]}"
            raise ConfigError(
                f"base URL {url!r} already ends with the start path {start} (the crawl would fetch "
                f"{start.rstrip('/')}{start}); give the site's root: {root}"
            )
    return base


_SETTING_NAME = re.compile(r"[A-Z][A-Z0-9_]*")


def check_settings(pairs: list[str]) -> dict[str, str]:
    """``--set NAME=VALUE`` strings -> {NAME: VALUE}, each value checked against its default's type.

    >>> check_settings(["DOWNLOAD_DELAY=0", "LOG_LEVEL=DEBUG"])
    {'DOWNLOAD_DELAY': '0', 'LOG_LEVEL': 'DEBUG'}
    >>> check_settings(["DOWNLOAD_DELAY=fast"])
    Traceback (most recent call last):
    ...
    newscrawl.config.ConfigError: bad setting DOWNLOAD_DELAY=fast: DOWNLOAD_DELAY takes a number
    >>> check_settings(["download_delay"])
    Traceback (most recent call last):
    ...
    newscrawl.config.ConfigError: --set expects NAME=VALUE with an upper-case setting NAME, got 'download_delay'
    """
    defaults = project_settings()
    checked: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not _SETTING_NAME.fullmatch(name):
            raise ConfigError(f"--set expects NAME=VALUE with an upper-case setting NAME, got {pair!r}")
        default = defaults.get(name)
        probe = Settings({name: value})
        try:
            _check_type(probe, name, default)
        except ValueError as error:
            raise ConfigError(f"bad setting {pair}: {name} takes {error}") from None
        checked[name] = value
    return checked


def _check_type(probe: Settings, name: str, default: Any) -> None:
    """Read *name* back as its default's type (Scrapy's own getters); ValueError says which type."""
    if isinstance(default, bool):
        try:
            probe.getbool(name)
        except ValueError:
            raise ValueError("True or False") from None
    elif isinstance(default, int | float):
        try:
            probe.getfloat(name)
        except ValueError:
            raise ValueError("a number") from None
    elif isinstance(default, dict):
        try:
            probe.getdict(name)
        except (ValueError, TypeError):
            raise ValueError("a JSON object") from None


def check_spider_args(spidercls: type, spargs: dict[str, str]) -> None:
    """Check the spider arguments a NewsSpider reads (``base_url``, ``start_paths``) before a run starts."""
    start_paths = tuple(getattr(spidercls, "start_paths", ()))
    if spargs.get("start_paths") is not None:
        start_paths = parse_start_paths(spargs["start_paths"])
    if spargs.get("base_url") is not None:
        check_base_url(spargs["base_url"], start_paths)
    elif getattr(spidercls, "default_base_url", None) == "":  # the generic spider `urdu` has no site of its own
        raise ConfigError(
            f"{getattr(spidercls, 'name', 'the spider')} needs a base URL: --base-url URL (scrapy: -a base_url=URL)"
        )
    if spargs.get("since") is not None:
        parse_since(spargs["since"])


def parse_since(value: str | datetime | None) -> datetime | None:
    """``-a since=`` -> an aware datetime in the offset written (UTC when none): ``since`` cuts at
    its calendar day (``newscrawl.core.dates.before_since``); a date alone is its midnight UTC.

    >>> parse_since("2025-01-01")
    datetime.datetime(2025, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)
    >>> parse_since("2025-01-01T10:00:00+05:00").isoformat()
    '2025-01-01T10:00:00+05:00'
    >>> parse_since(None) is None
    True
    """
    if value is None or value == "":
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"since must be a date like 2025-01-01 (or an ISO datetime), got {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        moment.astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01T00:00:00+05:00 is before the first moment a datetime holds
        raise ConfigError(f"since must be a date between years 1 and 9999 in UTC, got {value!r}") from None
    return moment
