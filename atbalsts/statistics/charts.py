"""Horizontal bar charts drawn on the server as inline SVG (no script, CSP-clean).

The geometry is computed here and drawn by ``statistics/_chart.html``. Each category is a
row of its own: its label on the left, right-aligned against the bars and wrapped onto as
many lines as it needs (so long labels never run into each other or into a bar), then a bar
whose width is proportional to the count, then the count. A hidden cell gets no bar, only
the marker where its count would be, so its length tells nothing; a zero gets no bar and
its 0. A scale of round numbers runs under the bars. The chart is an image to screen
readers (``role="img"``) named by its title and described by a text listing every count;
the table beside it carries the same numbers for reading and copying.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from atbalsts.disclosure import MARKER
from atbalsts.statistics.tables import PublishedTable

WIDTH = 720
FONT_SIZE = 13
# An average glyph of a sans-serif face at FONT_SIZE is about 0.55 em wide; wrapping at
# LABEL_CHARS keeps every label line inside LABEL_WIDTH with room to spare.
LABEL_CHARS = 32
LABEL_WIDTH = 270
GAP = 10
VALUE_WIDTH = 56
LINE_HEIGHT = 16
BAR_HEIGHT = 20
ROW_GAP = 10
TOP = 8
SCALE_HEIGHT = 28
MAX_TICKS = 5


@dataclass(frozen=True)
class LabelLine:
    text: str
    y: float


@dataclass(frozen=True)
class Bar:
    """One category: its label lines, its bar (``width`` 0: none) and its shown count."""

    label: str
    lines: tuple[LabelLine, ...]
    shown: str
    is_hidden: bool
    top: float
    height: float
    y: float
    width: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    width: int
    height: float
    label_x: int
    bar_x: int
    bar_area: int
    bar_height: int
    font_size: int
    axis_top: float
    axis_bottom: float
    scale_label_y: float
    description: str
    has_bars: bool


def _scale_step(largest: int) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving at most MAX_TICKS steps."""
    rough = max(largest, 1) / MAX_TICKS
    power = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * power >= rough:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def _shown(value: object) -> str:
    return number_format(value) if isinstance(value, int) else str(value)


def bar_chart(table: PublishedTable) -> Chart:
    counts = [row.value for row in table.rows if isinstance(row.value, int)]
    step = _scale_step(max(counts, default=0))
    # The scale ends on the first round number at or above the largest count.
    scale_end = step * max(1, math.ceil(max(counts, default=0) / step))
    bar_x = LABEL_WIDTH + GAP
    bar_area = WIDTH - bar_x - VALUE_WIDTH
    bars = []
    top = float(TOP)
    for row in table.rows:
        label = str(row.label)
        wrapped = textwrap.wrap(label, LABEL_CHARS) or [""]
        height = max(BAR_HEIGHT, len(wrapped) * LINE_HEIGHT)
        middle = top + height / 2
        # The first line's baseline so that the block of lines is centred on the bar.
        first = middle - (len(wrapped) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
        value = row.value
        width = round(bar_area * value / scale_end, 2) if isinstance(value, int) else 0.0
        bars.append(
            Bar(
                label=label,
                lines=tuple(
                    LabelLine(text=text, y=round(first + index * LINE_HEIGHT, 2))
                    for index, text in enumerate(wrapped)
                ),
                shown=_shown(value),
                is_hidden=value == MARKER,
                top=top,
                height=height,
                y=round(middle - BAR_HEIGHT / 2, 2),
                width=width,
                value_x=round(bar_x + width + 6, 2),
                value_y=round(middle + FONT_SIZE * 0.35, 2),
            )
        )
        top += height + ROW_GAP
    axis_bottom = top - ROW_GAP / 2
    has_bars = any(count > 0 for count in counts)
    # Without a bar, a scale would measure nothing: only its zero line is drawn.
    ticks = tuple(
        Tick(x=round(bar_x + bar_area * value / scale_end, 2), label=number_format(value))
        for value in (range(0, scale_end + 1, step) if has_bars else (0,))
    )
    return Chart(
        bars=tuple(bars),
        ticks=ticks,
        width=WIDTH,
        height=axis_bottom + SCALE_HEIGHT,
        label_x=LABEL_WIDTH,
        bar_x=bar_x,
        bar_area=bar_area,
        bar_height=BAR_HEIGHT,
        font_size=FONT_SIZE,
        axis_top=TOP / 2,
        axis_bottom=axis_bottom,
        scale_label_y=axis_bottom + 16,
        description=_description(table),
        has_bars=has_bars,
    )


def _description(table: PublishedTable) -> str:
    """The chart in words: every category with its count, hidden ones named as such."""
    parts = [
        _("%(label)s: not published") % {"label": row.label}
        if row.value == MARKER
        else f"{row.label}: {_shown(row.value)}"
        for row in table.rows
    ]
    return "; ".join(parts) + "."
