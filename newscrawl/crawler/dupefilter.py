"""ArticleDupeFilter: one fetch per article, whichever URL leads to it.

The same article is linked as ``/ur/news/<id>/<slug>``, with another slug, or
by its legacy ``/ur/doc/news/<id>/`` address. Spiders put the site's article
key in ``request.meta["newscrawl_article_key"]``; a key seen before makes the
request a duplicate even when its URL is new. Keys share Scrapy's fingerprint
set, so JOBDIR persists them with the URL fingerprints for free.

A redirected request keeps its meta (and so the key that was just recorded),
so redirects are judged by URL alone: a legacy URL that answers 301 to the
canonical one must still reach the article.
"""

from __future__ import annotations

import hashlib

from scrapy import Request
from scrapy.dupefilters import RFPDupeFilter

META_KEY = "newscrawl_article_key"


def article_key_fingerprint(article_key: str) -> bytes:
    """The fingerprint an article key is remembered by, beside the URL fingerprints.

    >>> article_key_fingerprint("islamtimes:1234").hex()[:12]
    '87d1b1975cdb'
    """
    return hashlib.sha1(f"article-key:{article_key}".encode()).digest()


class ArticleDupeFilter(RFPDupeFilter):
    def request_seen(self, request: Request) -> bool:
        url_seen = super().request_seen(request)
        key = request.meta.get(META_KEY)
        if key is None or "redirect_urls" in request.meta:
            return url_seen
        key_fp = article_key_fingerprint(key)
        if key_fp in self._fingerprints:
            return True
        self._fingerprints.add(key_fp)
        if self.file:
            self.file.write(len(key_fp).to_bytes(2, "big") + key_fp)
        return url_seen
