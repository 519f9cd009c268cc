"""Dates: every format the site prints -> ISO 8601 UTC; anything else -> None, never a guess."""

import logging

import pytest

from newscrawl.dates import parse_date, parse_fast


@pytest.mark.parametrize(("text", "iso"), [
    ("25th, March 2025 GMT", "2025-03-25T00:00:00+00:00"),
    ("1st, January 2025 GMT", "2025-01-01T00:00:00+00:00"),
    ("5th, February 2025 10:30 GMT", "2025-02-05T10:30:00+00:00"),
    ("22nd, October 2024 GMT", "2024-10-22T00:00:00+00:00"),
    ("14 نومبر 2024", "2024-11-14T00:00:00+00:00"),
    ("۱۴ نومبر ۲۰۲۴", "2024-11-14T00:00:00+00:00"),
    ("جمعرات، 14 نومبر 2024", "2024-11-14T00:00:00+00:00"),
    ("جمعرات، ۱۴ نومبر ۲۰۲۴", "2024-11-14T00:00:00+00:00"),
    ("3 مئی 2025", "2025-05-03T00:00:00+00:00"),
    ("3 مئ 2025", "2025-05-03T00:00:00+00:00"),
    ("3 جولائي 2025", "2025-07-03T00:00:00+00:00"),  # Arabic yeh in the month name
    ("2024-12-30 21:01:19 GMT", "2024-12-30T21:01:19+00:00"),
    ("2018-03-17 21:01:19 GMT", "2018-03-17T21:01:19+00:00"),
    ("2025-03-25T12:42:10+05:00", "2025-03-25T07:42:10+00:00"),
    ("2025-03-25T07:42:10Z", "2025-03-25T07:42:10+00:00"),
    ("2025-03-25T02:42:10-0500", "2025-03-25T07:42:10+00:00"),
    ("2025-03-25T07:42:10.123456+00:00", "2025-03-25T07:42:10.123456+00:00"),
    ("2025-03-25", "2025-03-25T00:00:00+00:00"),
    ("March 25, 2025", "2025-03-25T00:00:00+00:00"),
])
def test_site_formats(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", [
    "25th, March 2025 GMT", "۱۴ نومبر ۲۰۲۴", "جمعرات، 14 نومبر 2024", "2024-12-30 21:01:19 GMT",
    "2025-03-25T12:42:10+05:00", "5th, February 2025 10:30 GMT",
])
def test_site_formats_take_the_fast_path(text):
    from newscrawl.text import normalize_urdu
    assert parse_fast(normalize_urdu(text)) is not None


@pytest.mark.parametrize(("text", "iso"), [
    ("Tuesday, 25 March 2025 07:42", "2025-03-25T07:42:00+00:00"),
    ("25/03/2025", "2025-03-25T00:00:00+00:00"),
])
def test_other_formats_fall_back_to_dateparser(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", [
    "", "   ", "کل", "March 2025", "2025", "31st, February 2025 GMT", "2025-13-45",
    "اشاعت کی تاریخ", "<span>", "2 گھنٹے پہلے", "yesterday",
])
def test_unparseable_is_none_with_a_warning(text, caplog):
    parse_date.cache_clear()
    with caplog.at_level(logging.WARNING, logger="newscrawl.dates"):
        assert parse_date(text) is None
    if text.strip():
        assert "Unparseable date" in caplog.text
