"""Write the contract fixtures: a few article pages per named site and the record each must yield.

``python -m devtools.mirror.sites.fixtures`` regenerates ``fixtures/sites/<site>/<id>.html``
and ``<id>.json`` from the mirror generator. The JSON is the page's ground truth (what the
generator put on the page for a reader to see), never the crawler's output: read its
``git diff`` against the page before committing it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from devtools.mirror.article import FIXTURES
from devtools.mirror.sites import NAMES, build_site

OUT = FIXTURES / "sites"
PER_SITE = 2
# BBC: a CPS media page (epoch seconds, promo summary) and the synthetic optimo test article
# (inline link, mojibake video title); the other BBC pages are large.
CHOSEN = {"bbcurdu": ("pakistan-49644768", "cwgq7rzv172o")}


def fixture_pages(name: str) -> list[tuple[str, bytes, dict[str, object]]]:
    """(file stem, page bytes, expected record) for the site's chosen articles."""
    built = build_site(name)
    chosen = CHOSEN.get(name)
    articles = [a for a in built.articles if a.article_id in chosen] if chosen else built.articles[:PER_SITE]
    return [(a.article_id, built.routes[a.path][2], a.expected()) for a in articles]


def write(out: Path = OUT) -> list[Path]:
    written = []
    for name in NAMES:
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        for stem, page, record in fixture_pages(name):
            (folder / f"{stem}.html").write_bytes(page)
            (folder / f"{stem}.json").write_text(
                json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            written += [folder / f"{stem}.html", folder / f"{stem}.json"]
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    for path in write(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
