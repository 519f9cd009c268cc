"""The furniture learner's cost controls: a grown index judges as a rebuilt one; a stable site is sampled,
a redesigned one learned page by page again."""

from __future__ import annotations

import random

from lxml import etree

from newscrawl.extract.blocks import page_texts
from newscrawl.rules.furniture import SiteFurniture, page_blocks, tokens
from newscrawl.rules.learning import LearningSchedule

MENU = ["پاکستان", "دنیا", "کھیل", "کاروبار", "صحت", "تعلیم"]
WORDS = ["حکومت", "عوام", "فیصلہ", "اجلاس", "وزیر", "شہر", "بارش", "عدالت", "رپورٹ", "منصوبہ", "سڑک", "پانی"]


def page(chrome: str, paragraphs: list[str]) -> etree._Element:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return etree.HTML(f"<html><body>{chrome}<article>{body}</article><footer>© {chrome[:0]}سائٹ</footer></body></html>")


def chrome(menu: list[str], ticker: str) -> str:
    return "<nav><ul>" + "".join(f"<li><a href='/s'>{word}</a></li>" for word in menu) + f"</ul></nav><div>{ticker}</div>"


def sentence(rng: random.Random, shortest: int = 1) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(shortest, shortest + 5)))


def test_index_grown_page_by_page_judges_as_one_rebuilt_from_the_counts():
    rng = random.Random(7)
    grown = SiteFurniture(min_pages=2)
    for _ in range(60):
        blocks = [tokens(sentence(rng)) for _ in range(8)]
        grown.learn([words for words in blocks if words], listing=rng.random() < 0.1)
        grown.body_words("")  # keeps the index built, so later blocks are added to it, not rebuilt
        body = " ".join(sentence(rng) for _ in range(12))
        rebuilt = SiteFurniture(min_pages=2)
        rebuilt.counts, rebuilt.words = grown.counts, grown.words
        assert grown.body_words(body, ["عوام"]) == rebuilt.body_words(body, ["عوام"])
    assert grown.body_words(" ".join(WORDS))[1] > 0  # the test judged real furniture, not an empty index


def test_a_stable_site_is_sampled_and_a_redesign_is_learned_page_by_page_again():
    rng = random.Random(3)
    furniture, schedule = SiteFurniture(), LearningSchedule(stable_pages=5, sample_every=4)
    old, new = chrome(MENU, "تازہ ترین خبریں"), chrome(MENU[::-1] + ["موسم"], "بریکنگ نیوز آج")
    learned = []
    for number in range(80):
        root = page(old if number < 40 else new, [sentence(rng, shortest=8) for _ in range(4)])
        wants = schedule.wants(listing=False)
        learned.append(wants)
        if wants:
            schedule.learned(False, *furniture.learn(page_blocks(page_texts(root)), listing=False))
    assert all(learned[:8])  # every page until the chrome is known
    assert learned[10:40].count(True) <= 10  # then a sample
    assert schedule.restarts == 1  # the new chrome was noticed on a sampled page...
    assert any(all(learned[n : n + 3]) for n in range(40, 60))  # ...and learned page by page
    assert furniture.body_words("بریکنگ نیوز آج")[1] == 3  # the new chrome is furniture
