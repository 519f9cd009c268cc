"""Inline SVG charts for the status page: bars, strips and sparklines, drawn as plain markup.

Drawn here rather than with matplotlib (already a dependency, for the dataset card's PNG):
an SVG element per bar carries its own ``<title>`` (the figure on hover, no JavaScript),
scales with the page, and ninety bars of nine sites cost a few kilobytes of text instead of
a rendering pass per chart. Every title is escaped here; callers pass plain text.
"""

from __future__ import annotations

from html import escape
from collections.abc import Sequence

GREEN, AMBER, RED, GREY, BLUE, INK = "#2e7d32", "#e69500", "#c62828", "#c9c9c9", "#3867a8", "#555"
#: run severity (newscrawl.status.aggregate.severity) to colour; None: no run that day
SEVERITY_COLOURS = {0: GREEN, 1: AMBER, 2: RED, None: GREY}


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{escape(label)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">' + "".join(body) + "</svg>"
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, title: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}">'
        f"<title>{escape(title)}</title></rect>"
    )


def bars(
    values: Sequence[float],
    colours: Sequence[str],
    titles: Sequence[str],
    label: str,
    height: int = 90,
    bar: float = 6,
    left: str = "",
    right: str = "",
) -> str:
    """A bar chart with its largest value written at the top left and labels under the first and last bar.

    >>> '<title>3 May: 4</title>' in bars([4], [GREEN], ["3 May: 4"], "articles")
    True
    """
    top = max(values, default=0) or 1
    plot = height - 26
    width = int(len(values) * bar) + 2
    body = [
        f'<text x="1" y="10" class="axis">{escape(_number(top))}</text>',
        f'<line x1="0" y1="{height - 14}" x2="{width}" y2="{height - 14}" stroke="{GREY}"/>',
    ]
    for index, (value, colour, title) in enumerate(zip(values, colours, titles, strict=True)):
        size = max(value / top * plot, 1.5 if value else 0)
        body.append(_rect(index * bar + 1, height - 14 - size, bar - 1, size, colour, title))
        if not value:  # a day with nothing still shows whether runs came (its colour) on the axis
            body.append(_rect(index * bar + 1, height - 13, bar - 1, 3, colour, title))
    body.append(f'<text x="1" y="{height - 1}" class="axis">{escape(left)}</text>')
    body.append(f'<text x="{width - 1}" y="{height - 1}" class="axis" text-anchor="end">{escape(right)}</text>')
    return _svg(width, height, label, body)


def strip(values: Sequence[float | None], titles: Sequence[str], label: str, cell: int = 10) -> str:
    """One row of cells, a cell per run, from red (0%) to green (100%); grey where not measured."""
    width = len(values) * cell or cell
    body = [
        _rect(index * cell, 0, cell - 1, 14, GREY if value is None else share_colour(value), title)
        for index, (value, title) in enumerate(zip(values, titles, strict=True))
    ]
    return _svg(width, 14, label, body)


def sparkline(values: Sequence[int], titles: Sequence[str], label: str, bar: float = 2, height: int = 16) -> str:
    """Tiny bars, one per day, for a table cell."""
    top = max(values, default=0) or 1
    width = int(len(values) * bar) or 1
    body = [
        _rect(index * bar, height - value / top * height, bar, value / top * height, INK, title)
        for index, (value, title) in enumerate(zip(values, titles, strict=True))
        if value
    ]
    body.insert(0, f'<line x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}" stroke="{GREY}"/>')
    return _svg(width, height, label, body)


def share_colour(value: float) -> str:
    """Red at 0, amber at one half, green at 1 (a field's coverage at a glance).

    >>> share_colour(0.0), share_colour(1.0)
    ('#c62828', '#2e7d32')
    """
    low, high = (RED, AMBER) if value < 0.5 else (AMBER, GREEN)
    part = value * 2 if value < 0.5 else (value - 0.5) * 2
    mixed = (
        round(int(low[i : i + 2], 16) + (int(high[i : i + 2], 16) - int(low[i : i + 2], 16)) * part) for i in (1, 3, 5)
    )
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
