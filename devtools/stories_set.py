"""A labelled set for stories across outlets: Urdu records that tell the same story or not.

Built from the project's corpus (``fixtures/source/articles.json``, the 46 Islam Times
articles the mirrors serve), with the other outlets' versions written here by rules a
sub-editor follows:

* **copies** (same story, copy level too): the wire text as it came, under the outlet's
  own dateline; the same with the outlet's own headline; the same with its paragraphs in
  another order.
* **rewrites** (same story, not a copy): shortened to its first part under a new headline;
  reworded (a table of Urdu synonyms and turns of phrase, sentences reordered) with a quote
  added; reworded, shortened and padded with background; a brief of two reworded sentences.
* **different stories** (neither): every other pair. All 46 stories fall on one day, so
  every negative pair is "the same day", and the corpus holds several stories on one topic
  (two on CPEC's second phase, three on Gaza, two on the IMF, two on Iqbal, three on the
  digital economy, two on air pollution): the hard negatives, listed in :data:`SAME_TOPIC`.

Deterministic: the same corpus gives the same records, byte for byte.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path

from newscrawl.dataset.stories import DocumentFrequencies, cluster

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "source" / "articles.json"
DAY = datetime(2025, 3, 25, 6, 0, tzinfo=timezone.utc)

#: Different stories on one topic (corpus ids): the pairs a careless measure merges.
SAME_TOPIC = (
    ("1209491", "1209373"),  # CPEC's second phase: an opinion piece and a news report
    ("1209139", "1210747"),  # Gaza: a year of war, the ceasefire
    ("1210747", "1209821"),  # Gaza: the ceasefire, aid convoys
    ("1209139", "1209821"),
    ("1211521", "1211477"),  # the IMF: an analysis, the review talks
    ("1209661", "1209645"),  # Iqbal: his thought, the day in his honour
    ("1211873", "1211790"),  # the digital economy: cloud and AI with China, youth
    ("1211873", "1211095"),  # ... IT exports
    ("1211790", "1211095"),
    ("1209638", "1210327"),  # air pollution: Lahore's smog, Tehran's
)

# Rewording a sub-editor does: synonyms and turns of phrase (from -> to), applied in order.
REWORDING = (
    ("نے کہا کہ", "کا کہنا تھا کہ"),
    ("نے بتایا کہ", "کے مطابق"),
    ("اتفاق کیا", "رضامندی ظاہر کی"),
    ("وفاقی وزیر", "مرکزی وزیر"),
    ("وزیراعظم", "وزیر اعظم"),
    ("حکومت", "سرکار"),
    ("تعاون", "اشتراک"),
    ("فروغ", "ترقی"),
    ("اضافہ", "بڑھوتری"),
    ("کمی", "گراوٹ"),
    ("اہم", "نمایاں"),
    ("شدید", "سخت"),
    ("عوام", "لوگ"),
    ("شہری", "باشندے"),
    ("اقدامات", "قدم"),
    ("فیصلہ", "حتمی رائے"),
    ("مطالبہ", "تقاضا"),
    ("صورتحال", "حالات"),
    ("منصوبے", "پروجیکٹ"),
    ("ملاقات", "بیٹھک"),
    ("اعلان کیا", "اعلان کر دیا"),
    ("شروع", "آغاز"),
    ("مکمل", "پورا"),
    ("جاری ہے", "چل رہا ہے"),
    ("کے درمیان", "کے بیچ"),
    ("کے حوالے سے", "کے بارے میں"),
    ("تاہم", "البتہ"),
    ("اس کے علاوہ", "مزید برآں"),
    ("واضح رہے کہ", "یاد رہے کہ"),
    ("بتایا گیا ہے", "معلوم ہوا ہے"),
    ("ذرائع", "باخبر حلقوں"),
    ("امید", "توقع"),
)
QUOTES = (
    "ایک سینئر عہدیدار نے نام ظاہر نہ کرنے کی شرط پر بتایا کہ اس معاملے پر مزید پیش رفت آئندہ ہفتے متوقع ہے۔",
    "تجزیہ کاروں کا کہنا ہے کہ اس کے اثرات آنے والے مہینوں میں واضح ہوں گے اور سب کی نظریں اگلے اقدام پر ہیں۔",
    "سماجی رابطوں کی ویب سائٹس پر بھی اس خبر پر ملا جلا ردعمل سامنے آیا ہے اور صارفین نے سوالات اٹھائے ہیں۔",
)
BACKGROUND = (
    "پس منظر کے طور پر یاد رہے کہ یہ معاملہ گزشتہ کئی ماہ سے زیر بحث ہے اور اس پر مختلف حلقوں کی جانب سے "
    "مختلف آرا سامنے آتی رہی ہیں۔ ماہرین کے مطابق آنے والے دنوں میں اس سلسلے میں مزید فیصلے متوقع ہیں۔"
)
HEADLINE_PREFIXES = ("تازہ ترین: ", "اہم خبر: ", "")

# Outlets and their datelines, in the order their versions appear after the first.
OUTLETS = (("urduvoa", "واشنگٹن (ویب ڈیسک)"), ("express", "اسلام آباد (نمائندہ خصوصی)"), ("jang", "کراچی (نیوز ڈیسک)"))
COPY_KINDS = ("verbatim", "own_headline", "reordered")
REWRITE_KINDS = ("shortened", "reworded_quote", "reworded_padded", "brief")


@dataclass(frozen=True)
class Version:
    """One record of the set: which story it tells, and whether it is the story's text itself."""

    record: dict[str, object]
    story: str  # the corpus id
    kind: str  # original, one of COPY_KINDS or REWRITE_KINDS

    @property
    def is_copy(self) -> bool:
        return self.kind == "original" or self.kind in COPY_KINDS


def reword(text: str) -> str:
    """*text* as another outlet's sub-editor writes it: rephrased, its sentences reordered.

    >>> reword("حکومت نے کہا کہ تعاون جاری ہے۔ یہ دوسری بات ہے۔")
    'یہ دوسری بات ہے۔ سرکار کا کہنا تھا کہ اشتراک چل رہا ہے۔'
    """
    for old, new in REWORDING:
        text = text.replace(old, new)
    sentences = [s.strip() + "۔" for s in text.split("۔") if s.strip()]
    return " ".join(sentences[1:] + sentences[:1]) if len(sentences) > 1 else text


def _undateline(paragraph: str, dateline: str) -> str:
    return re.sub(r"^اسلام ٹائمز[۔:]\s*", f"{dateline}: ", paragraph)


def versions() -> list[Version]:
    """Every record of the set: 46 originals, each with one copy and one rewrite by other outlets."""
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
    out: list[Version] = []
    for index, article in enumerate(corpus):
        first = DAY + timedelta(minutes=17 * index)
        out.append(
            Version(
                _record("islamtimes", article["id"], article["headline"], article["paragraphs"], first),
                article["id"],
                "original",
            )
        )
        for offset, kind in enumerate((COPY_KINDS[index % 3], REWRITE_KINDS[(index // 3) % len(REWRITE_KINDS)])):
            site, dateline = OUTLETS[(index + offset) % len(OUTLETS)]
            headline, paragraphs = outlet_version(kind, article, dateline, index)
            when = first + timedelta(minutes=25 + 95 * offset + 7 * (index % 5))
            out.append(
                Version(_record(site, f"{article['id']}-{kind}", headline, paragraphs, when), article["id"], kind)
            )
    return out


def outlet_version(kind: str, article: dict, dateline: str, index: int) -> tuple[str, list[str]]:
    """Another outlet's headline and paragraphs for a corpus *article*, made the *kind* way."""
    paragraphs = [_undateline(p, dateline) for p in article["paragraphs"]]
    own_headline = HEADLINE_PREFIXES[index % 3] + reword(article["headline"]).rstrip("۔")
    if kind == "verbatim":
        return article["headline"], paragraphs
    if kind == "own_headline":
        return own_headline, paragraphs
    if kind == "reordered":
        return article["headline"], paragraphs[1:] + paragraphs[:1]
    if kind == "shortened":
        sentences = " ".join(paragraphs).split("۔")
        return own_headline, ["۔".join(sentences[: max(2, len(sentences) * 2 // 5)]) + "۔"]
    if kind == "reworded_quote":
        return own_headline, [reword(p) for p in paragraphs] + [QUOTES[index % len(QUOTES)]]
    sentences = " ".join(reword(p) for p in paragraphs).split("۔")
    if kind == "brief":
        return own_headline, ["۔".join(sentences[:2]) + "۔", QUOTES[index % len(QUOTES)]]
    return own_headline, ["۔".join(sentences[: max(2, len(sentences) * 3 // 5)]) + "۔", BACKGROUND]


def _record(site: str, key: str, headline: str, paragraphs: list[str], when: datetime) -> dict[str, object]:
    return {
        "url": f"https://{site}.example/news/{key}",
        "site": site,
        "headline": headline,
        "body": "\n\n".join(paragraphs),
        "published_at": when.isoformat(),
    }


def cluster_records(records: list[dict[str, object]], **options: float) -> list[tuple[int, str]]:
    """(story, level) per record, clustered in publish order as the export does (document
    frequencies from the records themselves)."""
    texts = [(f"{r['headline']}\n{r['body']}", _micros(str(r["published_at"]))) for r in records]
    order = sorted(range(len(records)), key=lambda i: (texts[i][1], str(records[i]["url"])))
    frequencies = DocumentFrequencies()
    for text, _ in texts:
        frequencies.add(text)
    assignments = cluster([texts[i] for i in order], frequencies, **options)
    out: list[tuple[int, str]] = [(0, "")] * len(records)
    for position, index in enumerate(order):
        out[index] = (assignments[position].story, assignments[position].level())
    return out


def _micros(value: str) -> int:
    return int(datetime.fromisoformat(value).timestamp() * 1_000_000)


def score(records: list[Version], clustered: list[tuple[int, str]]) -> dict[str, dict[str, float]]:
    """Pairwise precision and recall of a clustering, (story, level) per record, at both levels."""
    counts = {"story": [0, 0, 0], "copy": [0, 0, 0]}  # true positives, false positives, false negatives
    for i, j, same, copy in labelled_pairs(records):
        guessed_same = clustered[i][0] == clustered[j][0]
        guessed_copy = guessed_same and clustered[i][1] == clustered[j][1] == "copy"
        for level, truth, guess in (("story", same, guessed_same), ("copy", copy, guessed_copy)):
            counts[level][0] += truth and guess
            counts[level][1] += guess and not truth
            counts[level][2] += truth and not guess
    return {
        level: {"precision": tp / max(tp + fp, 1), "recall": tp / max(tp + fn, 1), "pairs": tp + fn}
        for level, (tp, fp, fn) in counts.items()
    }


def labelled_pairs(records: list[Version]) -> list[tuple[int, int, bool, bool]]:
    """Every pair of the set as (i, j, same story, copy)."""
    return [
        (i, j, a.story == b.story, a.story == b.story and a.is_copy and b.is_copy)
        for (i, a), (j, b) in combinations(enumerate(records), 2)
    ]
