"""One run-file record: is it usable, what is its identity, when was it.

The export trusts nothing it reads: run files are written by crawls that may
have crashed, by older versions of the spider, or by hand. A record that does
not meet the contract in ``newscrawl.core.record`` is rejected here, with a reason a
person can act on, so the writers downstream never meet a surprise type
(Parquet would otherwise fail halfway through a dataset).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from newscrawl.core.record import ARTICLE_FIELDS, PRECISIONS, REQUIRED_FIELDS, struct_members
from newscrawl.core.text import valid_unicode

#: Fields holding ISO 8601 times; the Parquet file stores them as timestamps (UTC instants).
TIMESTAMP_FIELDS = ("published_at", "crawled_at")
#: Fields holding a calendar day ``YYYY-MM-DD``; the Parquet file stores them as dates.
DATE_FIELDS = ("published_date",)
#: Fields holding lists; a missing list is written as ``[]``, never null.
LIST_FIELDS = tuple(name for name, (kind, _) in ARTICLE_FIELDS.items() if kind.startswith("list"))

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
#: UTC years a dataset can hold: four digits, so ISO text, strftime and Parquet agree.
WRITABLE_YEARS = (1000, 9999)


class InvalidRecord(ValueError):
    """A record that breaks the contract; ``reason`` groups it in the stats."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def parse_timestamp(value: str) -> int:
    """ISO 8601 text -> microseconds since the epoch, UTC.

    Times without an offset are read as UTC (the crawler writes UTC).

    >>> parse_timestamp("1970-01-01T00:00:01Z")
    1000000
    >>> parse_timestamp("2025-03-25T15:30:00+05:00") == parse_timestamp("2025-03-25T10:30:00+00:00")
    True
    >>> parse_timestamp("25th, March 2025")
    Traceback (most recent call last):
    ...
    ValueError: Invalid isoformat string: '25th, March 2025'
    >>> parse_timestamp("9999-12-31T23:59:59-12:00")  # year 10000 in UTC
    Traceback (most recent call last):
    ...
    ValueError: '9999-12-31T23:59:59-12:00' is outside the years 1000-9999 in UTC
    >>> parse_timestamp("0999-01-01T00:00:00Z")
    Traceback (most recent call last):
    ...
    ValueError: '0999-01-01T00:00:00Z' is outside the years 1000-9999 in UTC
    """
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        year = moment.astimezone(UTC).year
    except OverflowError:
        year = 0
    if not WRITABLE_YEARS[0] <= year <= WRITABLE_YEARS[1]:
        raise ValueError(f"{value!r} is outside the years {WRITABLE_YEARS[0]}-{WRITABLE_YEARS[1]} in UTC")
    return (moment - _EPOCH) // _MICROSECOND


def format_timestamp(micros: int) -> str:
    """Microseconds since the epoch -> ISO 8601 UTC text, for cards and stats.

    >>> format_timestamp(parse_timestamp("2025-03-25T15:30:00+05:00"))
    '2025-03-25T10:30:00Z'
    """
    return (_EPOCH + micros * _MICROSECOND).isoformat(timespec="seconds").replace("+00:00", "Z")


def utc_day(micros: int) -> str:
    """The UTC calendar day of a timestamp, ``YYYY-MM-DD``.

    >>> utc_day(parse_timestamp("2025-03-25T23:30:00-01:00"))
    '2025-03-26'
    """
    return (_EPOCH + micros * _MICROSECOND).date().isoformat()  # strftime("%Y") drops zero padding


def dedup_key(record: dict[str, Any]) -> str:
    """The identity of an article: the canonical URL it declares when plausible, else the URL fetched.

    >>> dedup_key({"url": "https://a.pk/ur/news/1/x?ref=home", "canonical_url": "https://a.pk/ur/news/1/x"})
    'https://a.pk/ur/news/1/x'
    >>> dedup_key({"url": "https://a.pk/ur/news/1/x", "canonical_url": None})
    'https://a.pk/ur/news/1/x'
    >>> dedup_key({"url": "https://a.pk/ur/news/1/x", "canonical_url": "https://a.pk/ur/"})  # a listing
    'https://a.pk/ur/news/1/x'
    >>> dedup_key({"url": "https://a.pk/story/1/x", "canonical_url": "/story/1/464"})  # older runs kept it relative
    'https://a.pk/story/1/464'
    """
    canonical, url = record.get("canonical_url"), record["url"]
    if canonical:
        canonical = urljoin(url, canonical)
    return canonical if canonical and plausible_canonical(canonical, url) else url


def plausible_canonical(canonical: str, url: str) -> bool:
    """Could *canonical* name the page fetched as *url*? Not if it is the home page or a listing above it.

    The export knows no site's URL shapes, so "a listing" is read from the paths:
    a canonical path that is a parent of the page's own path and has no numeric
    segment (an article id) is a section, not the article. Any host will do: a
    mirror's pages declare the live site's URLs.

    >>> plausible_canonical("https://www.islamtimes.com/ur/news/1/x", "http://127.0.0.1:8000/ur/news/1/x")
    True
    >>> plausible_canonical("https://a.pk/ur/news/1", "https://a.pk/ur/news/1/slug")  # id-only URL
    True
    >>> [plausible_canonical(c, "https://a.pk/ur/news/1/x") for c in ("https://a.pk/", "https://a.pk/ur/news/")]
    [False, False]
    """
    path = urlsplit(canonical).path.rstrip("/")
    if not path:
        return False
    own = urlsplit(url).path.rstrip("/")
    is_parent = own.startswith(path + "/")
    return not is_parent or any(segment.isdigit() for segment in path.split("/"))


def host(url: str) -> str:
    """The lower-cased host of *url*, for the card's list of sources.

    >>> host("https://www.IslamTimes.com/ur/news/1/x")
    'www.islamtimes.com'
    """
    return (urlsplit(url).hostname or "").lower()


def validate(record: object) -> dict[str, Any]:
    """Return *record* if it meets the contract, else raise :class:`InvalidRecord`.

    >>> validate({"url": "u", "site": "s", "headline": "h", "body": "b",
    ...           "crawled_at": "2025-03-25T10:00:00Z", "content_hash": "c"})["url"]
    'u'
    >>> validate({"url": "u", "site": "s"})
    Traceback (most recent call last):
    ...
    newscrawl.dataset.records.InvalidRecord: missing required field: headline, body, crawled_at, content_hash
    """
    if not isinstance(record, dict):
        raise InvalidRecord("not a JSON object", type(record).__name__)
    missing = [name for name in REQUIRED_FIELDS if not isinstance(record.get(name), str) or not record[name].strip()]
    if missing:
        raise InvalidRecord("missing required field", ", ".join(missing))
    for name, (kind, _) in ARTICLE_FIELDS.items():
        value = record.get(name)
        if value is None:
            continue
        if kind == "list[str]":
            ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        elif kind.startswith("list[{"):
            ok = isinstance(value, list) and all(_is_link(item) for item in value)
        elif kind.startswith("{"):
            ok = isinstance(value, dict) and all(
                isinstance(value.get(member), python_type) and not isinstance(value.get(member), bool)
                for member, python_type in struct_members(kind)
            )
        else:
            ok = isinstance(value, str)
        if not ok:
            raise InvalidRecord("wrong type", f"{name} is not {kind}")
    if record.get("published_precision") not in (None, *PRECISIONS):
        raise InvalidRecord("wrong type", f"published_precision is not one of {', '.join(PRECISIONS)}")
    for name in TIMESTAMP_FIELDS:
        if record.get(name) is not None:
            try:
                parse_timestamp(record[name])
            except ValueError as error:
                detail = str(error) if "outside the years" in str(error) else f"{record[name]!r} is not ISO 8601"
                raise InvalidRecord("bad timestamp", f"{name} {detail}") from None
    for name in ARTICLE_FIELDS:
        if record.get(name) is not None and not valid_unicode(record[name]):
            raise InvalidRecord("invalid Unicode", f"{name} holds a lone surrogate (an escape like \\ud800)")
    return record


def _is_link(item: object) -> bool:
    return (
        isinstance(item, dict) and isinstance(item.get("url"), str) and isinstance(item.get("title"), (str, type(None)))
    )


# Word breaks: white space and the punctuation and symbols (Unicode P*, S*) of the
# Basic Multilingual Plane. A regex character class splits several times faster
# than str.translate over Urdu text.
_WORD_BREAKS = re.compile(
    "[\\s" + re.escape("".join(chr(cp) for cp in range(0x10000) if unicodedata.category(chr(cp))[0] in "PS")) + "]+"
)


def words(text: str) -> list[str]:
    """Split normalized text into words; punctuation and symbols break words and are dropped.

    Used for keyword matching and near-duplicate shingles, so that a moved
    comma or a full stop (۔) does not make two texts differ. Latin letters are
    case-folded; Urdu has no case. This runs over every body when near
    duplicates are on, so it is one regex split.

    >>> words("اسلام ٹائمز۔ پاکستان، چین (Reuters)")
    ['اسلام', 'ٹائمز', 'پاکستان', 'چین', 'reuters']
    >>> words("چین،پاکستان")
    ['چین', 'پاکستان']
    """
    return [word for word in _WORD_BREAKS.split(text.casefold()) if word]
