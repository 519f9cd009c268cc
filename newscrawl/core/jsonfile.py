"""JSON files that are whole or absent: written beside, then renamed over (a reader never sees half)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def write_json(path: Path, data: Any, *, durable: bool = False, newline: bool = False, **dumps: Any) -> None:
    """*data* as JSON at *path*, atomically (``<name>.tmp`` then ``os.replace``).

    *dumps* are ``json.dumps`` options (``ensure_ascii`` is False unless given); *durable*
    fsyncs before the rename (the file must survive a power cut); *newline* ends the file with one.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "x.json"
    >>> write_json(target, {"سرخی": 1}, indent=1)
    >>> target.read_text(encoding="utf-8"), sorted(p.name for p in target.parent.iterdir())
    ('{\\n "سرخی": 1\\n}', ['x.json'])
    """
    text = json.dumps(data, **{"ensure_ascii": False, **dumps}) + ("\n" if newline else "")
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as stream:
        stream.write(text)
        if durable:
            stream.flush()
            os.fsync(stream.fileno())
    os.replace(tmp, path)


def load_json(path: Path, default: Any) -> Any:
    """The JSON at *path*, or *default* when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default
