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
import math
import zlib
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from newscrawl.core.text import normalize_urdu, to_ascii_digits
from newscrawl.dataset.dedup import shingle_hashes
from newscrawl.dataset.records import words

#: Defaults, chosen on the labelled pairs of devtools/stories_set.py (docs/datasets.md has the figures).
STORY_THRESHOLD = 0.33  # TF-IDF cosine of content words: the middle of the labelled set's gap
COPY_THRESHOLD = 0.8  # Jaccard of 5-word shingles, as --near-duplicate-threshold
STORY_WINDOW_HOURS = 72.0
TERMS_KEPT = 80  # a text's heaviest terms, the rest dropped (bounded memory per leader)
KEYS = 12  # its heaviest terms that index it (a rewrite keeps most of them)
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
    return [word for word in words(to_ascii_digits(normalize_urdu(text))) if word not in STOPWORDS]


def term_id(word: str) -> int:
    """A word's slot in the hashed vocabulary (CRC-32: the same on every machine and run)."""
    return zlib.crc32(word.encode()) & ((1 << VOCABULARY_BITS) - 1)


class DocumentFrequencies:
    """How many records hold each term, over a hashed vocabulary (a fixed 16 MB, however many records)."""

    def __init__(self) -> None:
        self.counts = np.zeros(1 << VOCABULARY_BITS, dtype=np.uint32)
        self.documents = 0

    def add(self, text: str) -> None:
        terms = np.fromiter({term_id(word) for word in content_words(text)}, dtype=np.int64)
        self.counts[terms] += 1
        self.documents += 1

    def idf(self, term: int) -> float:
        # smoothed, as scikit-learn's TfidfVectorizer: never zero, never infinite
        return math.log((1 + self.documents) / (1 + int(self.counts[term]))) + 1.0


@dataclass(frozen=True)
class Text:
    """What a record contributes to clustering: its TF-IDF vector, index keys and shingles."""

    vector: dict[int, float]  # term -> weight, L2-normalized
    keys: tuple[int, ...]
    shingles: np.ndarray  # sorted unique 5-word shingle hashes

    @classmethod
    def of(cls, text: str, frequencies: DocumentFrequencies, shingle_size: int = 5) -> Text | None:
        counts = Counter(term_id(word) for word in content_words(text))
        if not counts:
            return None
        weights = {term: (1.0 + math.log(n)) * frequencies.idf(term) for term, n in counts.items()}
        heaviest = sorted(weights, key=lambda term: (-weights[term], term))[:TERMS_KEPT]
        norm = math.sqrt(sum(weights[term] ** 2 for term in heaviest))
        vector = {term: weights[term] / norm for term in heaviest}
        return cls(vector, tuple(heaviest[:KEYS]), np.unique(shingle_hashes(text, shingle_size)))

    def cosine(self, other: Text) -> float:
        small, large = (
            (self.vector, other.vector) if len(self.vector) <= len(other.vector) else (other.vector, self.vector)
        )
        return sum(weight * large.get(term, 0.0) for term, weight in small.items())

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
        for story in sorted({story for key in parsed.keys for story in self._postings.get(key, ())}):
            leader = self._leaders.get(story)
            if leader is None:
                continue
            similarity = parsed.cosine(leader.text)
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

    def _expire(self, oldest: int) -> None:
        expired = False
        while self._order and self._leaders[self._order[0]].published < oldest:
            del self._leaders[self._order.popleft()]
            expired = True
        if expired and len(self._postings) > 4 * max(len(self._leaders), 1) * KEYS:
            # postings of gone leaders are skipped when met; rebuilt now and then, so they stay bounded
            self._postings = {}
            for story in self._order:
                for key in self._leaders[story].text.keys:
                    self._postings.setdefault(key, []).append(story)


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
