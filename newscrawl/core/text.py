"""Urdu text cleaning: small pure functions, composed per field by the loaders.

The rules: NFC; Arabic code points and presentation forms
mapped to the Urdu letters; zero-width and bidi controls removed; whitespace
collapsed; diacritics kept (a researcher can strip them, nobody can restore
them). Each step runs only when a cheap check says it is needed (C-level scans:
``unicodedata.is_normalized``, one regex search, ``str.split``), because this is on
the hot path of every field of every page.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

# Arabic letters that legacy (and Arabic-keyboard) pages use where Urdu has its own.
_URDU_LETTERS = {
    "\u064a": "\u06cc",  # ي ARABIC YEH -> ی FARSI YEH
    "\u0649": "\u06cc",  # ى ALEF MAKSURA -> ی
    "\u0643": "\u06a9",  # ك ARABIC KAF -> ک KEHEH
    "\u0647": "\u06c1",  # ه ARABIC HEH -> ہ HEH GOAL
    "\u06c0": "\u06c2",  # ۀ HEH WITH YEH ABOVE -> ۂ HEH GOAL WITH HAMZA
}
# Invisible format characters: zero-width (ZWSP, ZWNJ, ZWJ, BOM/ZWNBSP, word joiner),
# bidi marks, embeddings, overrides and isolates, the Arabic letter mark, soft hyphen.
_INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\u061c\u00ad"
)

_TRANSLATION = str.maketrans({**_URDU_LETTERS, **dict.fromkeys(_INVISIBLE)})
_NEEDS_TRANSLATION = re.compile("[" + re.escape("".join(_URDU_LETTERS) + _INVISIBLE) + "]")
# The same mapping as (old, new) pairs for str.replace: one C-level pass per character that
# occurs, ~30x faster than str.translate with a dict table on a legacy page's Arabic letters.
# Equal to _TRANSLATION because no replacement is itself replaced.
_REPLACEMENTS = tuple((chr(code), new or "") for code, new in _TRANSLATION.items())
# Arabic Presentation Forms-A and -B: glyph variants that NFKC folds to base letters.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]+")
# The same class without "+", to test for one: re searches a bare character class in a fast
# C loop, a repeated one not (2.3 vs 8.3 µs on a 900-character body; every field, every page).
_PRESENTATION_FORM = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
# Every character normalize_urdu changes besides whitespace (presentation forms, the mapped
# letters, the invisible characters), in one class: one C-level scan finds a text without them.
_FOLDED_AWAY = re.compile("[\ufb50-\ufdff\ufe70-\ufeff" + re.escape("".join(_URDU_LETTERS) + _INVISIBLE) + "]")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def _fold_presentation_forms(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def normalize_urdu(text: str | None) -> str:
    """Return *text* in the project's canonical Urdu form (one line).

    >>> normalize_urdu("  پاکستان\u200c  اور\\n چین ")
    'پاکستان اور چین'
    >>> normalize_urdu("کليدی لفظ:")  # Arabic yeh, as legacy pages spell it
    'کلیدی لفظ:'
    >>> normalize_urdu("\ufedf\ufe8e\ufeeb\ufeee\ufead")  # presentation forms -> letters
    'لاہور'
    >>> normalize_urdu("مُحمّد")  # diacritics are kept
    'مُحمّد'
    >>> normalize_urdu(None)
    ''
    """
    if not text:
        return ""
    if text.isascii():  # O(1) in CPython: nothing to fold, compose or map; most text of pages in Latin script
        return " ".join(text.split())
    if _PRESENTATION_FORM.search(text):
        text = _PRESENTATION_FORMS.sub(_fold_presentation_forms, text)
    # Each step only when needed: most text is already NFC and has nothing to map, and
    # str.translate with a dict table looks up every character in the dict.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _NEEDS_TRANSLATION.search(text):
        for old, new in _REPLACEMENTS:
            if old in text:
                text = text.replace(old, new)
    # str.split() splits on exactly the characters \s matches (both use str.isspace).
    return " ".join(text.split())


def is_normalized_urdu(text: str) -> bool:
    """True when normalize_urdu would change nothing in *text* but its whitespace, i.e.
    ``normalize_urdu(text) == " ".join(text.split())``: no presentation form, no letter or
    invisible character it maps, already NFC. Records hold normalized text, so a reader that
    needs the normalized form (newscrawl.rules.blocks.tokens) checks this instead of normalizing
    again; the check is one scan, normalizing again is several and a copy.

    >>> is_normalized_urdu("پاکستان  اور\\n چین"), is_normalized_urdu("کليدی"), is_normalized_urdu("a\u200cb")
    (True, False, False)
    >>> is_normalized_urdu("\u06c1\u0654")  # ہ + hamza above composes to ۂ under NFC
    False
    """
    return text.isascii() or (_FOLDED_AWAY.search(text) is None and unicodedata.is_normalized("NFC", text))


def to_ascii_digits(text: str) -> str:
    """Map Urdu (Extended Arabic-Indic) and Arabic-Indic digits to ASCII.

    >>> to_ascii_digits("۱۴ نومبر ۲۰۲۴")
    '14 نومبر 2024'
    """
    return text.translate(_DIGITS)


def strip_label(text: str, labels: Iterable[str]) -> str:
    """Remove a leading section label (``ذریعہ:``) from already normalized text.

    >>> strip_label("ذریعہ: Islam Times", ["ذریعہ"])
    'Islam Times'
    >>> strip_label("ذریعہ : ڈان نیوز", ["ذریعہ"])
    'ڈان نیوز'
    >>> strip_label("Islam Times", ["ذریعہ"])
    'Islam Times'
    """
    for label in labels:
        if text.startswith(label):
            rest = text[len(label) :].lstrip()
            if rest.startswith((":", "：", "؛")):
                return rest[1:].strip()
            return rest
    return text


_LIST_SEPARATORS = re.compile(r"\s*[،,؛;|]\s*")


def split_list(text: str) -> list[str]:
    """Split a plain-text keyword line on Urdu or Latin commas and semicolons.

    >>> split_list("دونوں ممالک، ملاقات میں ,چین")
    ['دونوں ممالک', 'ملاقات میں', 'چین']
    >>> split_list("")
    []
    """
    return [part for part in _LIST_SEPARATORS.split(text) if part.strip()]


def unique(values: Iterable[str]) -> list[str]:
    """Drop empties and repeats, keeping the first occurrence's position.

    >>> unique(["چین", "", "پاکستان", "چین"])
    ['چین', 'پاکستان']
    """
    return list(dict.fromkeys(value for value in values if value))


def content_hash(headline: str, body: str) -> str:
    """SHA-256 over normalized headline and body: equal text, equal hash.

    Whitespace and letter variants do not change the hash, so a syndicated
    copy with other markup still collides with the original.

    >>> content_hash("سرخی", "متن") == content_hash(" سرخی ", "متن\\n")
    True
    """
    canonical = normalize_urdu(headline) + "\n" + normalize_urdu(body)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(value: object) -> bool:
    """False when a string in *value* (or its lists and dicts) holds a lone surrogate.

    JSON may spell one as ``\\ud800``; Python decodes it into a str that no UTF-8
    file (a run file, gzip JSONL, Parquet) can store.

    >>> valid_unicode(["سرخی", {"url": "u", "title": "t"}]), valid_unicode({"title": "a" + chr(0xD800)})
    (True, False)
    """
    if isinstance(value, str):
        return _SURROGATE.search(value) is None
    if isinstance(value, (list, tuple)):
        return all(valid_unicode(item) for item in value)
    if isinstance(value, dict):
        return all(valid_unicode(item) for item in value.values())
    return True
