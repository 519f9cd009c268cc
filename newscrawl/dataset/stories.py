"""Stories across outlets: which records tell the same story, and which of them are copies.

Two levels, both over the Urdu-normalized headline and body (:func:`newscrawl.core.text.normalize_urdu`):

* **same story** (rewrites too): cosine similarity of TF-IDF vectors of *content words* (words
  that are not Urdu function words, digits folded to ASCII), with the inverse document
  frequency taken from the exported records themselves. Rewording changes the verbs and the
  order; it keeps the names, places, numbers and subject nouns that carry the weight.
* **copy** (verbatim wire copy): Jaccard similarity of the two texts' 5-word shingles, the
  measure the export's near-duplicate merging estimates with MinHash, computed exactly here.

Clustering is greedy and leader-based, as the near-duplicate merge is: records are visited
in publish order (then by dedup key); each joins the most similar *first record* of an
earlier story published within the time window, when the similarity reaches the threshold,
or starts a story of its own. Comparing with the first record only (never with any member)
keeps stories from chaining into topics, and gives every member its similarity to the first.
Candidates come from an inverted index over each story leader's most distinctive words, and
leaders leave the index once older than the window: time and memory grow with the records
per window, not with the whole dataset. Undated records are not clustered (each is its own
story): without a date no window can be drawn.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
import zlib
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from newscrawl.core.text import normalize_urdu, to_ascii_digits
from newscrawl.dataset.dedup import token_shingles
from newscrawl.dataset.records import words

#: Defaults, chosen on the labelled pairs of devtools/stories_set.py (docs/datasets.md has the figures).
STORY_THRESHOLD = 0.33  # TF-IDF cosine of content words: the middle of the labelled set's gap
COPY_THRESHOLD = 0.8  # Jaccard of 5-word shingles, as --near-duplicate-threshold
STORY_WINDOW_HOURS = 72.0
TERMS_KEPT = 80  # a text's heaviest terms, the rest dropped (bounded memory per leader)
KEYS = 12  # its heaviest terms that index it (a rewrite keeps most of them)
SWEEP_EVERY = 10_000  # expired leaders between two sweeps of the inverted index
VOCABULARY_BITS = 22  # hashed vocabulary for document frequencies: 4 M counters, 16 MB

# Urdu function words: postpositions, auxiliaries, pronouns, conjunctions. They say nothing
# of what a story is about; the inverse document frequency would shrink them anyway, but
# dropping them keeps the kept terms for the words that matter.
STOPWORDS = frozenset(
    """
    کا کے کی کو میں سے نے پر تک اور یا کہ بھی ہی تو نہ نہیں ہے ہیں تھا تھی تھے ہو ہوں ہوا ہوئی ہوئے
    ہونے ہوتا ہوتی ہوتے ہوگا ہوگی ہوں گے گا گی گے یہ وہ اس ان ای جو جس جن جب تب کیا کیے کی گئی گیا
    گئے کر کرنے کرتے کرتا کرتی کریں کرے جا جانے جاتا جاتی جاتے جائے جائیں رہا رہی رہے سکتا سکتی
    سکتے لیے لئے ساتھ بعد پہلے اب لیکن مگر بلکہ کچھ کسی کوئی اپنے اپنی اپنا انہوں انہیں انھوں
    ہم آپ تم میرا ہمارے ہماری وہاں یہاں کب کیوں کیسے بہت دیا دی دیے دیں والے والی والا طرف
    بارے ذریعے دوران جبکہ چونکہ اگر تاکہ ایک دو
    """.split()
)


def content_words(text: str) -> list[str]:
    """The words of *text* that carry its subject: normalized, digits in ASCII, no function words.

    >>> content_words("وزیراعظم نے ۲۵ مارچ کو اسلام آباد میں کہا کہ پاکستان اور چین دوست ہیں۔")
    ['وزیراعظم', '25', 'مارچ', 'اسلام', 'آباد', 'کہا', 'پاکستان', 'چین', 'دوست']
    """
    return _content(words(normalize_urdu(text)))


def _content(tokens: list[str]) -> list[str]:
    kept = " ".join(word for word in tokens if word not in STOPWORDS)
    if _FOREIGN_DIGITS.search(kept):  # str.translate walks every character: only when there are digits to fold
        kept = to_ascii_digits(kept)
    return kept.split()


_FOREIGN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_MASK = np.uint32((1 << VOCABULARY_BITS) - 1)


def terms(tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct term ids of *tokens*' content words (sorted) and how often each occurs.

    A term id is the word's CRC-32 in a hashed vocabulary: the same on every machine and run,
    computed for all words of a text in one call (as the near-duplicate shingles are).
    """
    content = _content(tokens)
    ids = np.fromiter(map(zlib.crc32, " ".join(content).encode().split()), dtype=np.uint32) & _MASK
    return np.unique(ids, return_counts=True)


class DocumentFrequencies:
    """How many records hold each term, over a hashed vocabulary (a fixed 16 MB, however many records)."""

    def __init__(self) -> None:
        self.counts = np.zeros(1 << VOCABULARY_BITS, dtype=np.uint32)
        self.documents = 0

    def add(self, text: str) -> None:
        self.counts[terms(words(normalize_urdu(text)))[0]] += 1
        self.documents += 1

    def idf(self, ids: np.ndarray) -> np.ndarray:
        # smoothed, as scikit-learn's TfidfVectorizer: never zero, never infinite
        return np.log((1 + self.documents) / (1 + self.counts[ids].astype(np.float64))) + 1.0


@dataclass(frozen=True)
class Text:
    """What a record contributes to clustering: its TF-IDF vector, index keys and shingles."""

    terms: np.ndarray  # sorted term ids of the kept terms
    weights: np.ndarray  # their TF-IDF weights, L2-normalized
    keys: tuple[int, ...]
    shingles: np.ndarray  # sorted unique 5-word shingle hashes

    @classmethod
    def of(cls, text: str, frequencies: DocumentFrequencies, shingle_size: int = 5) -> Text | None:
        tokens = words(normalize_urdu(text))
        ids, counts = terms(tokens)
        if not len(ids):
            return None
        weights = (1.0 + np.log(counts)) * frequencies.idf(ids)
        heaviest = np.lexsort((ids, -weights))[:TERMS_KEPT]  # by weight, ties by term: deterministic
        keys = tuple(int(term) for term in ids[heaviest[:KEYS]])
        kept = np.sort(heaviest)  # ids are sorted, so sorted positions keep them sorted
        vector = weights[kept]
        return cls(
            ids[kept], vector / np.sqrt(np.dot(vector, vector)), keys, np.unique(token_shingles(tokens, shingle_size))
        )

    def cosine(self, other: Text) -> float:
        _, mine, theirs = np.intersect1d(self.terms, other.terms, assume_unique=True, return_indices=True)
        return float(np.dot(self.weights[mine], other.weights[theirs]))

    def jaccard(self, other: Text) -> float:
        shared = len(np.intersect1d(self.shingles, other.shingles, assume_unique=True))
        union = len(self.shingles) + len(other.shingles) - shared
        return shared / union if union else 0.0


@dataclass
class Leader:
    """The first record of a story, while it is recent enough to be joined."""

    story: int
    published: int  # microseconds UTC
    text: Text


@dataclass
class Assignment:
    """Where one record went: its story, and how like the story's first record it is."""

    story: int
    similarity: float  # TF-IDF cosine to the first record (1.0 for the first itself)
    copy_overlap: float  # shingle Jaccard to the first record (1.0 for the first itself)

    def level(self, copy_threshold: float = COPY_THRESHOLD) -> str:
        return "copy" if self.copy_overlap >= copy_threshold else "rewrite"


@dataclass
class StoryClusterer:
    """Greedy leader clustering over records fed in publish order (see the module's docstring)."""

    frequencies: DocumentFrequencies
    threshold: float = STORY_THRESHOLD
    window_us: int = int(STORY_WINDOW_HOURS * 3600 * 1_000_000)
    shingle_size: int = 5
    stories: int = 0
    _leaders: dict[int, Leader] = field(default_factory=dict)
    _order: deque[int] = field(default_factory=deque)  # leaders by publish time, for expiry
    _postings: dict[int, list[int]] = field(default_factory=dict)
    _last: int | None = None
    _expired: int = 0  # leaders expired since the last sweep of the postings

    def add(self, text: str, published: int | None) -> Assignment:
        """The story of the next record (*published* in microseconds UTC, not earlier than the last)."""
        parsed = Text.of(text, self.frequencies, self.shingle_size) if published is not None else None
        if parsed is None or published is None:
            return self._new_story(None, None)
        if self._last is not None and published < self._last:
            raise ValueError("records must be added in publish order")
        self._last = published
        self._expire(published - self.window_us)
        best: tuple[float, int] | None = None
        for story in sorted(self._candidates(parsed.keys)):
            similarity = parsed.cosine(self._leaders[story].text)
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, story)
        if best is None:
            return self._new_story(parsed, published)
        similarity, story = best
        return Assignment(story, round(similarity, 4), round(parsed.jaccard(self._leaders[story].text), 4))

    def _new_story(self, parsed: Text | None, published: int | None) -> Assignment:
        story = self.stories
        self.stories += 1
        if parsed is not None and published is not None:
            self._leaders[story] = Leader(story, published, parsed)
            self._order.append(story)
            for key in parsed.keys:
                self._postings.setdefault(key, []).append(story)
        return Assignment(story, 1.0, 1.0)

    def _candidates(self, keys: tuple[int, ...]) -> set[int]:
        """Live leaders indexed under any of *keys*; expired ones are cut from each list read.

        Stories are numbered in publish order, so every posting list is sorted and the
        expired leaders are its prefix below the oldest live one.
        """
        oldest = self._order[0] if self._order else self.stories
        found: set[int] = set()
        for key in keys:
            posting = self._postings.get(key)
            if posting:
                cut = bisect_left(posting, oldest)
                if cut:
                    del posting[:cut]
                found.update(posting)
        return found

    def _expire(self, oldest: int) -> None:
        while self._order and self._leaders[self._order[0]].published < oldest:
            del self._leaders[self._order.popleft()]
            self._expired += 1
        if self._expired >= SWEEP_EVERY:
            # lists that are never read again keep their expired prefix: swept now and then, so memory stays bounded
            self._expired = 0
            live = self._order[0] if self._order else self.stories
            self._postings = {
                key: kept for key, posting in self._postings.items() if (kept := posting[bisect_left(posting, live) :])
            }


def cluster(
    texts: Iterable[tuple[str, int | None]], frequencies: DocumentFrequencies, **options: float
) -> list[Assignment]:
    """Cluster (text, published) pairs given in publish order; one :class:`Assignment` each.

    >>> records = [("پاکستان اور چین کے درمیان تجارتی معاہدے پر دستخط ہو گئے، وزیر تجارت نے بتایا", 0),
    ...            ("لاہور میں شدید بارش سے نشیبی علاقے زیر آب آ گئے", 10),
    ...            ("پاکستان اور چین کے درمیان تجارتی معاہدے پر دستخط ہو گئے، وزیر تجارت نے بتایا", 20)]
    >>> frequencies = DocumentFrequencies()
    >>> for text, _ in records: frequencies.add(text)
    >>> [(a.story, a.level()) for a in cluster(records, frequencies)]
    [(0, 'copy'), (1, 'copy'), (0, 'copy')]
    """
    clusterer = StoryClusterer(frequencies, **options)  # type: ignore[arg-type]
    return [clusterer.add(text, published) for text, published in texts]


def story_id(first_key: str) -> str:
    """A story's id: from its first record's dedup key, so the same inputs give the same ids.

    >>> story_id("https://www.islamtimes.com/ur/news/1/")
    'story-58450a34e52ba6fa'
    """
    return "story-" + hashlib.blake2b(first_key.encode(), digest_size=8).hexdigest()
