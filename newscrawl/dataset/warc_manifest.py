"""``export --with-warc-manifest``: the WARC files behind a dataset, with their SHA-256.

Every exported record names the WARC file holding its raw page (``warc.file``).
The manifest lists each such file once with its SHA-256, size and the number of
records it backs, in ``sha256sum -c`` format (``WARC-SHA256SUMS``), so the raw
bytes of a dataset can be checked and the dataset rebuilt from them with
``newscrawl reextract``. Files are looked up by name under DATA_DIR and any
``--warc-dir``; a file not found is listed as missing (and named on stderr),
never guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newscrawl.dataset.writer import file_sha256

MANIFEST_NAME = "WARC-SHA256SUMS"


def find_warc_files(directories: Iterable[Path]) -> dict[str, Path]:
    """WARC files by base name, searched recursively; the first directory given wins a clash."""
    found: dict[str, Path] = {}
    for directory in directories:
        for pattern in ("*.warc.gz", "*.warc"):
            for path in sorted(directory.rglob(pattern)):
                if path.is_file():
                    found.setdefault(path.name, path)
    return found


def write_manifest(
    records_per_file: Counter[str], without_warc: int, directories: Iterable[Path], out: Path
) -> dict[str, Any]:
    """Write ``WARC-SHA256SUMS`` into *out*; return the manifest for stats.json."""
    found = find_warc_files(directories)
    listed, missing = [], []
    for name in sorted(records_per_file):
        path = found.get(name)
        if path is None:
            missing.append(name)
            continue
        listed.append(
            {"file": name, "sha256": file_sha256(path), "bytes": path.stat().st_size, "records": records_per_file[name]}
        )
    (out / MANIFEST_NAME).write_text(
        "".join(f"{entry['sha256']}  {entry['file']}\n" for entry in listed), encoding="utf-8"
    )
    return {"files": listed, "missing": missing, "records_without_warc": without_warc}
