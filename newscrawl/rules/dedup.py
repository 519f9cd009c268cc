"""Deduplication rules: within one run an article is kept once, and furniture never.

Keyed by canonical URL, then by content hash:

- **Canonical URL.** A page's ``rel=canonical`` is trusted only when it is plausible for
  that page (:func:`plausible_canonical`): the page's own URL, an article URL of the site, or
  any URL naming the same article id (the live site's URL on a mirror, a mobile host). A
  canonical pointing at the home page or a listing (a CMS template bug that would merge a
  whole site into one record) is not: the fetched URL is the key
  (``newscrawl/warnings/canonical_untrusted``). A canonical that ``CANONICAL_MAX_TEXTS`` or
  more different texts declare is not believed either: from the third on, each is kept under
  its own URL (``newscrawl/warnings/canonical_conflict``).
- **Content hash.** The same text under another URL is a duplicate; once it is on
  ``NEWSCRAWL_DEDUP_SHARED_TEXT_URLS`` distinct URLs it is page furniture (a soft 404, a
  JavaScript shell), not a syndicated copy (:class:`SharedTexts`).

Used by the crawl (newscrawl.pipelines.dedup), the WARC merge (newscrawl.warc.merge) and,
with the seen-store, by the seen rule (:class:`SeenRule`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from newscrawl.rules.outcomes import Verdict

#: Distinct texts declaring one canonical URL from which it is not believed (the export uses the same rule).
CANONICAL_MAX_TEXTS = 3


class SharedTexts:
    """Distinct URLs per content hash seen in this run, whatever became of the items."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self._first: dict[str, str] = {}
        self._more: dict[str, set[str]] = {}

    def note(self, digest: str, url: str) -> int:
        """Record that *url* has the text *digest*; return on how many distinct URLs it is now."""
        first = self._first.setdefault(digest, url)
        if first == url:
            return 1 + len(self._more.get(digest, ()))
        others = self._more.setdefault(digest, set())
        others.add(url)
        return 1 + len(others)

    def urls(self, digest: str) -> int:
        return (digest in self._first) + len(self._more.get(digest, ()))

    def is_furniture(self, urls: int) -> bool:
        return self.threshold > 0 and urls >= self.threshold


def plausible_canonical(canonical: str, url: str, shapes: Any) -> bool:
    """*canonical* may stand for the page at *url*: same article id, or an article URL of the site.

    A spider without URL shapes (no ``article_id``) gives nothing to judge by: believed.
    """
    article_id: Callable[[str], str | None] | None = getattr(shapes, "article_id", None)
    is_article_url: Callable[[str], bool] | None = getattr(shapes, "is_article_url", None)
    if article_id is None or is_article_url is None:
        return True
    declared = article_id(canonical)
    return declared is not None and (declared == article_id(url) or is_article_url(canonical))


def shared_text_why(urls: int, where: str) -> str:
    return (
        f"its text is on {urls} URLs {where} - page furniture (a soft 404 or an empty shell), not an article; "
        "not marked seen"
    )


class RunDedup:
    """One run's memory: one canonical key and one first URL per kept text, plus a small set per repeated text."""

    def __init__(self, shared: SharedTexts, shapes: Any = None) -> None:
        self.shared = shared
        self.shapes = shapes
        self.keys: dict[str, str] = {}  # canonical (else fetched) URL -> content hash kept under it
        self.claims: dict[str, set[str]] = {}  # canonical URL -> the texts that declared it, once two did
        self.hashes: set[str] = set()

    def judge(self, record: Mapping[str, Any]) -> Verdict:
        digest, url = record["content_hash"], record["url"]
        urls = self.shared.note(digest, url)
        if self.shared.is_furniture(urls):
            return Verdict("shared_text", shared_text_why(urls, "in this run"), group="dropped")
        warnings: list[tuple[str, str]] = []
        key = self._key(record, warnings)
        if key in self.keys and not self._claimed_by_many_texts(key, digest):
            why = f"same canonical URL as an earlier article ({key})"
            return Verdict("canonical_url", why, group="dedup", warnings=tuple(warnings))
        if key in self.keys:
            warnings.append(
                (
                    "canonical_conflict",
                    f"{url} declares canonical {key}, as {len(self.claims[key]) - 1} other texts do: not believed, "
                    "the article is kept under its own URL",
                )
            )
            key = url
        if digest in self.hashes:
            return Verdict("content_hash", "same text as an earlier article", group="dedup", warnings=tuple(warnings))
        self.keys[key] = digest
        self.hashes.add(digest)
        return Verdict(warnings=tuple(warnings))

    def _claimed_by_many_texts(self, key: str, digest: str) -> bool:
        """A second text declaring a canonical is a duplicate (an edited copy); from the third on, a bad template."""
        texts = self.claims.setdefault(key, {self.keys[key]})
        texts.add(digest)
        return len(texts) >= CANONICAL_MAX_TEXTS

    def _key(self, record: Mapping[str, Any], warnings: list[tuple[str, str]]) -> str:
        canonical, url = record.get("canonical_url"), record["url"]
        if not canonical or canonical == url:
            return url
        if plausible_canonical(canonical, url, self.shapes):
            return canonical
        warnings.append(
            (
                "canonical_untrusted",
                f"{url} declares canonical {canonical}, which is not an article URL of the site (home page, "
                "listing): deduplicated by its own URL",
            )
        )
        return url


class SeenRule:
    """Across runs: text an earlier run exported is not exported again; on enough URLs it is furniture.

    *known* answers whether the seen-store holds a content hash.
    """

    def __init__(self, shared: SharedTexts, known: Callable[[str], bool]) -> None:
        self.shared = shared
        self.known = known

    def judge(self, record: Mapping[str, Any]) -> Verdict:
        digest = record.get("content_hash")
        if not digest or not self.known(digest):
            return Verdict()
        urls = self.shared.urls(digest) + 1  # this run's, and at least one of an earlier run
        if self.shared.is_furniture(urls):
            return Verdict("shared_text", shared_text_why(urls, "(this run and the seen-store)"), group="dropped")
        return Verdict("seen_hash", "same text as an article exported by an earlier run", group="dedup")
