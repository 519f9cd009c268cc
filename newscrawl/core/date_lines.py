"""Urdu date lines and site time zones: Hijri dates beside Gregorian ones, weekdays glued to
the date, a stray AM/PM after a 24-hour clock, and a site's own zone. Pure helpers of
``newscrawl.core.dates``, kept apart so that module stays one job: turning date text into UTC.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo


# Urdu weekday names (normalized), which Jang glues to the date: "جمعرات4؍ذی الحجہ ..."
WEEKDAYS = ("اتوار", "پیر", "سوموار", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ")
# Hijri month names as Urdu sites spell them (normalized); several spellings each
HIJRI_MONTHS = (
    "محرم الحرام",
    "محرم",
    "صفر المظفر",
    "صفر",
    "ربیع الاول",
    "ربیع الثانی",
    "ربیع الآخر",
    "جمادی الاول",
    "جمادی الاولی",
    "جمادی الاولیٰ",
    "جمادی الثانی",
    "جمادی الثانیہ",
    "جمادی الآخر",
    "رجب المرجب",
    "رجب",
    "شعبان المعظم",
    "شعبان",
    "رمضان المبارک",
    "رمضان",
    "شوال المکرم",
    "شوال",
    "ذی القعدہ",
    "ذیقعد",
    "ذوالقعدہ",
    "ذی الحجہ",
    "ذوالحجہ",
    "ذی الحج",
)
_HIJRI_DATE = re.compile(
    r"(?:\d{1,2}|[۰-۹]{1,2})\s*؍?\s*(?:"
    + "|".join(sorted(map(re.escape, HIJRI_MONTHS), key=len, reverse=True))
    + r")\s*(?:\d{4}|[۰-۹]{4})?\s*(?:ھ|ہجری)?"
)
_WEEKDAY = re.compile(r"^(?:" + "|".join(WEEKDAYS) + r")\s*[،,]?\s*")


def gregorian_part(text: str) -> str | None:
    """The Gregorian date of a line, without weekday, Hijri date and ``؍``/``ء`` marks.

    ``None`` when the line holds a Hijri date and nothing else: never read as Gregorian.

    >>> gregorian_part("جمعرات4؍ذی الحجہ 1442ھ15؍جولائی 2021ء")
    '15 جولائی 2021'
    >>> gregorian_part("ہفتہ 28؍ جمادی الثانی 1439ھ 17 مارچ 2018ء")
    '17 مارچ 2018'
    >>> gregorian_part("اتوار 18 مارچ 2018")
    '18 مارچ 2018'
    >>> gregorian_part("4 ذی الحجہ 1442ھ") is None
    True
    >>> gregorian_part("25th, March 2025 GMT")
    '25th, March 2025 GMT'
    """
    stripped, hijri_count = _HIJRI_DATE.subn(" ", text)
    stripped = _WEEKDAY.sub("", stripped.strip())
    stripped = re.sub(r"(\d)\s*ء", r"\1", stripped.replace("؍", " "))
    stripped = " ".join(stripped.split())
    if hijri_count and not re.search(r"\d{4}|[۰-۹]{4}", stripped):
        return None
    return stripped or None


def hour_24(hour: str | None, meridiem: str | None) -> str | None:
    """The hour on a 24-hour clock; an AM/PM after an hour above 12 is a stray label.

    >>> hour_24("16", "PM"), hour_24("04", "pm"), hour_24("12", "AM"), hour_24("12", "PM"), hour_24("9", None)
    ('16', '16', '0', '12', '9')
    """
    if hour is None or not meridiem or int(hour) > 12:
        return hour
    value = int(hour) % 12
    return str(value + 12 if meridiem.lower().startswith("p") else value)


@lru_cache(maxsize=64)
def site_zone(name: str) -> tzinfo:
    """A site's ``timezone`` attribute -> tzinfo: a fixed offset (``+05:00``) or an IANA name.

    >>> site_zone("+05:00"), site_zone("UTC")
    (datetime.timezone(datetime.timedelta(seconds=18000)), datetime.timezone.utc)
    >>> site_zone("Asia/Karachi").key
    'Asia/Karachi'
    """
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", name)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))
    if name.upper() in ("UTC", "GMT", "Z"):
        return timezone.utc
    return ZoneInfo(name)


_UTC_LABEL = re.compile(r"(?:Z|[+-]00:?00|GMT|UTC)$", re.IGNORECASE)


def relabel_utc(value: datetime, text: str, zone: tzinfo) -> datetime:
    """A time the site labelled UTC but wrote in its own zone (old WordPress with a
    manual offset writes Pakistan time as ``+00:00``): the same wall clock in *zone*.

    >>> pkt = timezone(timedelta(hours=5))
    >>> relabel_utc(datetime(2018, 3, 18, 20, 10, 29, tzinfo=timezone.utc), "2018-03-18T20:10:29+00:00", pkt).isoformat()
    '2018-03-18T20:10:29+05:00'
    >>> relabel_utc(datetime(2018, 3, 18, 15, 10, tzinfo=timezone.utc), "2018-03-18T20:10:00+05:00", pkt).isoformat()
    '2018-03-18T15:10:00+00:00'
    """
    if not _UTC_LABEL.search(text.strip()):
        return value
    return value.astimezone(timezone.utc).replace(tzinfo=zone)
