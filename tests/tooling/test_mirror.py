"""The bundled mirror: deterministic, complete, served with honest headers."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from devtools.mirror.build import build

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT / "fixtures"


def test_committed_mirror_equals_a_fresh_build(tmp_path):
    build(FIXTURES / "source" / "articles.json", tmp_path)
    for built in sorted(tmp_path.rglob("*")):
        if built.is_file():
            committed = FIXTURES / built.relative_to(tmp_path)
            assert committed.read_bytes() == built.read_bytes(), f"{committed} is stale: rebuild the mirror"
    committed_files = {p.relative_to(FIXTURES / "site") for p in (FIXTURES / "site").rglob("*") if p.is_file()}
    built_files = {p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert committed_files == built_files


def test_mirror_has_what_the_issue_asks_for(expected):
    routes = json.loads((FIXTURES / "site" / "manifest.json").read_text(encoding="utf-8"))["routes"]
    assert len(expected["articles"]) >= 40
    assert sum(path.startswith("/ur/archive?page=") for path in routes) >= 3
    assert "/ur/section/pakistan" in routes and "/ur/section/world" in routes and "/ur/" in routes
    assert "/robots.txt" in routes
    corpus = json.loads((FIXTURES / "source" / "articles.json").read_text(encoding="utf-8"))
    assert corpus[0]["headline"] == "پاکستان کا کلاؤڈ کمپیوٹنگ اور مصنوعی ذہانت میں چین کیساتھ تعاون کا فیصلہ"
    assert sum(not a["keywords"] for a in corpus) >= 1 and sum(not a["read_also"] for a in corpus) >= 1
    assert sum(len(a["read_also"]) > 1 for a in corpus) >= 1


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_server_honours_query_strings_and_charsets(mirror, expected):
    status, _, page1 = fetch(mirror.base_url + "/ur/archive?page=1")
    _, _, page2 = fetch(mirror.base_url + "/ur/archive?page=2")
    assert status == 200 and page1 != page2
    assert fetch(mirror.base_url + "/ur/archive?page=99")[0] == 404
    path = expected["cases"]["windows_1256"]
    status, content_type, _ = fetch(mirror.base_url + path)
    assert status == 200 and content_type == "text/html; charset=windows-1256"
    assert fetch(mirror.base_url + "/robots.txt")[1].startswith("text/plain")


@pytest.mark.parametrize(("case", "status"), [("not_found", 404), ("server_error", 500)])
def test_server_error_pages(mirror, expected, case, status):
    assert fetch(mirror.base_url + expected["cases"][case])[0] == status


def test_server_ignores_tracking_parameters_only(mirror, expected):
    path = expected["cases"]["tracking"]
    assert fetch(mirror.base_url + path + "?utm_source=x&fbclid=y")[0] == 200
    assert fetch(mirror.base_url + path + "?page=2")[0] == 404
