"""Urdu normalization, table-driven: each row is what a reader sees -> what we store."""

import unicodedata

import pytest

from newscrawl.core.text import content_hash, normalize_urdu, split_list, strip_label, to_ascii_digits, unique


@pytest.mark.parametrize(("raw", "clean"), [
    ("پاکستان", "پاکستان"),
    ("  پاکستان \n\t اور   چین  ", "پاکستان اور چین"),  # whitespace collapsed
    ("پاکستان\u00a0اور\u2003چین", "پاکستان اور چین"),  # no-break and em spaces
    ("کلیدي لفظ", "کلیدی لفظ"),  # Arabic yeh -> Farsi yeh
    ("كراچی", "کراچی"),  # Arabic kaf -> keheh
    ("لاهور", "لاہور"),  # Arabic heh -> heh goal
    ("مصطفى", "مصطفی"),  # alef maksura -> yeh
    ("ﻻﮨﻮﺭ", "لاہور"),  # presentation forms -> letters
    ("پا\u200bکستان", "پاکستان"),  # zero-width space
    ("\u202bپاکستان\u202c", "پاکستان"),  # bidi embedding
    ("\ufeffپاکستان\u200f", "پاکستان"),  # BOM and RLM
    ("اللّٰہ", "اللّٰہ"),  # diacritics kept
    ("بھائی", "بھائی"),  # do-chashmi heh untouched
    ("", ""),
    (None, ""),
])
def test_normalize_urdu(raw, clean):
    assert normalize_urdu(raw) == clean


def test_normalize_composes_to_nfc():
    decomposed = "\u0622"  # آ decomposes to ا + maddah
    assert normalize_urdu(unicodedata.normalize("NFD", decomposed)) == "\u0622"


@pytest.mark.parametrize(("raw", "digits"), [("۱۴ نومبر ۲۰۲۴", "14 نومبر 2024"), ("٢٠٢٥", "2025"), ("2025", "2025")])
def test_to_ascii_digits(raw, digits):
    assert to_ascii_digits(raw) == digits


@pytest.mark.parametrize(("raw", "value"), [
    ("ذریعہ: Islam Times", "Islam Times"),
    ("ذریعہ :Islam Times", "Islam Times"),
    ("ذریعہ", ""),
    ("Islam Times", "Islam Times"),
])
def test_strip_label(raw, value):
    assert strip_label(raw, ["ذریعہ"]) == value


@pytest.mark.parametrize(("raw", "parts"), [
    ("دونوں ممالک، ملاقات میں، چین", ["دونوں ممالک", "ملاقات میں", "چین"]),
    ("a, b ,c", ["a", "b", "c"]),
    ("ایک؛ دو", ["ایک", "دو"]),
    ("، ,", []),
])
def test_split_list(raw, parts):
    assert split_list(raw) == parts


def test_unique_keeps_first_position():
    assert unique(["ب", "ا", "ب", "", "ج", "ا"]) == ["ب", "ا", "ج"]


def test_content_hash_ignores_spelling_variants_but_not_words():
    assert content_hash("لاهور", "متن") == content_hash("لاہور", "متن")
    assert content_hash("لاہور", "متن") != content_hash("لاہور", "دوسرا متن")
