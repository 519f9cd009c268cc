"""published_at when the page's declarations disagree, microdata anywhere, htmldate last (issue 19).

Pages written the way the real ones of ../shared/realpages-dev are (the failures the issue names):
JSON-LD contradicting article:published_time, a date only in microdata outside the article, only
in the URL, only as ``dd.mm.yyyy`` text.
"""

from __future__ import annotations

import json

import pytest

from newscrawl.extract.loader import ArticleLoader, load_article
from newscrawl.extract.page import ArticlePage, parse_html

BODY = "<p>" + "The council met on Tuesday and agreed the new budget for the coming year. " * 4 + "</p>"


def page(head: str = "", body: str = "", url: str = "https://news.example/story/42", zone: str = "UTC") -> dict:
    html = f"<html><head><title>Budget agreed</title>{head}</head><body><article><h1>Budget agreed</h1>{body}{BODY}</article></body></html>"
    won: dict[str, str] = {}
    item = load_article(
        ArticlePage(parse_html(html), url), ArticleLoader(timezone=zone), lambda field, strategy: won.setdefault(field, strategy)
    )
    return {"published_at": item["published_at"], "precision": item["published_precision"], "won": won["published_at"]}


def jsonld(date: str) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "datePublished": date})}</script>'


def meta(date: str) -> str:
    return f'<meta property="article:published_time" content="{date}">'


def test_declarations_that_agree_are_read_from_jsonld():
    found = page(jsonld("2024-08-04T13:23:00Z") + meta("2024-08-04T13:23:00+00:00"))
    assert found == {"published_at": "2024-08-04T13:23:00+00:00", "precision": "second", "won": "jsonld"}


@pytest.mark.parametrize(("head", "day", "won"), [
    # a CMS rewrote article:published_time with the update time: the earlier JSON-LD is the publication
    (jsonld("2015-10-15T02:19:15Z") + meta("2015-12-11T14:28:34Z"), "2015-10-15", "jsonld"),
    # ... or rewrote JSON-LD: the earlier meta wins
    (jsonld("2024-12-07T12:43:39Z") + meta("2024-12-06T22:00:40Z"), "2024-12-06", "meta"),
    # microdata is a declaration too, weighed when JSON-LD and the meta disagree
    (jsonld("2024-08-05T21:00:18+01:00") + meta("2024-08-05T19:49:50Z")
     + '<meta itemprop="datePublished" content="2024-08-04T13:23:00Z">', "2024-08-04", "microdata"),
])
def test_disagreeing_declarations_the_earliest_wins(head, day, won):
    found = page(head)
    assert found["published_at"][:10] == day and found["won"] == won


def test_the_same_moment_is_taken_with_its_local_offset_rather_than_a_utc_label():
    found = page(jsonld("2017-02-24T01:18:13Z") + meta("2017-02-23T17:18:13-08:00"))
    assert found["published_at"] == "2017-02-23T17:18:13-08:00" and found["won"] == "meta"


def test_the_day_the_visible_line_shows_beats_the_earliest():
    line = '<time>Thursday 15 July 2021</time>'
    found = page(jsonld("2021-07-14T08:00:00Z") + meta("2021-07-15T09:30:00Z"), body=line)
    assert found["published_at"] == "2021-07-15T09:30:00+00:00" and found["won"] == "meta"


def test_microdata_outside_the_article_and_abbr_published_are_read():
    outside = '<html><head></head><body><div class="byline"><time itemprop="datePublished" datetime="2023-03-01T10:00:00+01:00">1 March</time></div>'
    root = parse_html(outside + f"<article><h1>Budget agreed</h1>{BODY}</article></body></html>")
    item = load_article(ArticlePage(root, "https://news.example/a"), ArticleLoader())
    assert item["published_at"] == "2023-03-01T10:00:00+01:00"
    found = page(body='<abbr class="published" title="2014-09-02T08:35:27-04:00">2 Sept</abbr>')
    assert found["published_at"] == "2014-09-02T08:35:27-04:00" and found["won"] == "microdata"


def test_json_ld_in_cdata_markers_is_read():
    wrapped = '<script type="application/ld+json">//<![CDATA[\n{"@type": "NewsArticle", "datePublished": "2024-12-06T22:00:40Z"}\n//]]></script>'
    assert page(wrapped)["won"] == "jsonld"


@pytest.mark.parametrize(("url", "body", "day"), [
    ("https://news.example/2021/07/15/budget-agreed/", "", "2021-07-15"),  # only in the URL
    ("https://news.example/story/42", "<p class='meta'>Published 15.07.2021</p>", "2021-07-15"),  # dd.mm.yyyy
])
def test_htmldate_reads_what_no_other_layer_does_as_a_day_in_the_site_zone(url, body, day):
    found = page(body=body, url=url, zone="+05:00")
    assert found == {"published_at": f"{day}T00:00:00+05:00", "precision": "day", "won": "htmldate"}


def test_a_year_alone_is_never_read_as_january_first():
    found = page(body="<p>© 2018 روزنامہ جنگ</p><div>ہفتہ 28؍ جمادی الثانی 1439ھ</div>")
    assert found["published_at"] is None and found["won"] == "missing"
