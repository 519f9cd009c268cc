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
