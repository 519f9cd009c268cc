"""Mutation tests of the article callback: damaged fixture pages never raise, output stays well-typed.

Each mirror page is mutated with a fixed seed (deleted elements, duplicated and
shuffled siblings, emptied text, truncated bytes) and fed to the spider's
parse_article offline, as tests/extract/test_extract.py does with the intact pages.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.core.record import ARTICLE_FIELDS
from newscrawl.crawler.items import ArticleItem
from devtools.mirror.faults import SOURCE_PAGE
from newscrawl.spiders.islamtimes import IslamTimesSpider

PROJECT = Path(__file__).resolve().parents[2]
SITE = PROJECT / "fixtures" / "site"
MIRROR = "http://127.0.0.1:8000"
ROUTES = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))["routes"]
ARTICLE_PATHS = sorted(path for path, route in ROUTES.items()
                       if route["status"] == 200 and ("/news/" in path or "/article/" in path))
PAGES = ARTICLE_PATHS[::6]  # eight pages of different templates, the windows-1256 one included
MUTATIONS_PER_PAGE = 40
STR_OR_NONE = [field for field, (kind, _) in ARTICLE_FIELDS.items() if kind in ("str", "str|null")]


@pytest.fixture(scope="module")
def spider() -> IslamTimesSpider:
    crawler = get_crawler(IslamTimesSpider)
    spider = IslamTimesSpider.from_crawler(crawler, base_url=MIRROR)
    crawler.spider = spider
    return spider


def _charset(content_type: str) -> str:
    return content_type.split("charset=")[-1].strip() if "charset=" in content_type else "utf-8"


def mutate(body: bytes, encoding: str, rng: random.Random) -> bytes:
    """A few random structural edits to the page, then maybe a cut at a random byte."""
    root = lxml.html.fromstring(body.decode(encoding, "replace"))
    for _ in range(rng.randint(1, 6)):
        elements = [element for element in root.iter() if isinstance(element.tag, str) and element is not root]
        if not elements:
            break
        element = rng.choice(elements)
        parent = element.getparent()
        operation = rng.choice(("delete", "duplicate", "shuffle", "empty", "unwrap", "strip_attrs"))
        if operation == "delete" and parent is not None:
            parent.remove(element)
        elif operation == "duplicate" and parent is not None:
            for _ in range(rng.randint(1, 3)):
                parent.insert(parent.index(element), copy.deepcopy(element))
        elif operation == "shuffle" and parent is not None:
            children = list(parent)
            rng.shuffle(children)
            for child in children:
                parent.append(child)
        elif operation == "empty":
            element.text = None
            for child in list(element):
                element.remove(child)
        elif operation == "unwrap" and parent is not None:
            element.drop_tag()
        elif operation == "strip_attrs":
            element.attrib.clear()
    out = lxml.html.tostring(root, encoding=encoding, doctype="<!DOCTYPE html>")
    if rng.random() < 0.4:
        out = out[: rng.randint(0, len(out))]
    return out


def check_output(outputs: list[Any]) -> None:
    for output in outputs:
        if isinstance(output, Request):
            assert output.url.startswith("http")
            continue
        assert isinstance(output, ArticleItem), type(output)
        for field in STR_OR_NONE:
            assert output.get(field) is None or isinstance(output[field], str), (field, output.get(field))
        keywords = output.get("keywords") or []
        assert isinstance(keywords, list) and all(isinstance(k, str) and k for k in keywords)
        read_also = output.get("read_also") or []
        assert isinstance(read_also, list)
        for link in read_also:
            assert set(link) == {"url", "title"} and all(isinstance(v, str) for v in link.values())
        published = output.get("published_at")
        assert published is None or published.endswith("+00:00")


@pytest.mark.parametrize("path", PAGES)
def test_mutated_pages_never_raise(spider, path):
    route = ROUTES[path]
    original = (SITE / route["file"]).read_bytes()
    encoding = _charset(route["content_type"])
    rng = random.Random(f"mutations:{path}")
    for case in range(MUTATIONS_PER_PAGE):
        body = mutate(original, encoding, rng)
        response = HtmlResponse(url=MIRROR + path, body=body, headers={"Content-Type": route["content_type"]})
        try:
            outputs = list(spider.parse_article(response))
        except Exception as error:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{path} mutation {case}: {type(error).__name__}: {error}")
        check_output(outputs)


@pytest.mark.parametrize("cut", [0, 1, 50, 200, 1000, 3000])
def test_pages_cut_at_any_byte_never_raise(spider, cut):
    for path in PAGES:
        route = ROUTES[path]
        body = (SITE / route["file"]).read_bytes()[:cut]
        response = HtmlResponse(url=MIRROR + path, body=body, headers={"Content-Type": route["content_type"]})
        check_output(list(spider.parse_article(response)))


@pytest.mark.parametrize(("depth", "kept"), [(1_000, True), (10_000, False)])
def test_deep_nesting(spider, depth, kept):
    """libxml2 stops building the tree near depth 2048 (its guard against stack exhaustion):
    a body nested deeper is lost and the page is dropped as no_body, without an exception."""
    path = SOURCE_PAGE  # the plain template: a news-body div, then the source line
    html = (SITE / ROUTES[path]["file"]).read_text(encoding="utf-8")
    start, end = html.index('<div class="news-body">'), html.index('<div class="news-source"')
    html = html[:start] + "<div>" * depth + html[start:end] + "</div>" * depth + html[end:]
    response = HtmlResponse(url=MIRROR + path, body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    items = [o for o in spider.parse_article(response) if isinstance(o, ArticleItem)]
    check_output(items)
    assert len(items) == 1
    assert bool(items[0].get("body")) is kept
