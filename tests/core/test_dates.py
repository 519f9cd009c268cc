"""Dates: every format the site prints -> ISO 8601 with the offset the page or the site gives;
anything else -> None, never a guess."""

import logging
from datetime import date, datetime

import pytest

from newscrawl.core.date_formats import parse_fast
from newscrawl.core.dates import parse_date, read_date


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
    ("2025-03-25T12:42:10+05:00", "2025-03-25T12:42:10+05:00"),  # the written offset is kept
    ("2025-03-25T07:42:10Z", "2025-03-25T07:42:10+00:00"),
    ("2025-03-25T02:42:10-0500", "2025-03-25T02:42:10-05:00"),
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
    from newscrawl.core.text import normalize_urdu
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
    read_date.cache_clear()
    with caplog.at_level(logging.WARNING, logger="newscrawl.core.dates"):
        assert parse_date(text) is None
    if text.strip():
        assert "Unparseable date" in caplog.text


# -- named sites (issue 13): their zones and the date lines their pages print --------------

@pytest.mark.parametrize(("text", "zone", "iso"), [
    # Jang: weekday glued to a Hijri date, then the Gregorian one; ؍ separators, ھ/ء suffixes
    ("جمعرات4؍ذی الحجہ 1442ھ15؍جولائی 2021ء", "+05:00", "2021-07-15T00:00:00+05:00"),
    ("ہفتہ 28؍ جمادی الثانی 1439ھ 17 مارچ 2018ء", "+05:00", "2018-03-17T00:00:00+05:00"),
    # Express: weekday without a comma, and July misspelled
    ("اتوار 18 مارچ 2018", "+05:00", "2018-03-18T00:00:00+05:00"),
    ("15 جولائ 2021", "+05:00", "2021-07-15T00:00:00+05:00"),
    ("2018-03-18T05:42:54 GMT", "+05:00", "2018-03-18T10:42:54+05:00"),  # a UTC label: the moment, in the zone
    ("2018-03-18T05:42:54-04:00", "+05:00", "2018-03-18T05:42:54-04:00"),  # another written offset is kept
    # Daily-Pakistan style: 24-hour clock with a stray PM; a real 12-hour time too
    ("Jul 15, 2021 | 16:31:PM", "+05:00", "2021-07-15T16:31:00+05:00"),
    ("Jul 15, 2021 | 04:31 PM", "+05:00", "2021-07-15T16:31:00+05:00"),
    ("Jul 15, 2021 | 12:05 AM", "+05:00", "2021-07-15T00:05:00+05:00"),
    # Dawn News: Urdu month first; machine time with its own offset
    ("مارچ 23, 2018", "+05:00", "2018-03-23T00:00:00+05:00"),
    ("2018-03-23T15:39:45+05:00", "+05:00", "2018-03-23T15:39:45+05:00"),
    # Hum Sub's visible date: day first
    ("18/03/2018", "+05:00", "2018-03-18T00:00:00+05:00"),
    # IANA names work as well as offsets; UTC sites are unchanged
    ("2018-03-18 20:10", "Asia/Karachi", "2018-03-18T20:10:00+05:00"),
    ("2018-03-18 20:10", "UTC", "2018-03-18T20:10:00+00:00"),
    # not a fast-path shape: dateparser gets the site's zone too
    ("Tuesday 25 March 2025 07:42", "+05:00", "2025-03-25T07:42:00+05:00"),
])
def test_site_zone_applies_to_times_without_one(text, zone, iso):
    assert parse_date(text, zone) == iso


@pytest.mark.parametrize("text", ["4؍ذی الحجہ 1442ھ", "جمعرات 4 ذی الحجہ 1442ھ", "28 جمادی الثانی 1439"])
def test_a_hijri_date_alone_is_never_read_as_gregorian(text, caplog):
    read_date.cache_clear()
    with caplog.at_level(logging.WARNING, logger="newscrawl.core.dates"):
        assert parse_date(text, "+05:00") is None
    assert "Hijri date" in caplog.text


def test_utc_label_of_local_time_is_relabelled_only_when_the_site_says_so():
    # Hum Sub writes Pakistan time as "+00:00": 20:10 PKT, not 20:10 UTC
    assert parse_date("2018-03-18T20:10:29+00:00", "+05:00", True) == "2018-03-18T20:10:29+05:00"
    assert parse_date("2018-03-18T20:10:29+00:00", "+05:00") == "2018-03-19T01:10:29+05:00"  # taken as UTC
    # a real offset is kept, the setting only touches UTC labels
    assert parse_date("2018-03-18T20:10:29+05:00", "+05:00", True) == "2018-03-18T20:10:29+05:00"


def test_the_loader_reads_the_zone_from_its_context():
    from newscrawl.extract.loader import ArticleLoader
    loader = ArticleLoader(timezone="+05:00", utc_is_local=True)
    loader.add_value("published_at", "2018-03-18T20:10:29+00:00")
    assert loader.get_output_value("published_at") == "2018-03-18T20:10:29+05:00"
    plain = ArticleLoader()
    plain.add_value("published_at", "2018-03-18 20:10")
    assert plain.get_output_value("published_at") == "2018-03-18T20:10:00+00:00"


# -- the day never moves (issue 19) ------------------------------------------------------

def test_a_date_only_line_on_a_pakistani_site_keeps_its_day_with_precision_day():
    found = read_date("جمعرات 15 جولائی 2021", "+05:00")
    assert found is not None
    assert found.iso == "2021-07-15T00:00:00+05:00"
    assert found.precision == "day"
    assert datetime.fromisoformat(found.iso).date() == date(2021, 7, 15)


@pytest.mark.parametrize(("text", "precision"), [
    ("25th, March 2025 GMT", "day"),
    ("5th, February 2025 10:30 GMT", "minute"),
    ("2024-12-30 21:01:19 GMT", "second"),
    ("2025-03-25T12:42:10.5+05:00", "second"),
    ("2025-03-25", "day"),
    ("Jul 15, 2021 | 04:31 PM", "minute"),
    ("Tuesday 25 March 2025 07:42", "minute"),  # dateparser: the precision comes from the text
    ("25/03/2025", "day"),
])
def test_precision_is_what_the_text_stated(text, precision):
    assert read_date(text, "+05:00").precision == precision


def test_the_loader_fills_published_precision_from_the_winning_date_text():
    from newscrawl.extract.loader import ArticleLoader, load_article
    from newscrawl.extract.page import ArticlePage, parse_html

    html = """<html><head><title>t</title></head><body><article><h1>سرخی</h1>
    <div class="date">اشاعت کی تاریخ: جمعرات 15 جولائی 2021</div>
    <p>پہلا پیراگراف یہاں ہے اور یہ کافی لمبا ہے تاکہ متن سمجھا جائے۔</p></article></body></html>"""
    root = parse_html(html)
    item = load_article(ArticlePage(root, "https://example.pk/news/1"), ArticleLoader(timezone="+05:00"))
    assert item["published_at"] == "2021-07-15T00:00:00+05:00"
    assert item["published_precision"] == "day"
