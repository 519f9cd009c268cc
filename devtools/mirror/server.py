"""Serve the bundled mirror site over real HTTP on 127.0.0.1.

Routes come from ``fixtures/site/manifest.json`` (path with query -> file,
status, Content-Type with charset), so a windows-1256 page is served as one
and ``/ur/archive?page=2`` is not ``/ur/archive?page=1``. A query made only of
tracking parameters is ignored, as a real site would. Every request can be
appended to an access log, so tests can see exactly what a crawl fetched.

``python -m newscrawl serve [--port 0] [--access-log FILE] [--faults]
[--robots 503|timeout] [--all-shells] [--site NAME]`` prints the base URL on its first line.
``--faults`` adds the misbehaving routes of ``devtools/mirror/faults.py``; ``--site jang`` serves
a named site's mirror instead (``devtools/mirror/sites/``, generated into a temporary directory).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from devtools.mirror import junk
from devtools.mirror.faults import Faults
from newscrawl.core.urls import is_tracking_param

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "site"


def route_key(path: str, query: str = "") -> str:
    """Routes are matched on the decoded path, so %d9%be and %D9%BE are one page.

    >>> route_key("/ur/news/1/%D9%BE", "")
    '/ur/news/1/پ'
    >>> route_key("/ur/archive", "page=2")
    '/ur/archive?page=2'
    """
    return unquote(path) + (f"?{query}" if query else "")


class MirrorSite:
    """The manifest, loaded once: route key -> (status, content type, bytes)."""

    def __init__(self, root: Path) -> None:
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        for path, route in manifest["routes"].items():
            parts = urlsplit(path)
            self.routes[route_key(parts.path, parts.query)] = (
                route["status"],
                route["content_type"],
                (root / route["file"]).read_bytes(),
            )

    def lookup(self, target: str) -> tuple[int, str, bytes] | None:
        parts = urlsplit(target)
        found = self.routes.get(route_key(parts.path, parts.query))
        if found is None and parts.query:
            kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_param(k)]
            if not kept:
                found = self.routes.get(route_key(parts.path))
        return found


class MirrorHandler(BaseHTTPRequestHandler):
    server: "MirrorServer"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.server.record(self.path)
        if self.server.faults is not None and self.server.faults.handle(self):
            return
        found = self.server.site.lookup(self.path)
        shell = junk.shell_for(urlsplit(self.path).path) if self.server.all_shells and found else None
        if shell is not None:  # the site went JS-only: every article URL answers its shell
            found = (200, "text/html; charset=utf-8", shell)
        if found is None:
            status, content_type, body = 404, "text/html; charset=utf-8", b"<h1>404 Not Found</h1>"
        else:
            status, content_type, body = found
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the access log is ours
        pass


class MirrorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        root: Path = DEFAULT_ROOT,
        port: int = 0,
        access_log: Path | None = None,
        faults: bool = False,
        robots: str | None = None,
        all_shells: bool = False,
    ) -> None:
        self.site = MirrorSite(root)
        self.all_shells = all_shells
        self.faults = Faults(self.site, faults, robots) if faults or robots else None
        self.access_log = access_log
        self.requests: list[str] = []
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", port), MirrorHandler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def record(self, target: str) -> None:
        with self._lock:
            self.requests.append(target)
            if self.access_log:
                with self.access_log.open("a", encoding="utf-8") as log:
                    log.write(target + "\n")


@contextlib.contextmanager
def serving(
    root: Path = DEFAULT_ROOT,
    port: int = 0,
    access_log: Path | None = None,
    faults: bool = False,
    robots: str | None = None,
    all_shells: bool = False,
) -> Iterator[MirrorServer]:
    """Run a MirrorServer in a background thread for the duration of the block."""
    server = MirrorServer(root, port, access_log, faults, robots, all_shells)
    thread = threading.Thread(target=server.serve_forever, name="mirror", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="mirror directory with manifest.json")
    parser.add_argument("--access-log", type=Path, help="append every requested path to this file")
    parser.add_argument("--faults", action="store_true", help="also serve the fault routes (devtools/mirror/faults.py)")
    parser.add_argument("--robots", choices=("503", "timeout"), help="make /robots.txt answer 503 or time out")
    parser.add_argument(
        "--all-shells",
        action="store_true",
        help="answer every article URL with a JavaScript shell (the site changed its layout)",
    )
    parser.add_argument(
        "--site",
        help="serve this named site's mirror (bbcurdu, urduvoa, express, jang, dawnnews, "
        "nawaiwaqt, humsub) instead of the Islam Times one",
    )


def serve_until_interrupted(server: ThreadingHTTPServer, base_url: str) -> int:
    """Print the base URL (the first line a caller reads), then serve until Ctrl-C or SIGTERM."""
    print(base_url, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def missing_mirror(root: Path) -> str | None:
    """Why *root* cannot be served (one line), or None. An installed package has no fixtures/."""
    if (root / "manifest.json").is_file():
        return None
    return (
        f"no mirror at {root} (no manifest.json); the bundled mirror is fixtures/site in the source "
        "checkout: pass --root DIR"
    )


def main(args: argparse.Namespace) -> int:
    if args.site:
        return serve_site(args)
    problem = missing_mirror(args.root)
    if problem:
        print(f"serve: {problem}", file=sys.stderr)
        return 2
    server = _listen(args.root, args)
    if server is None:
        return 2
    return serve_until_interrupted(server, server.base_url)


def _listen(root: Path, args: argparse.Namespace) -> MirrorServer | None:
    try:
        return MirrorServer(root, args.port, args.access_log, args.faults, args.robots, args.all_shells)
    except OSError as error:  # the port is taken, or below 1024 without privileges
        hint = "; choose another with --port N (0: any free port)" if error.errno == errno.EADDRINUSE else ""
        print(f"serve: cannot listen on 127.0.0.1:{args.port}: {error.strerror or error}{hint}", file=sys.stderr)
        return None


def serve_site(args: argparse.Namespace) -> int:
    """``--site NAME``: generate that named site's mirror into a temporary directory and serve it."""
    import tempfile  # noqa: PLC0415

    from devtools.mirror.sites import NAMES, write_site  # noqa: PLC0415 - only with --site

    if args.site not in NAMES:
        print(f"serve: unknown site {args.site!r}: one of {', '.join(NAMES)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix=f"mirror-{args.site}-") as root:
        try:
            write_site(args.site, Path(root))
        except FileNotFoundError as error:  # shared/ (the real home pages) is not beside the checkout
            print(f"serve: {error}", file=sys.stderr)
            return 2
        server = _listen(Path(root), args)
        return 2 if server is None else serve_until_interrupted(server, server.base_url)
