"""Publication dates to ISO 8601 UTC, or ``None``: never a guess.

``dateparser`` reads almost anything but costs 1-3 ms a call; the formats news
sites in this style actually print (``25th, March 2025 GMT``, ``14 نومبر 2024``,
``2024-12-30 21:01:19 GMT``, ISO strings) take a regex fast path that is
two orders of magnitude cheaper. dateparser stays the fallback for the rest,
configured so that it refuses partial and relative dates instead of filling
the gaps from today's date.

Times without a zone are taken as UTC: the site labels its dates ``GMT``.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from newscrawl.text import normalize_urdu, to_ascii_digits

logger = logging.getLogger(__name__)

MONTHS: dict[str, int] = {
    # English, full and abbreviated
    **{name: number for number, name in enumerate(
        ["january", "february", "march", "april", "may", "june", "july",
         "august", "september", "october", "november", "december"], start=1)},
    **{name: number for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)},
    "sept": 9,
    # Urdu, with the spellings seen on Pakistani news sites (already normalized)
    "جنوری": 1, "فروری": 2, "مارچ": 3, "اپریل": 4, "مئی": 5, "مئ": 5,
    "جون": 6, "جولائی": 7, "جولائ": 7, "اگست": 8, "ستمبر": 9, "اکتوبر": 10,
    "نومبر": 11, "دسمبر": 12,
}

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?"
    r"\s*(Z|GMT|UTC|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
# "25th, March 2025 GMT", "5th, February 2025 10:30 GMT", "14 نومبر 2024", "March 25, 2025"
_DAY_MONTH_YEAR = re.compile(
    r"^(?:\S+[،,]\s*)?(\d{1,2})(?:st|nd|rd|th)?[,،]?\s+([^\W\d_]+)[,،]?\s+(\d{4})"
    r"(?:[,،]?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(GMT|UTC|Z)?$",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    r"^([^\W\d_]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
    r"(?:[,،]?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(GMT|UTC|Z)?$",
    re.IGNORECASE,
)

_DATEPARSER_SETTINGS = {
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "absolute-time"],
}


def _to_utc_iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat()


def _build(year: str, month: int, day: str, hour: str | None, minute: str | None,
           second: str | None) -> datetime | None:
    try:
        return datetime(int(year), month, int(day), int(hour or 0), int(minute or 0),
                        int(second or 0), tzinfo=timezone.utc)
    except ValueError:  # 31st of February and the like
        return None


def parse_fast(text: str) -> datetime | None:
    """The site's own formats, by regex; ``None`` when the text is not one of them.

    >>> parse_fast("25th, March 2025 GMT").isoformat()
    '2025-03-25T00:00:00+00:00'
    >>> parse_fast("5th, February 2025 10:30 GMT").isoformat()
    '2025-02-05T10:30:00+00:00'
    >>> parse_fast("جمعرات، ۱۴ نومبر ۲۰۲۴").isoformat()
    '2024-11-14T00:00:00+00:00'
    >>> parse_fast("2024-12-30 21:01:19 GMT").isoformat()
    '2024-12-30T21:01:19+00:00'
    >>> parse_fast("2025-03-25T12:42:10+05:00").isoformat()
    '2025-03-25T07:42:10+00:00'
    >>> parse_fast("کل رات") is None
    True
    """
    text = to_ascii_digits(text)
    match = _ISO.match(text)
    if match:
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        value = _build(year, int(month), day, hour, minute, second)
        if value is None:
            return None
        if fraction:
            value = value.replace(microsecond=int(fraction.ljust(6, "0")))
        if zone and zone.upper() not in ("Z", "GMT", "UTC"):
            offset = zone.replace(":", "")
            sign = 1 if offset[0] == "+" else -1
            value = value - sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5]))
        return value
    for pattern, day_group, month_group in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):
        match = pattern.match(text)
        if match:
            month = MONTHS.get(match.group(month_group).lower())
            if month is None:
                return None
            return _build(match.group(3), month, match.group(day_group), match.group(4),
                          match.group(5), match.group(6))
    return None


@lru_cache(maxsize=4096)
def parse_date(text: str | None) -> str | None:
    """A date as a reader or a machine wrote it -> ISO 8601 UTC, or ``None``.

    Cached: listing and article pages repeat the same date strings.

    >>> parse_date("25th, March 2025 GMT")
    '2025-03-25T00:00:00+00:00'
    >>> parse_date("14 نومبر 2024")
    '2024-11-14T00:00:00+00:00'
    >>> parse_date("Tuesday 25 March 2025 07:42")  # not a fast-path shape: dateparser
    '2025-03-25T07:42:00+00:00'
    >>> parse_date("March 2025") is None  # no day: refuse rather than guess
    True
    >>> parse_date("") is None
    True
    """
    if not text:
        return None
    text = normalize_urdu(text)
    if not text:
        return None
    value = parse_fast(text)
    if value is None:
        value = _parse_with_dateparser(text)
    if value is None:
        logger.warning("Unparseable date %r: published_at left null", text)
        return None
    return _to_utc_iso(value)


def _parse_with_dateparser(text: str) -> datetime | None:
    import dateparser  # noqa: PLC0415 - 0.5 s import, only when the fast path misses

    try:
        return dateparser.parse(to_ascii_digits(text), languages=["ur", "en"],
                                settings=_DATEPARSER_SETTINGS)
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError):
        # dateparser raises on some malformed inputs instead of returning None.
        return None
