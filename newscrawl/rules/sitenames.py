"""The site's own name, as a page declares it, and "is this headline only the site's name?".

A JavaScript shell or a soft 404 often has no headline but the site's name (``<h1>`` of the
logo, ``<title>اسلام ٹائمز</title>``). The names come from the spider (``site_names``
selectors), ``og:site_name``, JSON-LD ``publisher.name`` and the ``<title>`` affix the site
puts on every page (``headline - اسلام ٹائمز``): an affix counts only once two pages of the
run share it, because the other part of a title is the page's own headline.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from newscrawl.core.text import normalize_urdu

# Separators sites put between a page title and the site name.
_TITLE_SEPARATORS = re.compile(r"\s+[-–—|:·•»«]+\s+|\s*[|•]\s*")
_MAX_JSONLD_CHARS = 200_000  # a JSON-LD block larger than this is not read for a name


@lru_cache(maxsize=8192)
def name_key(text: str | None) -> str:
    """A spelling-proof form of a name: normalized Urdu, casefolded, no punctuation or spaces.
    Remembered: the site's few names are keyed for every record the gate judges.

    >>> name_key(" اسلام ٹائمز ") == name_key("اسلام\u200cٹائمز!") == name_key("اسلام ٹائمز")
    True
    >>> name_key("Islam-Times") == name_key("islam times")
    True
    >>> name_key("اسلام تايمز") == name_key("اسلام تائمز")  # different letters stay different
    False
    """
    return normalize_urdu(text).casefold().translate(_NAME_CHARACTERS)


class _NameCharacters(dict[int, int | None]):
    """``str.translate`` table of name_key: letters, digits and combining marks kept, the rest dropped.
    Filled as characters are met, so translate looks each one up in C after its first time."""

    def __missing__(self, code: int) -> int | None:
        category = unicodedata.category(chr(code))
        kept = code if category[0] in "LN" or category == "Mn" else None
        self[code] = kept
        return kept


_NAME_CHARACTERS = _NameCharacters()


def is_only_site_name(headline: str | None, names: Iterable[str]) -> bool:
    """True when *headline* is nothing but one or more of the site's *names*.

    >>> names = ["اسلام ٹائمز", "Islam Times"]
    >>> is_only_site_name("اسلام ٹائمز", names), is_only_site_name("ISLAM TIMES |", names)
    (True, True)
    >>> is_only_site_name("Islam Times - اسلام ٹائمز", names)
    True
    >>> is_only_site_name("اسلام ٹائمز کی رپورٹ پر حکومت کا ردعمل", names)
    False
    >>> is_only_site_name("", names)
    False
    """
    return _only_names(name_key(headline), name_keys(names))


def name_keys(names: Iterable[str]) -> list[str]:
    """The names' keys, longest first: the order is_only_site_name takes them out of a headline in."""
    return sorted({key for key in map(name_key, names) if key}, key=len, reverse=True)


def _only_names(key: str, keys: list[str]) -> bool:
    if not key:
        return False
    for name in keys:
        key = key.replace(name, "")
        if not key:
            return True
    return False


def declared_names(root: Any) -> Iterator[str]:
    """The names a page declares for its site outright: ``og:site_name``, JSON-LD publisher."""
    yield from _declarations(root)[0]


#: ``<meta name>`` values that name the site (besides ``og:site_name``)
_APP_NAMES = frozenset({"application-name", "apple-mobile-web-app-title"})


def _declarations(root: Any) -> tuple[list[str], list[str]]:
    """(what the page declares as the site's name, the texts of its ``<title>``), in one pass over
    the document for the three tags (``iter`` filters in C); four whole-document XPath searches
    cost 0.8 ms on a real-weight page. The same answers as those searches: ``og:site_name``
    metas, then ``application-name`` ones, then JSON-LD publishers; every ``<title>``'s text.
    """
    site_names: list[str] = []
    app_names: list[str] = []
    scripts: list[str] = []
    titles: list[Any] = []
    for element in root.getroottree().iter("meta", "script", "title"):
        tag = element.tag
        if tag == "meta":
            content = element.get("content")
            if content is not None:
                if element.get("property") == "og:site_name" or element.get("name") == "og:site_name":
                    site_names.append(content)
                if element.get("name") in _APP_NAMES:
                    app_names.append(content)
        elif tag == "script":
            if element.get("type") == "application/ld+json":
                scripts.extend(element.xpath("text()") if len(element) else [element.text] if element.text else [])
        else:
            titles.append(element)
    names = site_names + app_names
    for script in scripts:
        if len(script) > _MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue
        names.extend(_publisher_names(data, depth=0))
    if any(len(title) for title in titles):  # markup inside a <title> (an SVG one): each text once, as XPath reads
        return names, root.xpath("//title//text()")
    return names, [title.text for title in titles if title.text]


def _publisher_names(data: Any, depth: int) -> Iterator[str]:
    if depth > 6:  # a name sits a few levels down; deeper is not worth walking
        return
    if isinstance(data, list):
        for entry in data:
            yield from _publisher_names(entry, depth + 1)
    elif isinstance(data, dict):
        kind = data.get("@type")
        for field in ("publisher", "sourceOrganization"):
            if isinstance(data.get(field), dict) and isinstance(data[field].get("name"), str):
                yield data[field]["name"]
        if kind in ("Organization", "NewsMediaOrganization", "WebSite") and isinstance(data.get("name"), str):
            yield data["name"]
        if "@graph" in data:
            yield from _publisher_names(data["@graph"], depth + 1)


def title_affixes(root: Any) -> list[str]:
    """The first and last part of a ``<title>`` split at a separator (one of them is the site).

    >>> from lxml import html
    >>> title_affixes(html.fromstring("<title>سرخی یہاں - اسلام ٹائمز</title>"))
    ['سرخی یہاں', 'اسلام ٹائمز']
    >>> title_affixes(html.fromstring("<title>اسلام ٹائمز</title>"))
    []
    """
    return _affixes(_declarations(root)[1])


def _affixes(texts: list[str]) -> list[str]:
    title = normalize_urdu(" ".join(texts))
    parts = [part for part in _TITLE_SEPARATORS.split(title) if part.strip()]
    if len(parts) < 2:
        return []
    return [parts[0].strip(), parts[-1].strip()]


class SiteNames:
    """Every name the run has seen for its site: the spider's, the pages' own, recurring title affixes."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names: set[str] = {name for name in names if name_key(name)}
        self._keys: tuple[int, list[str]] = (-1, [])  # name_keys(self.names) and len(self.names) then
        # affix key -> the other parts of the titles it stood beside (two are enough)
        self._partners: dict[str, set[str]] = {}

    def learn(self, root: Any) -> None:
        """Take the names one page declares; a title affix once it stood beside two other titles.

        A repeated headline (a syndicated copy: the same title on two pages) stands beside the
        same site name both times, so it never becomes a name; the site name does.
        """
        declared, titles = _declarations(root)
        self.names.update(name for name in (normalize_urdu(n) for n in declared) if name_key(name))
        affixes = _affixes(titles)
        if not affixes:
            return
        first, last = affixes
        for affix, partner in ((first, last), (last, first)):
            key = name_key(affix)
            partners = self._partners.setdefault(key, set())
            if len(partners) < 2:
                partners.add(name_key(partner))
                if len(partners) == 2:
                    self.names.add(affix)
        if len(self._partners) > 10_000:  # headlines (one page each) are the bulk: forget them
            self._partners = {k: v for k, v in self._partners.items() if len(v) > 1}

    def is_only_name(self, headline: str | None) -> bool:
        """is_only_site_name(headline, self.names), the names' keys sorted once per change of the
        names, not for every record (names are only ever added, so a change changes their count).

        >>> site = SiteNames(["اسلام ٹائمز"])
        >>> site.is_only_name("Islam Times")
        False
        >>> site.names.add("Islam Times")
        >>> site.is_only_name("Islam Times")
        True
        """
        size, keys = self._keys
        if size != len(self.names):
            self._keys = size, keys = len(self.names), name_keys(self.names)
        return _only_names(name_key(headline), keys)
