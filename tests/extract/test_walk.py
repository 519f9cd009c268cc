"""The page walk's tag codes and its hidden-element rule, read as the tag sets and the page say.

The walk dispatches on one code per tag (``walk._CODES``) where it tested the tag sets one by
one; the codes must say what the sets say, or a tag added to a set would be walked by the old
meaning. What a reader sees of hidden blocks is checked on pages.
"""

from __future__ import annotations

from lxml import etree

from newscrawl.extract import walk
from newscrawl.extract.page import parse_html


def test_each_tag_code_says_what_the_tag_sets_say() -> None:
    codes = walk._CODES
    for tag in walk.BLOCK_TAGS | walk._INLINE_TAGS | walk.SKIP_TAGS | walk.BODY_CONTAINER_TAGS | {"a", "p"}:
        code = codes.get(tag, walk._OTHER)
        assert (code <= walk._BLOCK) == (tag in walk.BLOCK_TAGS and tag not in walk.INVISIBLE_TAGS), tag
        assert (code in (walk._DIV, walk._CONTAINER)) == (tag in walk.BODY_CONTAINER_TAGS), tag
        assert (code == walk._INLINE) == (tag in walk._INLINE_TAGS), tag
        assert (code == walk._FURNITURE) == (tag in walk.SKIP_TAGS - walk.INVISIBLE_TAGS), tag
        assert (code == walk._UNREAD) == (tag in walk.INVISIBLE_TAGS), tag
    for tag in (etree.Comment, etree.ProcessingInstruction, etree.Entity):
        assert codes[tag] == walk._UNREAD
    assert (codes["div"], codes["p"], codes["li"], codes["a"]) == (walk._DIV, walk._P, walk._LI, walk._LINK)
    assert "span" in walk._INLINE_TAGS and not walk.BODY_CONTAINER_TAGS & walk.SKIP_TAGS


def texts(markup: str) -> list[str]:
    body = parse_html(markup).find("body")
    return [piece[1].strip() for piece in walk.walk_page(body, 0).pieces if piece[0] == "text" and piece[1].strip()]


def test_hidden_blocks_are_unread_but_a_streamed_block_and_the_paywalled_rest() -> None:
    page = (
        "<div><p hidden>gone</p><p hidden id='S:1'>streamed</p><div class='x paywall' hidden><p>rest</p></div>"
        "<div class='paywalled' hidden>teaser</div><p aria-hidden='true'>shown</p>after</div>"
    )
    assert texts(page) == ["streamed", "rest", "shown", "after"]


def test_text_after_a_link_and_after_a_skipped_element_is_its_parents() -> None:
    body = parse_html("<div>a <a href='/x'>link <b>bold</b></a> tail<script>s</script> end</div>").find("body")
    found = walk.walk_page(body, 0)
    div = body[0]
    assert [(kind, text, href) for kind, text, href, _ in found.pieces[1:-1]] == [
        ("break", "", None),
        ("text", "a ", None),
        ("link", None, "/x"),
        ("text", " tail", None),
        ("text", " end", None),
        ("break", "", None),
    ]
    assert [piece[3] for piece in found.pieces[1:-1]] == [div, div, div[0], div, div, div]
    # the div's paragraph text: "a", "tail", "end" (8 characters), its links' "link bold" (9)
    assert [(candidate[0], candidate[3:]) for candidate in found.candidates] == [(body, [8, 9]), (div, [8, 9])]
