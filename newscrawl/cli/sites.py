"""``newscrawl sites``: every site the crawler knows, read from the spider classes.

Attributes are read defensively: a site file may predate one (``languages``
replaced ``language``; a generic spider has no fixed host or article shape).
"""

from __future__ import annotations

import argparse
from typing import Any
from urllib.parse import urlsplit

from newscrawl.config import known_spiders

COLUMNS = ("site", "host", "article URL shape", "languages")


def describe(spidercls: type) -> dict[str, str]:
    """One row of the table for *spidercls*.

    >>> from newscrawl.spiders.islamtimes import IslamTimesSpider
    >>> row = describe(IslamTimesSpider)
    >>> row["site"], row["host"], row["languages"]
    ('islamtimes', 'www.islamtimes.com', 'ur')
    """
    base = getattr(spidercls, "default_base_url", None)
    languages: Any = getattr(spidercls, "languages", None) or getattr(spidercls, "language", None) or ()
    if isinstance(languages, str):
        languages = (languages,)
    return {
        "site": str(getattr(spidercls, "name", "?")),
        "host": (urlsplit(base).hostname or "-") if isinstance(base, str) else "-",
        # the generic spider (no default site) reads article-ness from each page, not from a URL shape
        "article URL shape": str(getattr(spidercls, "article_url", None) or "-")
        if base != ""
        else "(read from each page)",
        "languages": ", ".join(str(language) for language in languages) or "-",
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--names", action="store_true", help="print the site names only, one per line")


def main(args: argparse.Namespace) -> int:
    rows = [describe(cls) for cls in known_spiders().values()]
    if args.names:
        print("\n".join(row["site"] for row in rows))
        return 0
    widths = {column: max([len(column)] + [len(row[column]) for row in rows]) for column in COLUMNS}
    print("  ".join(column.ljust(widths[column]) for column in COLUMNS).rstrip())
    for row in rows:
        print("  ".join(row[column].ljust(widths[column]) for column in COLUMNS).rstrip())
    return 0
