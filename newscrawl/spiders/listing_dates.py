"""The date a listing page shows beside each article link, for ``-a since`` on listing pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from scrapy.http import TextResponse

from newscrawl.core.dates import parse_date
from newscrawl.core.text import to_ascii_digits
from newscrawl.core.urls import canonicalize_url

_YEAR = re.compile(r"(?:19|20)\d\d")


def dated_links(response: TextResponse, wanted: Callable[[str], bool]) -> dict[str, datetime]:
    """The date a listing page shows beside each link: ``{canonical URL: moment}``.

    An item is the smallest block (up to three levels) around a date element
    (``<time>``, ``[class*=date]``, ``[class*=time]``) holding exactly one
    wanted link; a block with several links gives no date to any of them.
    """
    found: dict[str, datetime] = {}
    for node in response.css("time, [class*=date], [class*=time]"):
        text = node.attrib.get("datetime") or " ".join(node.css("::text").getall())
        if len(text) > 80 or not _YEAR.search(to_ascii_digits(text)):
            continue  # not a date line: spare the date parser (and its warnings)
        iso = parse_date(text)
        if iso is None:
            continue
        for level in range(1, 4):  # the parent, grandparent, great-grandparent
            block = node.xpath("/".join([".."] * level))
            if not block:
                break
            urls = {canonicalize_url(response.urljoin(href)) for href in block.css("a::attr(href)").getall()}
            urls = {url for url in urls if wanted(url)}
            if urls:
                if len(urls) == 1:
                    found[urls.pop()] = datetime.fromisoformat(iso)
                break
    return found
