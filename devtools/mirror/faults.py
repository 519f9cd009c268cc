"""Fault injection for the mirror: the ways a real news site misbehaves, served for real.

``MirrorServer(faults=True)`` (``python -m newscrawl serve --faults``) adds one
article-shaped route per fault, ``/ur/news/13000NN/<name>``, and links every one
of them from the home page ``/ur/``, so a crawl discovers them the way it
discovers real articles. Every good mirror page stays as it is.

Pages that carry an article (the retried, the truncated, the deeply nested ...)
are a real mirror article with its headline and canonical URL made unique, so
deduplication never mistakes one for the article it was made from.

``robots="503"`` or ``robots="timeout"`` makes ``/robots.txt`` fail instead.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import unquote, urlsplit

#: fault name -> article id; the route is /ur/news/<id>/<name>
FAULTS: dict[str, int] = {
    name: 1300001 + index
    for index, name in enumerate(
        (
            "slow",
            "reset",
            "unavailable-once",
            "throttled",
            "redirect-loop",
            "offsite-redirect",
            "offsite-meta-refresh",
            "private-redirect",
            "file-redirect",
            "huge",
            "huge-stream",
            "gzip-bomb",
            "pdf",
            "image",
            "empty",
            "garbage",
            "truncated",
            "deep-nesting",
            "invalid-utf8",
            "charset-conflict",
        )
    )
}
#: linked from the home page but never served: the crawler must not go there
OUT_OF_SCOPE_LINKS = (
    "http://127.0.0.1:1/ur/news/1300097/loopback-other-port",
    "http://10.0.0.1/ur/news/1300098/private-network",
    "http://[::1]:1/ur/news/1300099/loopback-v6",
    "file:///etc/passwd",
    "data:text/html,<h1>x</h1>",
    "javascript:alert(1)",
    "ftp://127.0.0.1/ur/news/1300096/ftp",
)
SOURCE_PAGE = "/ur/news/1211802/%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86-%D8%A7%D9%88%D8%B1-%DB%8C%D9%88-%D8%A7%DB%92"
SLOW_SECONDS = 6.0  # beyond any download timeout a test sets (2 s)
RETRY_AFTER_SECONDS = 2  # what the throttled page asks for
HUGE_BYTES = 4 * 1024 * 1024
BOMB_MEMBER_BYTES = 64 * 1024 * 1024  # one gzip member of zeros ...
BOMB_MEMBERS = 32  # ... repeated: 2 GiB inflated from ~2 MB on the wire
DEEP_NESTING = 10_000


def fault_path(name: str) -> str:
    """The route of a fault.

    >>> fault_path("slow")
    '/ur/news/1300001/slow'
    """
    return f"/ur/news/{FAULTS[name]}/{name}"


@lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    """A gzip body of ~2 MB that inflates to 2 GiB: concatenated members, each 64 MiB of zeros."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    member = b"".join([compressor.compress(zeros) for _ in range(BOMB_MEMBER_BYTES >> 20)] + [compressor.flush()])
    return member * BOMB_MEMBERS


class Faults:
    """The fault routes of one server, with the per-path state (503-then-200) and hit times."""

    def __init__(self, site: Any, enabled: bool = True, robots: str | None = None) -> None:
        if robots not in (None, "503", "timeout"):
            raise ValueError(f"robots must be 503 or timeout, got {robots!r}")
        self.enabled = enabled
        self.robots = robots
        self.hits: dict[str, list[float]] = defaultdict(list)
        self._lock = threading.Lock()
        status, content_type, body = site.lookup(SOURCE_PAGE)
        self._source = body.decode("utf-8")
        self._home = site.lookup("/ur/")
        self._routes: dict[str, Callable[[BaseHTTPRequestHandler, str], None]] = {
            unquote(fault_path(name)): getattr(self, "_" + name.replace("-", "_")) for name in FAULTS
        }

    # -- dispatch -----------------------------------------------------------------

    def handle(self, handler: BaseHTTPRequestHandler) -> bool:
        """Serve *handler*'s request if it is a fault route; False lets the mirror serve it."""
        path = unquote(urlsplit(handler.path).path)
        if path == "/robots.txt" and self.robots:
            self._hit("robots.txt")
            if self.robots == "timeout":
                _sleep_then_send(handler, SLOW_SECONDS, 200, "text/plain", b"User-agent: *\nDisallow: /\n")
            else:
                _send(handler, 503, "text/plain", b"Service Unavailable")
            return True
        if not self.enabled:
            return False
        if path == "/ur/":
            self._serve_home(handler)
            return True
        name = next(
            (n for p, n in zip(self._routes, FAULTS, strict=True) if path == p or path.startswith(p + "/")), None
        )
        if name is None:
            return False
        self._hit(name)
        try:
            self._routes[unquote(fault_path(name))](handler, name)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up on us, as it should
        return True

    def _hit(self, name: str) -> int:
        with self._lock:
            self.hits[name].append(time.monotonic())
            return len(self.hits[name])

    def _serve_home(self, handler: BaseHTTPRequestHandler) -> None:
        status, content_type, body = self._home
        links = "".join(f'<li><a href="{fault_path(name)}">{name}</a></li>' for name in FAULTS)
        links += "".join(f'<li><a href="{url}">out of scope</a></li>' for url in OUT_OF_SCOPE_LINKS)
        html = body.decode("utf-8").replace("</main>", f'<ul class="faults">{links}</ul></main>', 1)
        _send(handler, status, content_type, html.encode("utf-8"))

    def article(self, name: str) -> str:
        """The source article, its headline and canonical URL made this fault's own."""
        html = self._source.replace(_HEADLINE, f"{_HEADLINE} {name}")
        return html.replace("https://www.islamtimes.com" + SOURCE_PAGE, "https://www.islamtimes.com" + fault_path(name))

    # -- the faults ---------------------------------------------------------------

    def _slow(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        _sleep_then_send(handler, SLOW_SECONDS, 200, _HTML, self.article(name).encode())

    def _reset(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        body = self.article(name).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", _HTML)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        # SO_LINGER 0: close() sends RST instead of FIN, a connection reset mid-body.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.close_connection = True
        handler.connection.close()

    def _unavailable_once(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        if len(self.hits[name]) == 1:
            _send(handler, 503, _HTML, b"<h1>503 Service Unavailable</h1>")
        else:
            _send(handler, 200, _HTML, self.article(name).encode())

    def _throttled(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        if len(self.hits[name]) == 1:
            _send(handler, 429, _HTML, b"<h1>429 Too Many Requests</h1>", {"Retry-After": str(RETRY_AFTER_SECONDS)})
        else:
            _send(handler, 200, _HTML, self.article(name).encode())

    def _redirect_loop(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        hop = len(self.hits[name])  # a new URL every time, as session-id loops do: no dupefilter stops it
        _send(handler, 302, _HTML, b"", {"Location": f"{fault_path(name)}/{hop}"})

    def _offsite_redirect(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        _send(handler, 301, _HTML, b"", {"Location": f"http://example.invalid{fault_path(name)}"})

    def _offsite_meta_refresh(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        page = (
            f'<html><head><meta http-equiv="refresh" content="0; url=http://example.invalid{fault_path(name)}">'
            "</head><body>moved</body></html>"
        )
        _send(handler, 200, _HTML, page.encode())

    def _private_redirect(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        # Same host name as the mirror, another port: Scrapy's offsite check allows it.
        _send(handler, 302, _HTML, b"", {"Location": f"http://127.0.0.1:1{fault_path(name)}"})

    def _file_redirect(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        _send(handler, 302, _HTML, b"", {"Location": "file:///etc/passwd"})

    def _huge(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        _send(handler, 200, _HTML, self.article(name).encode().ljust(HUGE_BYTES, b" "))

    def _huge_stream(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        # No Content-Length: the size is only known by reading, so the limit must apply while reading.
        handler.send_response(200)
        handler.send_header("Content-Type", _HTML)
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        handler.wfile.write(self.article(name).encode())
        chunk = b" " * 65536
        for _ in range(HUGE_BYTES // len(chunk)):
            handler.wfile.write(chunk)

    def _gzip_bomb(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        _send(handler, 200, _HTML, gzip_bomb(), {"Content-Encoding": "gzip"})

    def _pdf(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        _send(handler, 200, "application/pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

    def _image(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
        _send(handler, 200, "image/png", png)

    def _empty(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        _send(handler, 200, _HTML, b"")

    def _garbage(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        _send(handler, 200, _HTML, random.Random(1300016).randbytes(32 * 1024))

    def _truncated(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        html = self.article(name).encode()
        cut = html.index(b'<div class="news-source"') + len(b'<div class="news-')  # mid-tag, after the body
        _send(handler, 200, _HTML, html[:cut])

    def _deep_nesting(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        html = self.article(name)
        start, end = html.index('<div class="news-body">'), html.index('<div class="news-source"')
        nested = "<div>" * DEEP_NESTING + html[start:end] + "</div>" * DEEP_NESTING
        _send(handler, 200, _HTML, (html[:start] + nested + html[end:]).encode())

    def _invalid_utf8(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        html = self.article(name).encode()
        at = html.index("متحدہ".encode())  # inside the first body paragraph
        _send(handler, 200, _HTML, html[:at] + b"\xff\xfe\xc3\x28 " + html[at:])

    def _charset_conflict(self, handler: BaseHTTPRequestHandler, name: str) -> None:
        # The header says windows-1256, the page's meta says utf-8, the bytes are utf-8.
        _send(handler, 200, "text/html; charset=windows-1256", self.article(name).encode())


_HTML = "text/html; charset=utf-8"
_HEADLINE = "پاکستان اور یو اے ای کے درمیان مفاہمت کی مختلف یادداشتوں پر دستخط"


def _send(
    handler: BaseHTTPRequestHandler, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def _sleep_then_send(
    handler: BaseHTTPRequestHandler, seconds: float, status: int, content_type: str, body: bytes
) -> None:
    time.sleep(seconds)
    try:
        _send(handler, status, content_type, body)
    except (BrokenPipeError, ConnectionResetError):
        pass
