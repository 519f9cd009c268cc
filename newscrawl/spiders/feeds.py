"""Reading RSS, Atom and RDF feeds into entries (URL, date, title), streamed, bounded, without entities.

The spider (:mod:`newscrawl.spiders.discovery`) decides what an entry becomes and reads the file
off the reactor thread; this module only reads it, as a pure function of the body (no Scrapy, no
stats, safe in a thread). Problems come back as (reason, url, why) for the spider to log and
count as ``newscrawl/discovery/<reason>``; reading goes on with what is left.

Hand-written over lxml ``iterparse`` rather than feedparser: feedparser builds the whole feed
before returning and cannot stop early (a 41 MB feed of a million links took 98 s and 3.4 GB),
while the three fields read here need one pass that stops after the entry budget. The parser
is Scrapy's sitemap one (no entity expansion, no DTD, no network: no XXE, no billion laughs);
each entry is cleared once read, so memory holds the body and one entry.
"""

from __future__ import annotations

import io
from urllib.parse import urljoin
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import lxml.etree
from scrapy.http import TextResponse

from newscrawl.core.urls import clean_link
from newscrawl.spiders.sitemaps import Entry, check_url, w3c_moment

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
FEED_ROOTS = ("rss", "feed", "RDF")
_ENTRY_TAGS = ("{*}item", "{*}entry", "item", "entry")
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
#: an entry's date: its publication first, its last change only when it gives none (RSS, Atom, Dublin Core)
_PUBLISHED = ("pubDate", "published", "date", "issued", "created")
_UPDATED = ("updated", "modified")


@dataclass
class FeedRead:
    """What one feed gave: its entries with a usable link on the site in file order, how many
    were on other hosts (not kept), and its problems."""

    entries: list[Entry] = field(default_factory=list)
    off_site: int = 0
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    bad_entries: int = 0  # the first MAX_NAMED of them are also in problems, named


#: bad entries of one feed named in the log; the rest are only counted (a feed of a million bad ones)
MAX_NAMED = 10


def declared_feeds(response: TextResponse) -> Iterator[str]:
    """Feeds a page declares with ``<link rel="alternate" type="application/rss+xml">`` (absolute URLs)."""
    for link in response.css("link[rel~=alternate][href]"):
        kind = (link.attrib.get("type") or "").split(";")[0].strip().lower()
        href = clean_link(link.attrib["href"])
        if kind in FEED_TYPES and href:
            yield response.urljoin(href)


def read_feed(body: bytes, url: str, max_entries: int, on_site: Callable[[str], bool] = bool) -> FeedRead:
    """The entries of the RSS, RDF or Atom feed *body* served at *url*, at most *max_entries* (0: all).

    Entries whose URL *on_site* refuses are only counted: a feed of a million links elsewhere
    costs neither memory nor the reactor's time.

    >>> item = "<item><title>t{0}</title><link>/ur/news/{0}/x</link><pubDate>Sat, 01 Mar 2025 10:00:00 GMT</pubDate></item>"
    >>> read = read_feed(("<rss><channel>" + "".join(item.format(n) for n in range(3)) + "</channel></rss>").encode(),
    ...                  "http://x.pk/rss", 2)
    >>> [(entry.url, entry.dated.isoformat()) for entry in read.entries]
    [('http://x.pk/ur/news/0/x', '2025-03-01T10:00:00+00:00'), ('http://x.pk/ur/news/1/x', '2025-03-01T10:00:00+00:00')]
    >>> read.problems
    [('feed_entries_cut', 'http://x.pk/rss', 'only its first 2 entries are read')]
    """
    read = FeedRead()
    if b"<!ENTITY" in body[:65536]:
        read.problems.append(("entities_ignored", url, "declares XML entities; they are not expanded"))
    events = lxml.etree.iterparse(
        io.BytesIO(body),
        events=("end",),
        tag=_ENTRY_TAGS,
        recover=True,  # a feed cut mid-entry keeps the entries before the cut, as a sitemap does
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    seen = 0
    try:
        for _, element in events:
            seen += 1
            if max_entries and seen > max_entries:
                read.problems.append(("feed_entries_cut", url, f"only its first {max_entries} entries are read"))
                break
            _read_entry(element, url, read, on_site)
            element.clear(keep_tail=True)
            while element.getprevious() is not None:  # entries read are dropped: memory holds one
                del element.getparent()[0]
    except lxml.etree.XMLSyntaxError as error:  # not XML at all (recover gives up before a root)
        read.problems.append(("invalid_feed", url, str(error)[:200]))
        return read
    if seen == 0:
        root = getattr(events, "root", None)
        name = lxml.etree.QName(root).localname if root is not None else None
        if name in FEED_ROOTS:
            read.problems.append(("empty_feed", url, "no entries"))
        else:
            read.problems.append(("invalid_feed", url, f"root element <{name}> is not a feed"))
    return read


def _read_entry(element: lxml.etree._Element, url: str, read: FeedRead, on_site: Callable[[str], bool]) -> None:
    """One item or entry into *read*: an Entry, or a bad_entry problem when its link is unusable."""
    link, guid, published, updated, title = None, None, None, None, None
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = lxml.etree.QName(child).localname
        text = (child.text or "").strip()
        if name == "link":
            href, rel = child.get("href"), child.get("rel", "alternate")
            if link is None and (href if href is not None else text) and rel == "alternate":
                link = href if href is not None else text  # Atom's href, RSS's text
        elif name == "guid" and guid is None and child.get("isPermaLink", "true") != "false":
            guid = text if text.startswith(("http://", "https://")) else None  # RSS's permalink, if no <link>
        elif name in _PUBLISHED and published is None:
            published = text
        elif name in _UPDATED and updated is None:
            updated = text
        elif name == "title" and title is None:
            title = "".join(child.itertext()).strip()
    link = clean_link(link or guid or element.get(_RDF_ABOUT) or "")
    if not link:  # none, or one that cannot be a link (javascript:)
        _bad_entry(read, url, f"entry {(title or '')[:60]!r} has no usable link")
        return
    try:
        joined = link if link.startswith(("http://", "https://")) else urljoin(url, link)
        check_url(joined)
    except ValueError as error:
        _bad_entry(read, url, f"entry {link[:80]!r} skipped: {error}")
        return
    if not on_site(joined):
        read.off_site += 1
        return
    read.entries.append(Entry(joined, feed_moment(published) or feed_moment(updated), title))


def _bad_entry(read: FeedRead, url: str, why: str) -> None:
    read.bad_entries += 1
    if read.bad_entries <= MAX_NAMED:
        read.problems.append(("bad_entry", url, why))


def feed_moment(text: str | None) -> datetime | None:
    """An entry's date as an aware time: RSS's RFC 822, else a W3C/ISO time (Atom, Dublin Core);
    None when it has none or none a datetime holds (``0000-00-00``, ``9999-12-31T23:59:59-14:00``).

    >>> feed_moment("Sat, 01 Mar 2025 10:00:00 +0500").isoformat()
    '2025-03-01T10:00:00+05:00'
    >>> feed_moment("2025-03-01T10:00:00Z").isoformat()
    '2025-03-01T10:00:00+00:00'
    >>> [feed_moment(bad) for bad in ("0000-00-00", "9999-12-31T23:59:59-14:00", "soon", None)]
    [None, None, None, None]
    """
    if not text:
        return None
    moment: datetime | None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        moment = w3c_moment(text)
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)  # RFC 822's -0000: no zone given, read as UTC
    try:
        moment.astimezone(timezone.utc)  # a time no datetime holds in UTC is no date
    except (OverflowError, ValueError):
        return None
    return moment
