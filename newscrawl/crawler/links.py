"""BoundedLinkExtractor: Scrapy's LinkExtractor reading at most a page's first N links.

A page of 100,000 links cost 7 s of CPU per visit (joining, cleaning and matching each);
no news page links more than a few thousand pages. Past ``max_links`` link attributes
the page's remaining links are not read, the page is counted in ``cut_pages`` and named
in one warning line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from scrapy.http import TextResponse
from scrapy.link import Link
from scrapy.linkextractors import LinkExtractor

logger = logging.getLogger(__name__)

#: link attributes read per page at most
MAX_LINKS_PER_PAGE = 10_000


class BoundedLinkExtractor(LinkExtractor):
    def __init__(self, *args: Any, max_links: int = MAX_LINKS_PER_PAGE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_links = max_links
        self.cut_pages = 0
        self._cut = False
        parser = self.link_extractor
        every_link = parser._iter_links  # Scrapy-private (2.19): guarded by tests/crawler/test_links.py

        def first_links(document: Any) -> Iterator[Any]:
            for count, found in enumerate(every_link(document)):
                if count >= self.max_links:
                    self._cut = True
                    return
                yield found

        parser._iter_links = first_links  # type: ignore[method-assign]

    def extract_links(self, response: TextResponse) -> list[Link]:
        self._cut = False
        links = super().extract_links(response)
        if self._cut:
            self.cut_pages += 1
            logger.warning("%s has more than %d links: only the first are read", response.url, self.max_links)
        return links
