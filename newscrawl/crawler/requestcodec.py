"""Requests as JSON data: the one codec for every request the project stores outside the process.

Held listing requests (``held-requests.json``, newscrawl.crawler.budget) and the
shared Redis frontier (newscrawl.distributed.frontier) both store requests with
it. A stored request is data, never code: no pickle, and no ``_class`` outside
Scrapy's own request classes (``request_from_dict`` imports whatever ``_class``
names and calls it). Callbacks are names resolved on the spider, as Scrapy's
``request_from_dict`` does. Header and body bytes are stored as Latin-1 text,
which round-trips every byte; ``meta`` and ``cb_kwargs`` keep their JSON-safe
values (everything the project puts there) and drop the rest.

Anything that does not decode raises :class:`UndecodableRequest`, so the caller
counts it and sets it aside instead of wedging on it.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy import Request, Spider
from scrapy.utils.request import request_from_dict

#: the only request classes a stored request may name (Scrapy's own)
ALLOWED_CLASSES = frozenset(
    {
        "scrapy.http.request.Request",
        "scrapy.http.request.form.FormRequest",
        "scrapy.http.request.json_request.JsonRequest",
    }
)


class UndecodableRequest(ValueError):
    """A stored request that is not one this codec wrote (garbage, a pickle, a foreign class)."""


def _json_safe(values: dict[str, Any] | None) -> dict[str, Any]:
    kept = {}
    for name, value in (values or {}).items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            continue  # a runtime object of this process, not needed to fetch the page again
        kept[name] = value
    return kept


def request_to_data(request: Request, spider: Spider | None = None) -> dict[str, Any]:
    """The request as JSON-safe data.

    >>> request_to_data(Request("https://a.pk/x", meta={"is_article": True}))["meta"]
    {'is_article': True}
    """
    data = _to_dict(request, spider)
    data["headers"] = {
        name.decode("latin-1"): [value.decode("latin-1") for value in values]
        for name, values in data["headers"].items()
    }
    data["body"] = data["body"].decode("latin-1")
    data["meta"] = _json_safe(data.get("meta"))
    data["cb_kwargs"] = _json_safe(data.get("cb_kwargs"))
    return data


def _to_dict(request: Request, spider: Spider | None) -> dict[str, Any]:
    """``request.to_dict(spider=spider)``, at a fraction of its cost.

    Scrapy names a callback by ``inspect.getmembers`` over the whole spider, for the callback
    and again for the errback: measured 1.4 ms a call, 5% of a Redis worker's CPU. A method of
    the spider carries its own name, checked here in O(1); any other callback (not one of the
    spider's methods) goes to Scrapy's ``to_dict``, which names it or raises as before. The rest
    is what ``to_dict`` writes (tests/crawler/test_requestcodec.py compares the two).
    """
    names: list[Any] = []
    for function in (request.callback, request.errback):
        if not callable(function):
            names.append(function)
            continue
        name = getattr(function, "__name__", "")
        own = getattr(spider, name, None) if spider is not None and name else None
        underlying = getattr(function, "__func__", None)
        if underlying is None or getattr(own, "__func__", None) is not underlying:
            return request.to_dict(spider=spider)
        names.append(name)
    data: dict[str, Any] = {
        "url": request.url,
        "callback": names[0],
        "errback": names[1],
        "headers": dict(request.headers),
    }
    for attribute in request.attributes:
        data.setdefault(attribute, getattr(request, attribute))
    if type(request) is not Request:
        data["_class"] = f"{type(request).__module__}.{type(request).__name__}"
    return data


def request_from_data(data: Any, spider: Spider | None = None) -> Request:
    """The request :func:`request_to_data` described; UndecodableRequest for anything else.

    >>> request_from_data(request_to_data(Request("https://a.pk/x", method="POST", body=b"\\xff"))).body
    b'\\xff'
    >>> request_from_data({"url": "https://a.pk/", "_class": "os.system"})
    Traceback (most recent call last):
    ...
    newscrawl.crawler.requestcodec.UndecodableRequest: request class os.system is not allowed
    """
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        raise UndecodableRequest("not a stored request (no url)")
    data = dict(data)
    if "_class" in data and data["_class"] not in ALLOWED_CLASSES:
        raise UndecodableRequest(f"request class {data['_class']} is not allowed")
    try:
        if isinstance(data.get("body"), str):
            data["body"] = data["body"].encode("latin-1")
        headers = data.get("headers")
        if isinstance(headers, dict):
            data["headers"] = {
                str(name).encode("latin-1"): [str(value).encode("latin-1") for value in values]
                for name, values in headers.items()
            }
        return request_from_dict(data, spider=spider)
    except (ValueError, KeyError, AttributeError, TypeError, UnicodeError) as error:  # e.g. a callback renamed
        raise UndecodableRequest(f"{type(error).__name__}: {error}") from error


def encode(request: Request, spider: Spider | None = None) -> bytes:
    """The request as compact UTF-8 JSON (what the Redis frontier stores)."""
    return json.dumps(request_to_data(request, spider), ensure_ascii=False, separators=(",", ":")).encode()


def decode(raw: bytes, spider: Spider | None = None) -> Request:
    """The request *raw* holds; UndecodableRequest for anything else (a pickle is never unpickled)."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise UndecodableRequest(f"not JSON: {error}") from error
    return request_from_data(data, spider)
