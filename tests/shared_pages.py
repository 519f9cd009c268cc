"""The team's shared pages (``../shared/`` beside the checkout), read in place.

The reference article, the seed text and the saved real homepages define the "Islam
Times style"; shared/realpages/README.md asks that they be read from there, not copied
into the project. CI has shared/ beside its clone; a clone without it gets this one
clear failure per test instead of a FileNotFoundError.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        pytest.fail(f"{path} is missing: these tests read the team's shared/ folder, "
                    f"which must sit beside the checkout (as in CI)", pytrace=False)
    return path
