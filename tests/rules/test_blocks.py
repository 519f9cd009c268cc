"""Blocks, the unit furniture is learned and judged in: the text a reader sees in each block element,
read as the extraction walk reads the page (newscrawl.extract.blocks cuts them, newscrawl.rules.blocks
spells them)."""

from __future__ import annotations

from lxml import etree

from newscrawl.extract.blocks import block_texts, page_texts
from newscrawl.extract.walk import walk_page
from newscrawl.rules.blocks import page_blocks

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
