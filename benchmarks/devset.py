"""The development set of real pages with answer keys (``../shared/realpages-dev/``), read in place.

The pages are other projects' test fixtures (mozilla/readability, fundus, newspaper4k, goose3;
``SOURCES.md`` there gives origin, licence and how each key reads). They are never copied into
this repository: every reader here opens them from the shared folder beside the checkout.

One ``DevPage`` per page, with its key normalized to what the accuracy benchmark scores:

- ``body``: the article text, or None where the set has no usable body key (goose3's
  ``cleaned_text`` is only the article's start: ``body_kind`` "prefix", scored for precision only);
- ``title``: the headline the key names, or None;
- ``date``: the publication date as the key writes it (ISO 8601), or None.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from benchmarks.common import PROJECT

DEVSET = PROJECT.parent / "shared" / "realpages-dev"
SETS = ("fundus", "readability", "newspaper4k", "goose3")
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "blockquote", "pre", "figure")
_KEY_NAME = re.compile(r'key=(?P<file>[^\[]+)\["(?P<version>[^"]+)"\]')


class DevSetMissing(RuntimeError):
    """The shared folder is not beside this checkout: nothing to measure, said in one line."""


@dataclass
class DevPage:
    page: str  # "<set>:<name>"
    set: str
    url: str
    html: bytes
    language: str  # primary subtag of the declared language, "" when none
    script: str
    body: str | None
    body_kind: str  # "full", "prefix" or "none"
    title: str | None
    date: str | None


def require_devset(root: Path | None = None) -> Path:
    root = root or DEVSET
    if not (root / "MANIFEST.tsv").is_file():
        raise DevSetMissing(
            f"{root} is missing: the accuracy benchmark reads the real development pages from the "
            f"team's shared/ folder beside the checkout (never copied into the repository)"
        )
    return root


def html_text(markup: str) -> str:
    """Visible text of an HTML fragment, one line per block (readability's expected.html)."""
    if not markup.strip():
        return ""
    tree = lxml.html.fromstring(markup)
    for element in tree.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return tree.text_content()


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _fundus(root: Path, row: dict[str, str]) -> tuple[str | None, str, str | None, str | None]:
    match = _KEY_NAME.search(row["note"])
    if not match:
        return None, "none", None, None
    folder = (root / row["path"]).parent
    version = _json(folder / match["file"]).get(match["version"], {})
    body = version.get("body") or {}
    lines = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        lines += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return ("\n".join(lines) or None), ("full" if lines else "none"), version.get("title"), version.get(
        "publishing_date"
    )


def _readability(root: Path, row: dict[str, str]) -> tuple[str | None, str, str | None, str | None]:
    folder = (root / row["path"]).parent
    expected = folder / "expected.html"
    body = html_text(expected.read_text(encoding="utf-8")) if expected.is_file() else None
    meta = _json(folder / "expected-metadata.json")
    return body, "full" if body else "none", meta.get("title"), meta.get("publishedTime")


def _newspaper4k(root: Path, row: dict[str, str]) -> tuple[str | None, str, str | None, str | None]:
    name = Path(row["path"]).stem
    text = root / "newspaper4k" / "text" / f"{name}.txt"
    unusable = "FAILURE NOTE" in row["note"] or "EMPTY" in row["note"]
    body = None if unusable or not text.is_file() else text.read_text(encoding="utf-8")
    meta = _json(root / "newspaper4k" / "metadata" / f"{name}.json")
    date = meta.get("publish_date")
    return body, "full" if body else "none", meta.get("title"), (date if date not in (None, "None") else None)


def _goose3(root: Path, row: dict[str, str]) -> tuple[str | None, str, str | None, str | None]:
    expected = _json((root / row["path"]).with_suffix(".json")).get("expected", {})
    text = expected.get("cleaned_text")
    return (text or None), ("prefix" if text else "none"), expected.get("title"), expected.get("publish_date")


_KEYS = {"fundus": _fundus, "readability": _readability, "newspaper4k": _newspaper4k, "goose3": _goose3}


def dev_pages(root: Path | None = None, sets: tuple[str, ...] = SETS, synthetic: bool = False) -> Iterator[DevPage]:
    """Every page of the development set with its key, in MANIFEST order; lorem-ipsum feature
    tests of readability are left out unless *synthetic* (they are no one's article)."""
    root = require_devset(root)
    with (root / "MANIFEST.tsv").open(encoding="utf-8", newline="") as manifest:
        rows = [row for row in csv.DictReader(manifest, delimiter="\t") if row["role"] == "page"]
    for row in rows:
        name = row["page"].split(":", 1)[0]
        if name not in sets or (not synthetic and "synthetic feature test" in row["note"]):
            continue
        raw = (root / row["path"]).read_bytes()
        html = gzip.decompress(raw) if row["path"].endswith(".gz") else raw
        body, kind, title, date = _KEYS[name](root, row)
        yield DevPage(
            page=row["page"],
            set=name,
            url=row["url"] or f"https://{name}.invalid/{Path(row['path']).stem}",
            html=html,
            language=(row["lang_declared"] or "").split("-")[0].split("_")[0].lower(),
            script=row["script"] or "none",
            body=body,
            body_kind=kind,
            title=title,
            date=date,
        )
