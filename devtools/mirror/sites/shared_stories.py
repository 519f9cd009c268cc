"""Stories that several outlets ran: VOA Urdu and Express copy or rewrite Islam Times stories.

The named sites' mirrors are 2018 home pages; these few articles are of 2025, told after the
Islam Times original (the demo mirror's corpus, ``fixtures/source/articles.json``) by the
sub-editor's rules of :mod:`devtools.stories_set`: a verbatim copy under the outlet's
dateline, the outlet's own headline over the same text, a shortened rewrite, a reworded
one with a quote added. They are listed in the site's sitemap (not its 2018 home page), as
a later story is, so a crawl of the three mirrors and ``export --stories --since 2024-10-01``
gives exactly the stories below (:data:`SHARED`): tests/e2e/test_stories_e2e.py.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from devtools.mirror.article import FIXTURES
from devtools.mirror.sites.styles import PKT, Article
from devtools.stories_set import OUTLETS, outlet_version

#: (Islam Times corpus id, site, the outlet's version, minutes after the original)
SHARED: tuple[tuple[str, str, str, int], ...] = (
    ("1211873", "urduvoa", "verbatim", 50),  # told by three outlets: a copy ...
    ("1211873", "express", "reworded_quote", 140),  # ... and a rewrite
    ("1211477", "express", "own_headline", 95),  # a copy under Express's own headline
    ("1210747", "urduvoa", "shortened", 180),  # a shortened rewrite
)
FIRST_ID = 9_100_001  # the outlets' own article ids for these stories: far above their 2018 ones
PATHS = {"urduvoa": "/a/{id}.html", "express": "/story/{id}/"}


def shared_articles(site: str) -> list[Article]:
    """The outlet's versions of the shared stories, newest first as the mirror's plan is."""
    if site not in PATHS:
        return []
    corpus = {a["id"]: a for a in json.loads((FIXTURES / "source" / "articles.json").read_text(encoding="utf-8"))}
    expected = json.loads((FIXTURES / "expected" / "articles.json").read_text(encoding="utf-8"))["articles"]
    published = {a["article_id"]: datetime.fromisoformat(a["published_at"]) for a in expected}
    dateline = dict(OUTLETS)[site]
    articles = []
    for number, (story, outlet, kind, minutes) in enumerate(SHARED):
        if outlet != site:
            continue
        article_id = str(FIRST_ID + number)
        headline, paragraphs = outlet_version(kind, corpus[story], dateline, number)
        local = (published[story] + timedelta(minutes=minutes)).astimezone(PKT)
        articles.append(Article(site, article_id, [PATHS[site].format(id=article_id)], headline, local, paragraphs))
    return sorted(articles, key=lambda article: article.local, reverse=True)
