"""Exactly-once: by URL, then by content hash, then (optionally) by near-duplicate text.

1. **URL** (canonical_url, else url): keep the newest crawl (greatest
   ``crawled_at``; on a tie the later file, then the later line). Earlier
   crawls are superseded: the article may have been corrected since.
2. **Content hash**: records with the same ``content_hash`` under different
   URLs (syndication, URL changes) collapse to one representative.
3. **Near duplicates** (``--near-duplicates``): MinHash (128 permutations)
   over word shingles (5 words by default) of the headline and body,
   normalized with :func:`newscrawl.core.text.normalize_urdu` and stripped of
   punctuation, indexed with datasketch's MinHashLSH. Representatives are visited in priority order;
   each one joins the highest-priority earlier representative whose estimated
   Jaccard similarity reaches the threshold, or becomes a representative
   itself. Greedy, so the result does not depend on the order of run files.

The representative of a group is the one with the highest :func:`priority`:
earliest published (undated last), then the smallest dedup key. The others'
dedup keys are listed, sorted, in its ``duplicates`` field.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

from newscrawl.dataset.records import words
from newscrawl.core.text import normalize_urdu

NUM_PERM = 128


@dataclass(slots=True)
class Candidate:
    """What the export holds per distinct article between its passes (~0.8 KB with its dict entry).

    Everything else (headline, body, lists) stays on disk and is read back by
    ``file_index`` / ``offset`` / ``length`` when needed.
    """

    key: str  # canonical_url or url
    url: str  # the record's url, for sorting
    site: str
    crawled: int  # microseconds UTC
    published: int | None  # microseconds UTC
    content_hash: str
    file_index: int
    line_no: int
    offset: int
    length: int
    excluded: str | None = None  # the filter reason, or None when kept
    duplicates: list[str] = field(default_factory=list)
    rank: int = -1  # position in publish order, when stories are clustered (newscrawl.dataset.story_table)


def priority(candidate: Candidate) -> tuple[bool, int, str]:
    """Sort key choosing a group's representative: earliest published, undated last, then smallest key."""
    return (candidate.published is None, candidate.published or 0, candidate.key)


def output_order(candidate: Candidate) -> tuple[bool, int, str, str]:
    """The dataset's row order: publish date (undated last), then URL."""
    return (candidate.published is None, candidate.published or 0, candidate.url, candidate.key)


#: Distinct texts declaring one canonical URL from which it is not believed (the crawl's DedupPipeline agrees).
CANONICAL_MAX_TEXTS = 3


class UrlIndex:
    """Newest crawl per dedup key, fed in file-then-line order.

    Candidates are first held per fetched URL; :meth:`settle` then merges them
    by their (plausible) canonical URL, unless that canonical is declared by
    :data:`CANONICAL_MAX_TEXTS` or more different texts: a template that puts
    one URL in every page, whose pages each keep their own URL.

    Keys are per site: two sites' records are never one article because of a URL
    (a copied canonical, a shared relative path); equal text still merges them later.
    """

    def __init__(self) -> None:
        self.newest: dict[tuple[str, str], Candidate] = {}
        self.superseded = 0
        self.canonical_not_believed = 0

    def offer(self, candidate: Candidate) -> None:
        current = self.newest.get((candidate.site, candidate.url))
        if current is not None:
            self.superseded += 1
            if candidate.crawled < current.crawled:
                return
        self.newest[(candidate.site, candidate.url)] = candidate

    def settle(self) -> None:
        """Re-key the newest crawl of each URL by canonical URL, keeping the newest per key."""
        claims: dict[tuple[str, str], set[str]] = {}
        for candidate in self.newest.values():
            if candidate.key != candidate.url:
                texts = claims.setdefault((candidate.site, candidate.key), set())
                if len(texts) < CANONICAL_MAX_TEXTS:
                    texts.add(candidate.content_hash)
        by_key: dict[tuple[str, str], Candidate] = {}
        for candidate in self.newest.values():
            if candidate.key != candidate.url and len(claims[(candidate.site, candidate.key)]) >= CANONICAL_MAX_TEXTS:
                candidate.key = candidate.url
                self.canonical_not_believed += 1
            current = by_key.get((candidate.site, candidate.key))
            if current is not None:
                self.superseded += 1
                if _age(candidate) < _age(current):  # on a tie the later file, then the later line
                    continue
            by_key[(candidate.site, candidate.key)] = candidate
        self.newest = by_key


def _age(candidate: Candidate) -> tuple[int, int, int]:
    return candidate.crawled, candidate.file_index, candidate.line_no


def merge_exact(candidates: Iterable[Candidate], within_site: bool = False) -> tuple[list[Candidate], int]:
    """Collapse equal ``content_hash``es; return the representatives and how many went.

    *within_site*: only records of one site collapse (``export --stories``: the same text on
    two outlets is one story told twice, a verbatim copy, and both records stay).

    >>> a = Candidate("https://x/2", "https://x/2", "s", 0, 5, "h", 0, 1, 0, 1)
    >>> b = Candidate("https://x/1", "https://x/1", "s", 0, 5, "h", 0, 2, 0, 1)
    >>> reps, removed = merge_exact([a, b])
    >>> [(r.key, r.duplicates) for r in reps], removed
    ([('https://x/1', ['https://x/2'])], 1)
    """
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault((candidate.site if within_site else "", candidate.content_hash), []).append(candidate)
    representatives = []
    removed = 0
    for group in groups.values():
        group.sort(key=priority)
        head = group[0]
        for other in group[1:]:
            head.duplicates.append(other.key)
            head.duplicates.extend(other.duplicates)
        removed += len(group) - 1
        representatives.append(head)
    return representatives, removed


def shingle_hashes(text: str, size: int = 5) -> np.ndarray:
    """32-bit hashes of the overlapping runs of *size* words of the normalized *text*.

    A shingle's hash combines its words' CRC-32s with a rolling polynomial, so
    each word is hashed once, not *size* times. Texts shorter than *size* words
    give one shingle of all their words; no words, no shingles.

    >>> a = shingle_hashes("پاکستان اور چین، دوست ممالک۔", 3)
    >>> b = shingle_hashes("  پاکستان اور چین دوست ممالک", 3)
    >>> len(a), a.tolist() == b.tolist()
    (3, True)
    >>> len(shingle_hashes("اہم خبر", 3)), len(shingle_hashes("۔", 3))
    (1, 0)
    >>> shingle_hashes("اور چین دوست", 3).tolist() == shingle_hashes("دوست چین اور", 3).tolist()
    False
    """
    return token_shingles(words(normalize_urdu(text)), size)


def token_shingles(tokens: list[str], size: int = 5) -> np.ndarray:
    """:func:`shingle_hashes` of text already split into normalized words (one split serves many uses)."""
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    encoded = " ".join(tokens).encode().split()  # one encode per text, not per word
    token_hashes = np.fromiter(map(zlib.crc32, encoded), dtype=np.uint64, count=len(encoded))
    width = min(size, len(tokens))
    count = len(tokens) - width + 1
    acc = token_hashes[:count].copy()
    for offset in range(1, width):
        acc = acc * _MULTIPLIER + token_hashes[offset : offset + count]  # wraps mod 2**64
    return ((acc >> np.uint64(32)) ^ acc).astype(np.uint32)


_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd, 64-bit golden ratio
# One set of permutations for every signature (created once, not per MinHash).
_TEMPLATE = MinHash(num_perm=NUM_PERM)


def signature(text: str, shingle_size: int = 5) -> np.ndarray | None:
    """MinHash signature (128 uint32) of *text*'s shingles, or None for a text without words.

    Deterministic across runs and machines (no per-process hash seed).

    >>> a = signature("پاکستان اور چین کے درمیان تجارتی تعلقات مزید مضبوط ہوں گے")
    >>> b = signature("پاکستان اور چین کے درمیان تجارتی تعلقات مزید مضبوط ہوں گے۔")
    >>> bool((a == b).all()), a.dtype.name, len(a), signature("۔۔۔")
    (True, 'uint32', 128, None)
    """
    hashes = shingle_hashes(text, shingle_size)
    if not len(hashes):
        return None
    # The shingles are hashed already: hashfunc=int only hands each value on.
    minhash = MinHash(num_perm=NUM_PERM, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme, hashfunc=int)
    minhash.update_batch(hashes)
    return minhash.hashvalues


def _band_hash(band: bytes) -> bytes:
    # LSH bucket keys: 8 bytes instead of 52 per band keeps the index smaller.
    return hashlib.blake2b(band, digest_size=8).digest()


class NearDuplicateIndex:
    """Greedy near-duplicate clustering over MinHash signatures, fed in priority order.

    Holds, per representative, its signature (512 bytes) and its LSH entries
    in datasketch's in-memory index (about 1.6 KB together, measured).
    """

    def __init__(self, threshold: float = 0.8, capacity: int = 0) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, hashfunc=_band_hash)
        self._signatures = np.empty((max(capacity, 1), NUM_PERM), dtype=np.uint32)
        self._count = 0

    def add(self, sig: np.ndarray) -> int | None:
        """Return the index of the representative *sig* joins, or None when it is a new one."""
        minhash = MinHash(
            num_perm=NUM_PERM, hashvalues=sig, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme
        )
        candidates = sorted(self._lsh.query(minhash))
        for index in candidates:
            # LSH finds candidates; the signatures decide (no false positives from banding).
            if np.count_nonzero(self._signatures[index] == sig) / NUM_PERM >= self.threshold:
                return index
        if self._count == len(self._signatures):
            self._signatures = np.resize(self._signatures, (2 * self._count, NUM_PERM))
        self._signatures[self._count] = sig
        self._lsh.insert(self._count, minhash, check_duplication=False)
        self._count += 1
        return None


def merge_near(
    representatives: list[Candidate],
    signatures: Iterator[np.ndarray | None],
    threshold: float,
) -> tuple[list[Candidate], int]:
    """Fold near-duplicate representatives together.

    *representatives* must be in :func:`priority` order and *signatures* yield
    theirs in the same order (computed lazily, so bodies are read one at a time).
    """
    index = NearDuplicateIndex(threshold, capacity=len(representatives))
    kept: list[Candidate] = []
    indexed: list[Candidate] = []  # the index's representatives, by its numbering
    removed = 0
    for candidate, sig in zip(representatives, signatures, strict=True):
        if sig is None:  # no words to compare: its own representative
            kept.append(candidate)
            continue
        joined = index.add(sig)
        if joined is None:
            kept.append(candidate)
            indexed.append(candidate)
        else:
            head = indexed[joined]
            head.duplicates.append(candidate.key)
            head.duplicates.extend(candidate.duplicates)
            candidate.duplicates = []
            removed += 1
    return kept, removed
