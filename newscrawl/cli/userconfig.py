"""The user's configuration: who runs the crawl (contact), where data goes, how politely to crawl.

One TOML file (the standard library's tomllib), found at ``--config FILE``, else
``$NEWSCRAWL_CONFIG``, else ``$XDG_CONFIG_HOME/newscrawl/config.toml`` (``~/.config``
when XDG_CONFIG_HOME is unset); no file is fine. Each value comes from, in rising
precedence: its default (settings.py, said once there), the file, the environment
(``NEWSCRAWL_<KEY>``, e.g. ``NEWSCRAWL_CONTACT``, ``NEWSCRAWL_POLITENESS_DELAY``),
the command line. ``newscrawl config`` prints each value and where it came from.
Every mistake (a missing ``--config`` file, bad TOML, an unknown key, a wrong type)
is a ConfigError: one line, exit 2.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawl.cli.contact import check_contact, is_loopback, user_agent
from newscrawl.config import ConfigError, parse_start_paths, project_settings

ENV_PATH = "NEWSCRAWL_CONFIG"
ENV_PREFIX = "NEWSCRAWL_"
HOW_TO_SET_CONTACT = (
    'add contact = "you@example.org" (or your project\'s URL) to {path}, or set NEWSCRAWL_CONTACT, or pass --contact'
)


@dataclass(frozen=True)
class Option:
    """One configurable value: its key in the file (``table.name``), its Scrapy setting, its type."""

    key: str
    setting: str | None
    kind: type
    default: Any = None  # None with a setting: the project's default of that setting

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.key.replace(".", "_").upper()


OPTIONS = (
    Option("contact", None, str),
    Option("data_dir", None, Path, Path("data")),
    Option("warc_dir", "NEWSCRAWL_WARC_DIR", Path),
    Option("politeness.delay", "DOWNLOAD_DELAY", float),
    Option("politeness.concurrency", "CONCURRENT_REQUESTS", int),
    Option("politeness.concurrency_per_site", "CONCURRENT_REQUESTS_PER_DOMAIN", int),
    Option("politeness.autothrottle", "AUTOTHROTTLE_ENABLED", bool),
    Option("politeness.autothrottle_start_delay", "AUTOTHROTTLE_START_DELAY", float),
    Option("politeness.autothrottle_max_delay", "AUTOTHROTTLE_MAX_DELAY", float),
    Option("politeness.autothrottle_target_concurrency", "AUTOTHROTTLE_TARGET_CONCURRENCY", float),
    Option("politeness.retries", "RETRY_TIMES", int),
    Option("politeness.retry_after_max", "NEWSCRAWL_RETRY_AFTER_MAX", float),
    Option("retention.keep_runs", None, int),
    Option("retention.keep_days", None, int),
)
BY_KEY = {option.key: option for option in OPTIONS}
#: a site's own table, ``[sites.<name>]``: its delay and the sections a crawl of it starts from
SITE_KEYS = {"delay": float, "sections": list}


@dataclass(frozen=True)
class Value:
    value: Any
    source: str  # "default", "file <path>", "environment NEWSCRAWL_X", "command line --x"


@dataclass
class UserConfig:
    path: Path | None
    values: dict[str, Value]
    sites: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.values[key].value

    @property
    def contact(self) -> str | None:
        return self.get("contact")

    def settings(self, site: str | None = None) -> dict[str, Any]:
        """The Scrapy settings this configuration sets for a crawl of *site* (defaults left out)."""
        out: dict[str, Any] = {}
        for option in OPTIONS:
            value = self.values[option.key]
            if option.setting and value.source != "default" and value.value is not None:
                out[option.setting] = str(value.value.resolve()) if option.kind is Path else value.value
        if self.contact:
            out["USER_AGENT"] = user_agent(self.contact)
        own = self.sites.get(site or "", {})
        if "delay" in own:
            out["DOWNLOAD_DELAY"] = own["delay"]
        return out

    def setting_pairs(self, site: str | None = None) -> list[str]:
        """:meth:`settings` as ``NAME=VALUE`` strings, for a ``scrapy crawl -s`` child."""
        return [f"{name}={value}" for name, value in self.settings(site).items()]

    def sections(self, site: str) -> str | None:
        """The site's configured sections as a ``start_paths`` spider argument, or None."""
        sections = self.sites.get(site, {}).get("sections")
        return ",".join(sections) if sections else None


def default_path(environ: Mapping[str, str]) -> Path:
    """Where the file is looked for without ``--config``: $NEWSCRAWL_CONFIG, else the XDG config dir."""
    if environ.get(ENV_PATH):
        return Path(environ[ENV_PATH]).expanduser()
    base = Path(environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "newscrawl" / "config.toml"


def load(
    path: Path | None = None, environ: Mapping[str, str] | None = None, cli: Mapping[str, Any] | None = None
) -> UserConfig:
    """The effective configuration: defaults < file < environment < *cli* ({key: value}, None ignored)."""
    environ = os.environ if environ is None else environ
    explicit = path is not None or bool(environ.get(ENV_PATH))
    where = path.expanduser() if path is not None else default_path(environ)
    data: dict[str, Any] = {}
    if where.is_file():
        try:
            data = tomllib.loads(where.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"configuration {where} is not valid TOML: {error}") from None
        except OSError as error:
            raise ConfigError(f"cannot read configuration {where}: {error.strerror or error}") from None
    elif explicit:
        raise ConfigError(f"configuration file {where} does not exist")
    flat, sites = _flatten(data, where)
    values: dict[str, Value] = {}
    defaults = project_settings()
    for option in OPTIONS:
        value = Value(option.default if option.setting is None else defaults.get(option.setting), "default")
        if option.key in flat:
            value = Value(_typed(option, flat[option.key], f"{option.key} in {where}"), f"file {where}")
        if environ.get(option.env):
            value = Value(_typed(option, environ[option.env], option.env), f"environment {option.env}")
        if cli and cli.get(option.key) is not None:
            flag = "--" + option.key.split(".")[-1].replace("_", "-")
            value = Value(_typed(option, cli[option.key], flag), f"command line {flag}")
        values[option.key] = value
    if values["contact"].value is not None:
        check_contact(values["contact"].value)
    return UserConfig(where if where.is_file() else None, values, sites)


def _flatten(data: dict[str, Any], where: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The file's tables -> ``{"politeness.delay": 1.0}`` and ``{site: {delay, sections}}``; unknown keys refused."""
    flat: dict[str, Any] = {}
    sites: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        if key == "sites" and isinstance(value, dict):
            for site, own in value.items():
                sites[site] = _site_table(site, own, where)
        elif isinstance(value, dict):
            flat.update({f"{key}.{name}": inner for name, inner in value.items()})
        else:
            flat[key] = value
    for key in flat:
        if key not in BY_KEY:
            raise ConfigError(f"unknown key {key!r} in {where}; known keys: {', '.join(BY_KEY)}, sites.<site>")
    return flat, sites


def _site_table(site: str, own: Any, where: Path) -> dict[str, Any]:
    from newscrawl.config import spider_class  # noqa: PLC0415 - loads the spiders, only when a file names a site

    spider_class(site)  # an unknown site name is a mistake worth one line
    if not isinstance(own, dict) or set(own) - set(SITE_KEYS):
        raise ConfigError(f"[sites.{site}] in {where} takes only: {', '.join(SITE_KEYS)}")
    checked: dict[str, Any] = {}
    if "delay" in own:
        checked["delay"] = _typed(Option("delay", None, float), own["delay"], f"sites.{site}.delay in {where}")
    if "sections" in own:
        sections = own["sections"]
        if not isinstance(sections, list) or not all(isinstance(s, str) for s in sections):
            raise ConfigError(f'sites.{site}.sections in {where} must be a list of paths, e.g. ["/category/x"]')
        checked["sections"] = list(parse_start_paths(",".join(sections)))
    return checked


def _typed(option: Option, raw: Any, where: str) -> Any:
    """*raw* (TOML value or environment string) as the option's type, or ConfigError naming *where*."""
    kind = option.kind
    try:
        if kind is bool:
            if isinstance(raw, bool):
                return raw
            lowered = str(raw).strip().lower()
            if lowered not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError
            return lowered in ("true", "1", "yes")
        if kind is Path:
            return Path(str(raw)).expanduser()
        if kind in (int, float):
            if isinstance(raw, bool):
                raise ValueError
            number = kind(raw)
            if number < 0:
                raise ValueError
            return number
        if not isinstance(raw, str):
            raise ValueError
        return raw.strip()
    except ValueError:
        wanted = {bool: "true or false", Path: "a path", int: "a whole number >= 0", float: "a number >= 0"}
        raise ConfigError(f"{where} must be {wanted.get(kind, 'a string')}, got {raw!r}") from None


def require_contact(config: UserConfig, target_url: str, user_agent_set: bool) -> None:
    """A crawl of a live site says who runs it (as Heritrix insists): ConfigError unless a contact is set.

    *user_agent_set*: the user gave their own USER_AGENT (``--set``), which says it already.
    """
    if config.contact or user_agent_set or is_loopback(target_url):
        return
    host = urlsplit(target_url).hostname
    path = config.path or default_path(os.environ)
    raise ConfigError(
        f"crawling the live site {host} needs your contact in the user agent: {HOW_TO_SET_CONTACT.format(path=path)}"
    )


def add_config_arguments(parser: Any) -> None:
    """``--config FILE`` and ``--contact``: how every crawling command finds the user's configuration."""
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the configuration file (default: $NEWSCRAWL_CONFIG, else ~/.config/newscrawl/config.toml)",
    )
    parser.add_argument("--contact", help="your URL or e-mail, put into the user agent (the configuration's contact)")


def from_args(args: Any, **cli: Any) -> UserConfig:
    """The configuration a command's *args* select; *cli*: more command-line values by key."""
    return load(getattr(args, "config", None), cli={"contact": getattr(args, "contact", None), **cli})
