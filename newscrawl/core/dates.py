"""Publication dates to ISO 8601 in the zone the page or the site gives, or ``None``: never a guess.

``dateparser`` reads almost anything but costs 1-3 ms a call; the formats news
sites in this style actually print (``25th, March 2025 GMT``, ``14 نومبر 2024``,
``2024-12-30 21:01:19 GMT``, ISO strings) take a regex fast path that is
two orders of magnitude cheaper. dateparser stays the fallback for the rest,
configured so that it refuses partial and relative dates instead of filling
the gaps from today's date.

Times without a zone are taken in the site's zone (``parse_date(text, "+05:00")``;
UTC by default: Islam Times labels its dates ``GMT``). The offset is kept, never
converted to UTC: ``جمعرات 15 جولائی 2021`` on a Pakistani site is
``2021-07-15T00:00:00+05:00``, so the calendar day a reader saw is the day of the value
(converted to UTC, a date-only line would land on the day before); a time a machine
labelled UTC is shown in the site's zone, the same moment. ``read_date`` also
says what the page really stated: a ``day``, a ``minute`` or a ``second``.
Lines that mix a Hijri and a Gregorian date yield the Gregorian one; a Hijri date alone
yields ``None``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, NamedTuple

from newscrawl.core.date_formats import fast_date, parse_fast  # noqa: F401 - parse_fast: extract/ reads it here
from newscrawl.core.date_lines import gregorian_part, relabel_utc, site_zone
from newscrawl.core.text import normalize_urdu, to_ascii_digits

logger = logging.getLogger(__name__)

_DATEPARSER_SETTINGS = {
    "TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "absolute-time"],
}


_CLOCK = re.compile(r"\d{1,2}:\d{2}(:\d{2})?")


class ReadDate(NamedTuple):
    """A date as the page gave it: ISO 8601 with its offset, and what it stated."""

    iso: str
    precision: str


def parse_date(text: str | None, zone: str = "UTC", utc_is_local: bool = False) -> str | None:
    """A date as a reader or a machine wrote it -> ISO 8601 with its offset, or ``None``.

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

    *zone* (IANA name or ``+05:00``) is the site's, for times written without one;
    *utc_is_local*: the site labels its local time ``+00:00`` (see ``relabel_utc``).
    A written offset is kept as written.

    >>> parse_date("اتوار 18 مارچ 2018", "+05:00")
    '2018-03-18T00:00:00+05:00'
    >>> parse_date("2025-03-25T12:42:10+05:00"), parse_date("2025-03-25T07:42:10Z")
    ('2025-03-25T12:42:10+05:00', '2025-03-25T07:42:10+00:00')

    Dates before the web or more than a day ahead are refused (null, with a warning);
    so are times no datetime can hold.

    >>> parse_date("0001-01-01T00:00:00Z"), parse_date("9999-12-31T23:59:59-12:00"), parse_date("2999-01-01")
    (None, None, None)
    """
    found = read_date(text, zone, utc_is_local)
    return found.iso if found else None


@lru_cache(maxsize=4096)
def read_date(text: str | None, zone: str = "UTC", utc_is_local: bool = False) -> ReadDate | None:
    """``parse_date`` with the precision the text stated. Cached: listing and article
    pages repeat the same date strings.

    >>> read_date("جمعرات 15 جولائی 2021", "+05:00")
    ReadDate(iso='2021-07-15T00:00:00+05:00', precision='day')
    >>> read_date("Jul 15, 2021 | 16:31:PM", "Asia/Karachi")
    ReadDate(iso='2021-07-15T16:31:00+05:00', precision='minute')
    >>> read_date("2018-03-18T20:10:29+00:00", "+05:00", utc_is_local=True)
    ReadDate(iso='2018-03-18T20:10:29+05:00', precision='second')

    A time labelled UTC on a site with a zone is the same moment in the site's zone, so that its
    date is the day the site's readers saw; an offset written otherwise is kept as written.

    >>> read_date("2021-07-14T21:30:00Z", "+05:00").iso, read_date("2021-07-14T21:30:00-04:00", "+05:00").iso
    ('2021-07-15T02:30:00+05:00', '2021-07-14T21:30:00-04:00')
    """
    if not text:
        return None
    text = normalize_urdu(text)
    if not text:
        return None
    gregorian = gregorian_part(text)
    if gregorian is None:
        logger.warning("Hijri date %r without a Gregorian one: published_at left null", text)
        return None
    site_tz = site_zone(zone)
    try:
        found = fast_date(gregorian, site_tz) or _parse_with_dateparser(gregorian, zone)
        if found is None:
            logger.warning("Unparseable date %r: published_at left null", text)
            return None
        value, precision = found
        if utc_is_local:
            value = relabel_utc(value, text, site_tz)
        elif precision != "day" and value.utcoffset() == timedelta(0) and site_tz is not timezone.utc:
            value = value.astimezone(site_tz)  # machines write UTC; the site's readers live in its zone
        iso = value.isoformat()
        if not plausible(value):
            logger.warning(
                "Implausible date %r (%s; before %d or more than %s ahead): published_at left null",
                text,
                iso,
                EARLIEST_PLAUSIBLE.year,
                FUTURE_TOLERANCE,
            )
            return None
    except OverflowError:  # 9999-12-31T23:59:59-12:00 is in year 10000 in UTC
        logger.warning("Date %r is outside what a datetime can hold: published_at left null", text)
        return None
    return ReadDate(iso, precision)


# -- plausibility (issue 11) ------------------------------------------------------------

#: No news page is older than the web; JSON-LD ``0001-01-01`` is a CMS default, not a date.
EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=timezone.utc)
#: Clock skew and zone slips put a fresh article a few hours ahead; a day more is a wrong date.
FUTURE_TOLERANCE = timedelta(days=1)


def plausible(value: datetime, now: datetime | None = None) -> bool:
    """True for a publication time between the web's beginning and a day from *now*.

    >>> plausible(datetime(2025, 3, 25, tzinfo=timezone.utc))
    True
    >>> plausible(datetime(1, 1, 1, tzinfo=timezone.utc)), plausible(datetime(1989, 12, 31, tzinfo=timezone.utc))
    (False, False)
    >>> now = datetime(2025, 3, 25, tzinfo=timezone.utc)
    >>> plausible(now + timedelta(hours=20), now), plausible(now + timedelta(days=2), now)
    (True, False)
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return EARLIEST_PLAUSIBLE <= value <= now + FUTURE_TOLERANCE


def _parse_with_dateparser(text: str, zone: str = "UTC") -> tuple[datetime, str] | None:
    import dateparser  # noqa: PLC0415 - 0.5 s import, only when the fast path misses

    settings = _DATEPARSER_SETTINGS if zone == "UTC" else {**_DATEPARSER_SETTINGS, "TIMEZONE": zone}
    text = to_ascii_digits(text)
    try:
        value = dateparser.parse(text, languages=["ur", "en"], settings=settings)
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError):
        # dateparser raises on some malformed inputs instead of returning None.
        return None
    if value is None:
        return None
    clock = _CLOCK.search(text)  # dateparser fills a missing time with midnight: the text says what was stated
    return value, "day" if clock is None else "second" if clock.group(1) else "minute"


def parse_date_for_site(text: str | None, loader_context: Mapping[str, Any]) -> str | None:
    """ItemLoader input processor: ``parse_date`` in the zone the spider put in the loader context.

    >>> parse_date_for_site("2018-03-18T20:10:29+00:00", {"timezone": "+05:00", "utc_is_local": True})
    '2018-03-18T20:10:29+05:00'
    >>> parse_date_for_site("2018-03-18 20:10", {})
    '2018-03-18T20:10:00+00:00'
    """
    return parse_date(text, loader_context.get("timezone") or "UTC", bool(loader_context.get("utc_is_local")))


def precision_for_site(text: str | None, loader_context: Mapping[str, Any]) -> str | None:
    """ItemLoader input processor of ``published_precision``: what the winning date text stated.

    >>> precision_for_site("جمعرات 15 جولائی 2021", {"timezone": "+05:00"})
    'day'
    """
    found = read_date(text, loader_context.get("timezone") or "UTC", bool(loader_context.get("utc_is_local")))
    return found.precision if found else None


# -- calendar days (issue 19): ``since`` cuts at a day, in the zone each date was written in ----


def calendar_day(value: str | datetime) -> date:
    """The calendar day of an ISO date (or datetime) in its own offset, never converted to UTC.

    >>> calendar_day("2021-07-15T00:00:00+05:00"), calendar_day(datetime(2021, 7, 15, 23, 30, tzinfo=timezone.utc))
    (datetime.date(2021, 7, 15), datetime.date(2021, 7, 15))
    """
    return (value if isinstance(value, datetime) else datetime.fromisoformat(value)).date()


def before_since(value: str | datetime, since: datetime) -> bool:
    """True when *value* falls on a calendar day before *since*'s, each in its own offset: an
    article a Pakistani site dates ``15 جولائی 2021`` is not before ``since=2021-07-15``, although
    its midnight +05:00 is the 14th in UTC. Raises ``ValueError`` for text that is not ISO 8601.

    >>> since = datetime(2021, 7, 15, tzinfo=timezone.utc)
    >>> before_since("2021-07-15T00:00:00+05:00", since), before_since("2021-07-14T23:59:00-04:00", since)
    (False, True)
    """
    return calendar_day(value) < calendar_day(since)
