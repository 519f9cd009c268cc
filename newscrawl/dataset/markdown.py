"""Markdown for the dataset card from untrusted text: escaped cells, code spans, tables."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

# Text from run files (site and host names, file names, bad lines) is data, not Markdown:
# escaped by hand because no kept library escapes Markdown (markdown-it and mistune parse it).
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]{}()#+!~])")  # | is escaped by table()


def _visible(text: str) -> str:
    r"""Line breaks and other control characters as escapes: one line stays one line.

    >>> _visible("a\nb\tc")
    'a\\nb\\tc'
    """
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def plain(value: object) -> str:
    r"""Untrusted text as literal Markdown text: no HTML, no links, no emphasis, one line.

    >>> plain("<script>alert(1)</script>")
    '&lt;script&gt;alert\\(1\\)&lt;/script&gt;'
    >>> plain("site\n# heading")
    'site\\\\n\\# heading'
    >>> plain("islamtimes"), plain(42)
    ('islamtimes', '42')
    """
    return html.escape(_MARKDOWN_PUNCTUATION.sub(r"\\\1", _visible(str(value))), quote=False)


def code(value: object) -> str:
    """Untrusted text as an inline code span, fenced by more backticks than it holds.

    >>> code("run.jsonl:3"), code("a`b")
    ('`run.jsonl:3`', '`` a`b ``')
    """
    text = _visible(str(value))
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def table(header: tuple[str, ...], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; ``|`` in cells is escaped.

    >>> print(table(("site", "articles"), [("islamtimes", 3)]))
    | site | articles |
    |---|---|
    | islamtimes | 3 |
    """
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)
