"""The date formats news sites in this style print, read by regex: the fast path of
:func:`newscrawl.core.dates.read_date`, two orders of magnitude cheaper than dateparser.

``25th, March 2025 GMT``, ``14 نومبر 2024``, ``March 25, 2025``, ``18/03/2018`` (day first, as
Pakistani sites write it), ``2024-12-30 21:01:19 GMT`` and ISO strings; anything else is None
here and left to dateparser.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone, tzinfo

from newscrawl.core.date_lines import hour_24, site_zone
from newscrawl.core.text import to_ascii_digits

MONTHS: dict[str, int] = {
    # English, full and abbreviated
    **{
        name: number
        for number, name in enumerate(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ],
            start=1,
        )
    },
    **{
        name: number
        for number, name in enumerate(
            ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
        )
    },
    "sept": 9,
    # Urdu, with the spellings seen on Pakistani news sites (already normalized)
    "جنوری": 1,
    "فروری": 2,
    "مارچ": 3,
    "اپریل": 4,
    "مئی": 5,
    "مئ": 5,
    "جون": 6,
    "جولائی": 7,
    "جولائ": 7,
    "اگست": 8,
    "ستمبر": 9,
    "اکتوبر": 10,
    "نومبر": 11,
    "دسمبر": 12,
}

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?"
    r"\s*(Z|GMT|UTC|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
# "25th, March 2025 GMT", "5th, February 2025 10:30 GMT", "14 نومبر 2024", "March 25, 2025"
# A time after the date: "10:30", "16:31:PM" (a stray AM/PM after a 24-hour clock), "04:31 pm"
_TIME = r"(?:\s*[,،|]?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*:?\s*([AaPp]\.?[Mm]\.?))?)?\s*(GMT|UTC|Z)?$"
_DAY_MONTH_YEAR = re.compile(
    r"^(?:\S+[،,]\s*)?(\d{1,2})(?:st|nd|rd|th)?[,،]?\s+([^\W\d_]+)[,،]?\s+(\d{4})" + _TIME,
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(r"^([^\W\d_]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME, re.IGNORECASE)
# "18/03/2018": Pakistani sites write day first
_NUMERIC_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})" + _TIME, re.IGNORECASE)


def _build(
    year: str,
    month: int,
    day: str,
    hour: str | None,
    minute: str | None,
    second: str | None,
    zone: tzinfo = timezone.utc,
) -> datetime | None:
    try:
        return datetime(int(year), month, int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=zone)
    except ValueError:  # 31st of February and the like
        return None


def parse_fast(text: str, zone: tzinfo = timezone.utc) -> datetime | None:
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
    '2025-03-25T12:42:10+05:00'
    >>> parse_fast("کل رات") is None
    True

    *zone* is the site's: it applies to times written without one.

    >>> from datetime import timedelta
    >>> pkt = timezone(timedelta(hours=5))
    >>> parse_fast("Jul 15, 2021 | 16:31:PM", pkt).isoformat()
    '2021-07-15T16:31:00+05:00'
    """
    found = fast_date(text, zone)
    return found[0] if found else None


def fast_date(text: str, zone: tzinfo) -> tuple[datetime, str] | None:
    """``parse_fast`` with the precision the text stated."""
    text = to_ascii_digits(text)
    match = _ISO.match(text)
    if match:
        year, month, day, hour, minute, second, fraction, written_zone = match.groups()
        if written_zone is not None:
            zone = site_zone(written_zone.upper() if written_zone.upper() in ("Z", "GMT", "UTC") else written_zone)
        value = _build(year, int(month), day, hour, minute, second, zone)
        if value is None:
            return None
        if fraction:
            value = value.replace(microsecond=int(fraction.ljust(6, "0")))
        return value, _precision(hour, second)
    for pattern, day_group, month_group in (
        (_DAY_MONTH_YEAR, 1, 2),
        (_MONTH_DAY_YEAR, 2, 1),
        (_NUMERIC_DAY_MONTH_YEAR, 1, 2),
    ):
        match = pattern.match(text)
        if match:
            month_text = match.group(month_group)
            month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
            if month is None:
                return None
            hour = hour_24(match.group(4), match.group(7))
            value = _build(
                match.group(3),
                month,
                match.group(day_group),
                hour,
                match.group(5),
                match.group(6),
                timezone.utc if match.group(8) else zone,
            )
            return (value, _precision(hour, match.group(6))) if value else None
    return None


def _precision(hour: str | None, second: str | None) -> str:
    return "day" if hour is None else "second" if second is not None else "minute"
