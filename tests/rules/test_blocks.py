"""Blocks, the unit furniture is learned and judged in: the text a reader sees in each block element,
read as the extraction walk reads the page (newscrawl.extract.blocks cuts them, newscrawl.rules.blocks
spells them)."""

from __future__ import annotations

import json
import re
import sys

from lxml import etree

import language_samples as samples
from devtools.mirror.build import FIXTURES
from newscrawl.core.text import normalize_urdu

from newscrawl.extract.blocks import block_texts, page_texts
from newscrawl.extract.walk import walk_page
from newscrawl.rules.blocks import page_blocks, tokens

PAGE = (
    "<html><head><title>سائٹ</title></head><body>"
    "<nav><button>مینو</button><a href='/'>صفحہ <b>اول</b></a> | <a href='/s'>کھیل</a></nav>"
    "<div hidden><p>چھپا ہوا متن</p></div><script>var chrome = 1;</script>"
    "<ul><li><a href='/ur/news/1/x'>\n<h3>سرخی</h3>\n<p>خلاصہ</p>\n</a></li><li><a href='/ur/news/2/y'>دوسری</a></li></ul>"
    "<footer><p>© 2025 <a href='/'><b>سائٹ</b></a> جملہ حقوق محفوظ</p></footer>"
    "</body></html>"
)


def test_blocks_hold_what_a_reader_sees_in_reading_order():
    """A button, a hidden block and a script are read by no reader (nor by the body); a link is one
    run of its block whatever it holds; a footer reads in the order it is written."""
    assert page_blocks(page_texts(etree.HTML(PAGE))) == [
        ("صفحہ", "اول", "کھیل"),
        ("سرخی", "خلاصہ"),
        ("دوسری",),
        ("سائٹ", "جملہ", "حقوق", "محفوظ"),
    ]


def test_a_listing_leaves_its_teasers_out():
    assert page_blocks(page_texts(etree.HTML(PAGE)), lambda href: "/news/" in href) == [
        ("صفحہ", "اول", "کھیل"),
        ("سائٹ", "جملہ", "حقوق", "محفوظ"),
    ]


def test_block_texts_keep_nested_blocks_apart():
    body = etree.HTML("<div>اوپر<div>اندر<br>نیچے</div>باہر</div>").find("body")
    texts = {block.text: parts for block, parts in block_texts(walk_page(body, 0)).items()}
    assert texts == {"اوپر": ["اوپر", "باہر"], "اندر": ["اندر", "نیچے"]}


# tokens() is computed the short way (records hold normalized text); it must equal its definition.
_DEFINITION_DROP = re.compile(r"[^\w\s]+|[\d_]+")


def tokens_by_definition(text: str | None) -> tuple[str, ...]:
    return tuple(_DEFINITION_DROP.sub("", normalize_urdu(text).casefold()).split())


def test_the_characters_tokens_short_way_relies_on():
    """Over every code point: casefold never turns a space into a non-space or back (so normalize_urdu's
    whitespace collapse may be skipped before split()), regex \\s is str.isspace, nothing dropped is a
    space (so words may be split before the drop), and a letter (str.isalpha) is never dropped."""
    dropped = re.compile(r"[^\w\s]|[\d_]")
    space = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = char.casefold()
        assert all(part.isspace() for part in folded) if char.isspace() else not any(p.isspace() for p in folded)
        assert bool(space.match(char)) == char.isspace()
        assert not (dropped.match(char) and char.isspace())
        assert not (char.isalpha() and dropped.match(char))


EDGE_CASES = [
    None,
    "",
    "  \n ",
    "Most  READ",
    "© اسلام ٹائمز 2025۔ جملہ حقوق محفوظ ہیں!",
    "\ufedf\ufe8e\ufeeb\ufeee\ufead سے",  # presentation forms
    "کليدی لفظ",
    "e\u200d\u0301 x",  # an Arabic yeh; a ZWJ between a letter and its accent (NFC after removal)
    "\u0647\u0654 \u06c1\u0654 x",  # heh + hamza: normalize_urdu's result is not NFC, normalized again it is
    "İstanbul ½ x_y 12ab ²nd a\u00a0b\u2028c\u3000d",
    "ﬁne ﬀ ß ΣΑΣ",
]


def test_tokens_equal_their_definition_on_real_and_awkward_text():
    texts = [*EDGE_CASES]
    for group in (
        samples.URDU_BRIEFS,
        samples.URDU_QUOTING_ENGLISH,
        samples.URDU_ARABIC_CODEPOINTS,
        samples.PERSIAN,
        samples.ARABIC,
        samples.PUNJABI_SHAHMUKHI,
        samples.ENGLISH,
    ):
        texts += group + [normalize_urdu(text) for text in group]
    expected = json.loads((FIXTURES / "expected" / "articles.json").read_text(encoding="utf-8"))["articles"]
    for record in expected:
        texts += [record["headline"], record["summary"], record["body"]]
    for path in sorted((FIXTURES / "site").rglob("*.html")):
        texts.append(etree.HTML(path.read_bytes()).xpath("string(//body)"))
    assert len(texts) > 150
    for text in texts:
        assert tokens(text) == tokens_by_definition(text), text
