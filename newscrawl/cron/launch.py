"""How every command starts a crawl: ``scrapy crawl`` in a child process, the project's settings by module.

``newscrawl cron`` runs its production crawls this way, and the checkout's demo its mirror crawl.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
#: a crawl of this machine (a mirror on 127.0.0.1) needs no politeness delay
LOOPBACK_SETTINGS = ("AUTOTHROTTLE_START_DELAY=0", "DOWNLOAD_DELAY=0")


def crawl_command(
    spider: str,
    base_url: str | None,
    out: Path,
    report: Path,
    log: Path,
    extra_settings: tuple[str, ...] = (),
    start_paths: str | None = None,
) -> list[str]:
    """The ``scrapy crawl`` command line for one run into *out* (base_url None: the live site;
    start_paths: the sections to crawl, None: the whole site)."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    if base_url is not None:
        command += ["-a", f"base_url={base_url}"]
    if start_paths is not None:
        command += ["-a", f"start_paths={start_paths}"]
    command += [
        "-s",
        f"NEWSCRAWL_JSONL_PATH={out}",
        "-s",
        f"NEWSCRAWL_REPORT_PATH={report}",
        "-s",
        f"LOG_FILE={log}",
        "-s",
        "LOG_FILE_APPEND=True",
    ]  # see newscrawl/cli/crawl.py
    for setting in extra_settings:
        command += ["-s", setting]
    return command


def crawl_env(config_path: Path | None = None) -> dict[str, str]:
    """The environment of a ``scrapy crawl`` child: the project's settings by module, so the
    command works from an installed package too (no scrapy.cfg there); *config_path*: the
    user's configuration file the parent read, so the child reads the same."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    if config_path is not None:
        env["NEWSCRAWL_CONFIG"] = str(config_path)
    return env
