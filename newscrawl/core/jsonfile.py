"""JSON files that are whole or absent: written beside, then renamed over (a reader never sees half)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def write_json(path: Path, data: Any, *, durable: bool = False, newline: bool = False, **dumps: Any) -> None:
    """*data* as JSON at *path*, atomically (:func:`replace_file`).

    *dumps* are ``json.dumps`` options (``ensure_ascii`` is False unless given); *durable*
    fsyncs before the rename (the file must survive a power cut); *newline* ends the file with one.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "x.json"
    >>> write_json(target, {"سرخی": 1}, indent=1)
    >>> target.read_text(encoding="utf-8"), sorted(p.name for p in target.parent.iterdir())
    ('{\\n "سرخی": 1\\n}', ['x.json'])
    """
    replace_file(path, json.dumps(data, **{"ensure_ascii": False, **dumps}) + ("\n" if newline else ""), durable)


def replace_file(path: Path, text: str, durable: bool = False) -> None:
    """Write *text* beside *path*, then rename it over *path*: a reader never sees half a file.

    The temporary name is hidden and names the process, so two writers never share one; it is
    removed when the write fails (a full disk, a read-only directory), and the OSError raised.
    *durable* fsyncs before the rename (the file must survive a power cut).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as stream:
            stream.write(text)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def load_json(path: Path, default: Any) -> Any:
    """The JSON at *path*, or *default* when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default
