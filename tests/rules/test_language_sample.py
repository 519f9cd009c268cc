"""The language gate judges the whole body on a bounded sample (issue 24, case 13; issue 20's cost bound)."""

from __future__ import annotations

from newscrawl.core.text import normalize_urdu
from newscrawl.rules.language import MAX_CHARS, detect_language, detection_form

URDU = normalize_urdu(
    "وزیر اعظم نے آج لاہور میں نئے ہسپتال کا افتتاح کیا اور کہا کہ صحت کی سہولتیں ہر شہری کا حق ہیں۔ "
    "انہوں نے بتایا کہ اس منصوبے پر تین برس سے کام جاری تھا اور اب یہ عوام کے لیے کھول دیا گیا ہے۔ "
)
SPAM = "Buy cheap watches online with free shipping and the best prices guaranteed for every customer today. "


def test_urdu_paragraphs_before_pages_of_english_are_not_an_urdu_text():
    urdu = "\n".join([URDU] * 6)
    body = urdu + "\n" + SPAM * 150  # 98% of the letters Latin; the first 2,000 characters mostly Urdu
    assert len(urdu) > 1000 and len(body) > 10 * MAX_CHARS
    assert detect_language(body)[0] == "en"


def test_a_long_urdu_body_stays_urdu_and_costs_a_bounded_sample():
    body = "\n".join([URDU] * 200)
    assert detect_language(body)[0] == "ur"
    assert len(detection_form(body)) <= MAX_CHARS + 8  # the windows and the spaces between them
