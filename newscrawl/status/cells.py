"""How one value is written in a cell of the status page: an exit code, a time, an age, a size.

Every string goes through :func:`html.escape` here, as in page.py.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any


def exit_code(code: Any) -> str:
    return "-" if code is None else escape(str(code))


def when(iso: str | None) -> str:
    return "-" if not iso else escape(iso.replace("T", " ").replace("+00:00", " UTC"))


def ago(iso: str | None, now: datetime) -> str:
    """'3 h ago' with the UTC time on hover."""
    if not iso:
        return "never"
    try:
        then = datetime.fromisoformat(iso)
    except ValueError:
        return escape(iso)
    seconds = (now - then).total_seconds()
    words = (
        "just now"
        if seconds < 90
        else f"{seconds / 60:.0f} min ago"
        if seconds < 5400
        else f"{seconds / 3600:.0f} h ago"
        if seconds < 172800
        else f"{seconds / 86400:.0f} days ago"
    )
    return f'<span title="{when(iso)}">{words}</span>'


def size(count: int) -> str:
    """A byte count for a reader.

    >>> size(512), size(1536), size(3 * 1024**3)
    ('512 B', '1.5 kB', '3.0 GB')
    """
    value = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "B" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value} B"
