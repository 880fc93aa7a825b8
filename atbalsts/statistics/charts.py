"""Horizontal bar charts drawn on the server as inline SVG (no script, CSP-clean).

The geometry is computed here and drawn by ``statistics/_chart.html``; a hidden cell gets no
bar, only the marker as its label, so its length tells nothing. The table beside the chart
carries the same numbers for screen readers and for copying.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from atbalsts.statistics.tables import PublishedTable

WIDTH = 640
LABEL_WIDTH = 260
BAR_AREA = 300
ROW_HEIGHT = 26
BAR_HEIGHT = 18
TOP = 6


@dataclass(frozen=True)
class Bar:
    label: str | Promise
    shown: str
    y: int
    text_y: int
    width: int
    value_x: int


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    bar_x: int
    bar_height: int


def bar_chart(table: PublishedTable) -> Chart:
    values = [row.value for row in table.rows]
    largest = max([v for v in values if isinstance(v, int)] + [1])
    bars = []
    for index, row in enumerate(table.rows):
        y = TOP + index * ROW_HEIGHT
        length = round(BAR_AREA * row.value / largest) if isinstance(row.value, int) else 0
        bars.append(
            Bar(
                label=row.label,
                shown=str(row.value),
                y=y,
                text_y=y + BAR_HEIGHT - 4,
                width=length,
                value_x=LABEL_WIDTH + length + 6,
            )
        )
    return Chart(
        bars=tuple(bars),
        width=WIDTH,
        height=TOP * 2 + len(bars) * ROW_HEIGHT,
        bar_x=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
    )
