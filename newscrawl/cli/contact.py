"""Who runs the crawl: the contact a live site's operator can reach, and the user agent naming it."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from newscrawl import __version__
from newscrawl.config import ConfigError


def user_agent(contact: str) -> str:
    """The user agent of a crawl run by *contact*.

    >>> user_agent("https://example.org/urdu-media").endswith(" (+https://example.org/urdu-media)")
    True
    """
    return f"newscrawl/{__version__} (+{contact})"


def check_contact(contact: str) -> str:
    """A contact an operator can use: an http(s) URL or an e-mail address.

    >>> check_contact("me@uni.edu.pk"), check_contact("https://example.org/project")
    ('me@uni.edu.pk', 'https://example.org/project')
    >>> check_contact("me")
    Traceback (most recent call last):
    ...
    newscrawl.config.ConfigError: contact 'me' must be a URL (https://...) or an e-mail address, for the site's operator to reach you
    """
    parts = urlsplit(contact)
    is_url = parts.scheme in ("http", "https") and bool(parts.hostname)
    local, at, domain = contact.partition("@")
    is_mail = bool(at and local and "." in domain and not any(c.isspace() for c in contact))
    if not (is_url or is_mail) or any(c in contact for c in "()\r\n"):
        raise ConfigError(
            f"contact {contact!r} must be a URL (https://...) or an e-mail address, for the site's operator to reach you"
        )
    return contact


def is_loopback(url: str) -> bool:
    """A crawl of this machine (a mirror): no operator to tell who we are.

    >>> is_loopback("http://127.0.0.1:8000"), is_loopback("http://localhost/"), is_loopback("https://jang.com.pk")
    (True, True, False)
    """
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
