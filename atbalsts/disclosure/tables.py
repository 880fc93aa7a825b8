"""Frequency tables and what is published of them.

A table has rows x columns of category codes and non-negative counts of persons. It is
always handled *extended*: one more row holding the column totals and one more column
holding the row totals, so cell ``(R, C)`` is the grand total. Every cell of the extended
table (margins included) is a count of persons and follows the same rules (docs/security.md
ST-1). A one-dimensional table is a 1 x n (or n x 1) table: its total row (column) repeats
the cells and always carries the same numbers and markers, so a renderer shows it once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

Cell = tuple[int, int]
"""A position in the extended table: ``(row, column)``; index R or C is the total."""

TOTAL = "TOTAL"
"""The code of the total row and the total column."""

MARKER = "x"
"""The one marker shown for every suppressed cell, whether small or hidden to protect a
small one, so the marker itself never tells a reader which hidden cells are small (legend:
"x: not published, to protect persons from identification")."""

NATIONAL_K = 5
"""Threshold for national tables: counts 1…4 are never published (docs/security.md ST-1)."""

SUBNATIONAL_K = 10
"""Threshold below national level, e.g. by municipality or planning region (ST-1)."""


@dataclass(frozen=True)
class FrequencyTable:
    """Counts of persons by ``row_codes`` x ``column_codes`` (the truth, server-side only)."""

    row_codes: tuple[str, ...]
    column_codes: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        if not self.row_codes or not self.column_codes:
            raise ValueError("a table needs at least one row and one column")
        for codes in (self.row_codes, self.column_codes):
            if len(set(codes)) != len(codes) or TOTAL in codes:
                raise ValueError(f"category codes must be unique and not {TOTAL!r}")
        if len(self.counts) != len(self.row_codes) or any(
            len(row) != len(self.column_codes) for row in self.counts
        ):
            raise ValueError("counts must have one row per row code and one column per column")
        for row in self.counts:
            for value in row:
                if type(value) is not int or value < 0:
                    raise ValueError("counts must be non-negative integers")

    @classmethod
    def one_dimensional(cls, codes: tuple[str, ...], counts: tuple[int, ...]) -> FrequencyTable:
        """A 1 x n table: one category dimension and its total."""
        return cls(row_codes=(TOTAL.lower(),), column_codes=codes, counts=(counts,))

    @property
    def shape(self) -> tuple[int, int]:
        """``(R, C)``: the number of category rows and columns (without totals)."""
        return len(self.row_codes), len(self.column_codes)

    @cached_property
    def grid(self) -> tuple[tuple[int, ...], ...]:
        """The extended table: the counts, each row's total last, the column totals below."""
        rows = [(*row, sum(row)) for row in self.counts]
        totals = tuple(sum(column) for column in zip(*rows, strict=True))
        return (*rows, totals)

    def value(self, cell: Cell) -> int:
        return self.grid[cell[0]][cell[1]]

    @property
    def cells(self) -> tuple[Cell, ...]:
        """Every cell of the extended table, row by row."""
        rows, columns = self.shape
        return tuple((i, j) for i in range(rows + 1) for j in range(columns + 1))


@dataclass(frozen=True)
class Publication:
    """A table with its suppression pattern, for one period.

    It keeps the true counts so the audit can judge it; only :meth:`published_grid` may
    leave the server (ST-2). ``previous`` is the publication of the previous period of the
    same cumulative (year-to-date) series, or None.
    """

    table: FrequencyTable
    hidden: frozenset[Cell]
    k: int
    previous: Publication | None = field(default=None, repr=False)

    def published_grid(self) -> tuple[tuple[int | str, ...], ...]:
        """The extended table as published: the true count, or :data:`MARKER`."""
        return tuple(
            tuple(MARKER if (i, j) in self.hidden else value for j, value in enumerate(row))
            for i, row in enumerate(self.table.grid)
        )

    def chain(self) -> tuple[Publication, ...]:
        """This period and all earlier ones of the series, oldest first."""
        periods: list[Publication] = []
        current: Publication | None = self
        while current is not None:
            periods.append(current)
            current = current.previous
        return tuple(reversed(periods))
