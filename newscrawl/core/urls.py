"""URL canonicalization and link clean-up, shared by spiders, loaders and pipelines."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from w3lib.url import canonicalize_url as _w3lib_canonicalize, url_query_cleaner

# Query parameters that identify a campaign or a click, never a page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref_src",
        "cmpid",
        "ocid",
        "spm",
    }
)
TRACKING_PREFIXES = ("utm_",)
# Session ids: one visitor's visit, never a page (each would spend the page budget on a copy).
SESSION_PARAMS = frozenset({"jsessionid", "phpsessid", "aspsessionid", "sessionid", "session_id", "sid"})
# ;jsessionid=... in the path (Java servlets), before the query
_PATH_SESSION = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)

# onclick="window.open('/ar/doc/news/712282/','_blank')" and javascript:...('/url') links
_JS_URL = re.compile(r"""(?:window\.open|location(?:\.href)?\s*=|location\.assign)\s*\(?\s*['"]([^'"]+)['"]""")
# "ur/news/123/" written without its leading slash: root-relative in intent.
_BARE_EDITION_PATH = re.compile(r"^(?:[a-z]{2,3})/")


def is_tracking_param(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name in SESSION_PARAMS or name.startswith(TRACKING_PREFIXES)


# Canonical forms of URLs seen lately. Hand-written rather than functools.lru_cache so
# that each result is stored as its own key too: canonicalization is idempotent, and a
# URL is canonicalized again after it has become canonical (listing link -> request ->
# response.url -> item url; read-also link -> request). w3lib costs 15-20 µs per
# percent-encoded Urdu URL.
_CANONICAL: dict[str, str] = {}
_CANONICAL_MAX = 8192


def canonicalize_url(url: str) -> str:
    """Drop tracking parameters, session ids and fragments, then let w3lib canonicalize.

    >>> canonicalize_url("HTTP://WWW.Example.com/ur/news/12/%d9%be?utm_source=x&b=2&a=1#top")
    'http://www.example.com/ur/news/12/%D9%BE?a=1&b=2'
    >>> canonicalize_url("http://example.com/ur/archive;jsessionid=A1?fbclid=abc&PHPSESSID=9&page=2")
    'http://example.com/ur/archive?page=2'
    """
    canonical = _CANONICAL.get(url)
    if canonical is None:
        canonical = _canonicalize(url)
        if len(_CANONICAL) >= _CANONICAL_MAX:
            _CANONICAL.clear()
        _CANONICAL[url] = _CANONICAL[canonical] = canonical
    return canonical


def clear_canonical_cache() -> None:
    """Forget every cached URL (benchmarks time each page cold)."""
    _CANONICAL.clear()


def _canonicalize(url: str) -> str:
    if ";" in url:
        url = _PATH_SESSION.sub("", url)
    query = urlsplit(url).query
    if query:
        tracking = [name for name, _ in parse_qsl(query, keep_blank_values=True) if is_tracking_param(name)]
        if tracking:
            url = url_query_cleaner(url, tracking, remove=True, keep_fragments=True)
    return _w3lib_canonicalize(url)


def clean_link(value: str) -> str | None:
    """A LinkExtractor ``process_value``: real URLs out of JS links, bare paths rooted.

    >>> clean_link("window.open('/ar/doc/news/712282/','_blank');")
    '/ar/doc/news/712282/'
    >>> clean_link("ur/news/5/")
    '/ur/news/5/'
    >>> clean_link("javascript:void(0)") is None
    True
    >>> clean_link("mailto:desk@example.com") is None
    True
    """
    value = value.strip()
    match = _JS_URL.search(value)
    if match:
        value = match.group(1)
    elif value.lower().startswith(("javascript:", "mailto:", "tel:", "data:", "file:", "#")):
        return None
    if _BARE_EDITION_PATH.match(value):
        value = "/" + value
    return value or None


def host_of(url: str) -> str:
    """The lower-cased host name of *url*, without port or ``www.``.

    >>> host_of("https://WWW.IslamTimes.com:443/ur/")
    'islamtimes.com'
    """
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def on_hosts(host: str, domains: tuple[str, ...] | list[str]) -> bool:
    """*host* (lower-cased) is one of *domains* or a subdomain of one.

    >>> on_hosts("m.islamtimes.com", ("islamtimes.com",)), on_hosts("evilislamtimes.com", ("islamtimes.com",))
    (True, False)
    """
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def url_patterns(path_patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Path regexes -> URL regexes: LinkExtractor searches the absolute URL.

    >>> url_patterns((r"^/ur/$", r"[?&]q="))
    ('^[a-z][a-z0-9+.-]*://[^/]+/ur/$', '[?&]q=')
    """
    return tuple(r"^[a-z][a-z0-9+.-]*://[^/]+" + p[1:] if p.startswith("^") else p for p in path_patterns)
