"""Property-based tests: every text, date and URL processor survives arbitrary input.

Hypothesis runs derandomized (a fixed example sequence), so CI is deterministic.
"""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.core.date_formats import parse_fast
from newscrawl.core.dates import parse_date, read_date
from newscrawl.core.text import content_hash, normalize_urdu, split_list, strip_label, to_ascii_digits, unique
from newscrawl.core.urls import canonicalize_url, clean_link, clear_canonical_cache, is_tracking_param

CHECK = settings(max_examples=200, derandomize=True, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])

# Arbitrary Unicode, plus text biased towards what the processors actually meet:
# Urdu and Arabic letters, presentation forms, digits, invisible controls, separators.
URDU_BITS = st.sampled_from([
    "پاکستان", "ي", "ك", "ه", "ۀ", "\ufedf\ufe8e", "\u200c", "\u200f", "\ufeff", "\u00ad", "۱۴", "٢٠",
    "،", "؛", ",", ";", "|", " ", "\n", "\t", "ذریعہ", ":", "نومبر", "March", "25th", "GMT", "2025",
    "-", "T", "+05:00", "Z", "َ", "ّ", "\x00", "\ud7ff", "\U0001f600",
])
TEXT = st.one_of(st.text(), st.lists(URDU_BITS, max_size=30).map("".join))


@CHECK
@given(TEXT)
def test_normalize_urdu_is_idempotent_and_one_line(text):
    once = normalize_urdu(text)
    assert isinstance(once, str)
    assert normalize_urdu(once) == once
    assert "\n" not in once and once == once.strip()
    assert not any(mark in once for mark in "\u200b\u200c\u200d\u200e\u200f\ufeff")


@CHECK
@given(TEXT)
def test_to_ascii_digits_is_idempotent_and_keeps_length(text):
    once = to_ascii_digits(text)
    assert to_ascii_digits(once) == once
    assert len(once) == len(text)
    assert not any(ch in once for ch in "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")


@CHECK
@given(TEXT)
def test_split_list_gives_non_blank_parts_without_separators(text):
    parts = split_list(text)
    assert all(isinstance(part, str) and part.strip() for part in parts)
    assert all(not any(sep in part for sep in "،,؛;|") for part in parts)
    normalized = normalize_urdu(text)
    assert split_list(", ".join(split_list(normalized))) == split_list(normalized)


@CHECK
@given(TEXT, st.lists(TEXT, max_size=3))
def test_strip_label_never_raises_and_only_shortens(text, labels):
    out = strip_label(text, labels)
    assert isinstance(out, str) and len(out) <= len(text)


@CHECK
@given(st.lists(TEXT, max_size=20))
def test_unique_is_idempotent_and_keeps_first_order(values):
    once = unique(values)
    assert unique(once) == once
    assert "" not in once and len(set(once)) == len(once)
    assert once == [v for i, v in enumerate(values) if v and v not in values[:i]]


@CHECK
@given(TEXT, TEXT)
def test_content_hash_is_a_hex_digest_stable_under_normalization(headline, body):
    digest = content_hash(headline, body)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert content_hash(normalize_urdu(headline), normalize_urdu(body)) == digest


def _check_date(value):
    assert value is None or isinstance(value, str)
    if value is not None:
        assert datetime.fromisoformat(value).utcoffset() is not None, value  # always with an offset


@CHECK
@given(TEXT)
def test_parse_date_returns_iso_with_an_offset_or_none(text):
    read_date.cache_clear()
    _check_date(parse_date(text))


@CHECK
@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2026, 1, 1),
                    timezones=st.just(timezone.utc)))
def test_parse_date_round_trips_plausible_iso_strings(moment):
    text = moment.replace(microsecond=0).isoformat()
    assert parse_date(text) == moment.replace(microsecond=0).isoformat()


@CHECK
@given(st.one_of(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(1989, 12, 31)),
                 st.datetimes(min_value=datetime(2200, 1, 1), max_value=datetime(9999, 12, 30))).map(
    lambda moment: moment.replace(tzinfo=timezone.utc)))
def test_parse_date_refuses_dates_before_the_web_or_far_ahead(moment):
    read_date.cache_clear()
    assert parse_date(moment.replace(microsecond=0).isoformat()) is None


@CHECK
@given(TEXT)
def test_parse_fast_returns_aware_utc_or_none(text):
    value = parse_fast(text)
    assert value is None or (isinstance(value, datetime) and value.utcoffset().total_seconds() == 0)


URL_PARTS = st.sampled_from([
    "http://", "https://", "HTTP://", "file://", "data:", "javascript:", "mailto:", "//", "/", "?", "#", "&",
    "=", "%", "%D9%BE", "%zz", "utm_source", "fbclid", "page", "127.0.0.1", "[::1]", ":8000", ":99999",
    "www.IslamTimes.com", "ur", "news", "123", "پاکستان", " ", "\t", "'", '"', "window.open(", ")", "..",
    "@", "\\", "\x00",
])
URL = st.one_of(st.text(), st.lists(URL_PARTS, max_size=15).map("".join))


@CHECK
@given(URL)
def test_clean_link_never_raises_and_refuses_dangerous_schemes(value):
    out = clean_link(value)
    assert out is None or (isinstance(out, str) and out)
    if out is not None:
        assert not out.lower().startswith(("javascript:", "data:", "file:", "mailto:", "tel:"))


@CHECK
@given(URL)
def test_canonicalize_url_is_idempotent_where_it_succeeds(url):
    try:
        once = canonicalize_url(url)
    except ValueError:  # urllib refuses some URLs outright (a bad port, an unbalanced [ ): documented
        return
    assert isinstance(once, str)
    clear_canonical_cache()  # the memo stores `once` as its own key: compute it afresh
    assert canonicalize_url(once) == once
    names = [name for name, _ in parse_qsl(urlsplit(once).query, keep_blank_values=True)]
    assert not any(is_tracking_param(name) for name in names)
