"""What a reader can work out from published tables, and the audit of a publication.

Every hidden cell is an unknown ``x ≥ 1``: zeros are always published, so a reader knows
that a hidden cell holds at least one person (six hidden cells summing to 6 are six 1s).
Every published number is a constant. The
extended table gives one equation per row and per column (the categories sum to the
total). In a cumulative series (year-to-date) each cell of period ``t`` is the same cell of
period ``t - 1`` plus the persons added in between, an increment ``d ≥ 0``. The feasible
interval of an unknown is its minimum and maximum over these constraints, computed by the
exact linear programme of :mod:`atbalsts.disclosure.lp` (rounded inwards to integers, which
is exact for a single two-dimensional table, whose constraint matrix is totally unimodular).

The rules checked (docs/security.md ST-1, threat T5; ESSnet *Handbook on SDC*, frequency tables):

* every count 1…k-1 is hidden (primary suppression), margins included;
* zeros are published (structural zeros carry no person);
* no hidden cell can be worked out exactly;
* no hidden count 1…k-1 can be narrowed to an interval narrower than k (``hi - lo ≥ k``);
* in a cumulative series, no increment 1…k-1 between two periods is published by
  subtraction or narrowed to an interval narrower than k.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from atbalsts.disclosure.lp import Polytope
from atbalsts.disclosure.tables import Cell, FrequencyTable, Publication

PRIMARY_PUBLISHED = "primary-published"
ZERO_HIDDEN = "zero-hidden"
EXACT = "exact"
NARROW = "narrow"
SMALL_CHANGE = "small-change"

Unknown = tuple[str, int, int, int]
"""``("cell", period, row, column)`` or ``("increment", period, row, column)``."""


@dataclass(frozen=True, order=True)
class Problem:
    """One breach of the rules: ``period`` is 0 for the oldest period of the series."""

    period: int
    kind: str
    cell: Cell
    detail: str


@dataclass(frozen=True)
class Interval:
    """What a reader can know of an unknown: ``low ≤ x ≤ high`` (None: no upper bound)."""

    low: int
    high: int | None

    def width(self) -> float:
        return math.inf if self.high is None else self.high - self.low


def _table_equations(
    period: int, table: FrequencyTable, hidden: frozenset[Cell], floor: int
) -> Iterable[tuple[dict[Unknown, int], int]]:
    rows, columns = table.shape
    lines = [[((i, j), 1) for j in range(columns)] + [((i, columns), -1)] for i in range(rows + 1)]
    lines += [[((i, j), 1) for i in range(rows)] + [((rows, j), -1)] for j in range(columns + 1)]
    for line in lines:
        terms: dict[Unknown, int] = {}
        constant = 0
        for cell, sign in line:
            if cell in hidden:
                # The unknown is ``x - floor`` (>= 0): the known least value is moved over.
                terms[("cell", period, *cell)] = sign
                constant -= sign * floor
            else:
                constant -= sign * table.value(cell)
        if terms:
            yield terms, constant


class Reader:
    """The constraints a reader of a series of publications can write down.

    ``hidden_are_nonzero``: the reader knows that zeros are published, so each hidden cell
    is at least 1; False only to audit a publication that breaks that rule.
    """

    def __init__(
        self, periods: tuple[Publication, ...], *, hidden_are_nonzero: bool = True
    ) -> None:
        self.periods = periods
        self.floor = 1 if hidden_are_nonzero else 0
        self.equations: list[tuple[dict[Unknown, int], int]] = []
        for index, publication in enumerate(periods):
            self.equations += _table_equations(
                index, publication.table, publication.hidden, self.floor
            )
            if index:
                self.equations += self._increment_equations(index)
        parent: dict[Unknown, Unknown] = {}

        def root(unknown: Unknown) -> Unknown:
            while parent.setdefault(unknown, unknown) != unknown:
                unknown = parent[unknown]
            return unknown

        for terms, _ in self.equations:
            first, *others = terms
            for other in others:
                parent[root(other)] = root(first)
        self._root = root
        self._polytopes: dict[Unknown, tuple[list[Unknown], Polytope]] = {}

    def _increment_equations(self, index: int) -> Iterable[tuple[dict[Unknown, int], int]]:
        before, after = self.periods[index - 1], self.periods[index]
        for cell in after.table.cells:
            if cell in before.hidden or cell in after.hidden:
                terms: dict[Unknown, int] = {("increment", index, *cell): -1}
                constant = 0
                for publication, period, sign in ((after, index, 1), (before, index - 1, -1)):
                    if cell in publication.hidden:
                        terms[("cell", period, *cell)] = sign
                        constant -= sign * self.floor
                    else:
                        constant -= sign * publication.table.value(cell)
                yield terms, constant

    def _polytope(self, component: Unknown) -> tuple[list[Unknown], Polytope]:
        if component not in self._polytopes:
            equations = [
                (terms, constant)
                for terms, constant in self.equations
                if self._root(next(iter(terms))) == component
            ]
            unknowns = sorted({u for terms, _ in equations for u in terms})
            rows = [[terms.get(u, 0) for u in unknowns] for terms, _ in equations]
            rhs = [constant for _, constant in equations]
            self._polytopes[component] = (unknowns, Polytope(rows, rhs, len(unknowns)))
        return self._polytopes[component]

    def upper(self, unknown: Unknown) -> int | None:
        """The largest value of ``unknown`` a reader cannot rule out; None if unbounded."""
        unknowns, polytope = self._polytope(self._root(unknown))
        high = polytope.maximise([1 if u == unknown else 0 for u in unknowns])
        return None if high is None else math.floor(high) + self._offset(unknown)

    def lower(self, unknown: Unknown) -> int:
        """The smallest value of ``unknown`` a reader cannot rule out."""
        unknowns, polytope = self._polytope(self._root(unknown))
        # ``-x <= 0`` always, so the minimum exists; ``or`` only satisfies the type.
        low = polytope.maximise([-1 if u == unknown else 0 for u in unknowns]) or Fraction(0)
        return math.ceil(-low) + self._offset(unknown)

    def _offset(self, unknown: Unknown) -> int:
        """What was moved over for a hidden cell (an increment may be 0 and is not moved)."""
        return self.floor if unknown[0] == "cell" else 0

    def interval(self, unknown: Unknown) -> Interval:
        """The feasible interval of ``unknown`` given everything published."""
        return Interval(low=self.lower(unknown), high=self.upper(unknown))

    def true_value(self, unknown: Unknown) -> int:
        kind, period, *cell = unknown
        value = self.periods[period].table.value((cell[0], cell[1]))
        if kind == "increment":
            value -= self.periods[period - 1].table.value((cell[0], cell[1]))
        return value

    def targets(self) -> list[Unknown]:
        """Every unknown the rules protect, in a fixed order: newest period first."""
        found: list[Unknown] = []
        for index in reversed(range(len(self.periods))):
            publication = self.periods[index]
            found += [("cell", index, *cell) for cell in sorted(publication.hidden)]
            if index:
                found += [("increment", index, *cell) for cell in publication.table.cells]
        return found


def target_problem(reader: Reader, unknown: Unknown) -> Problem | None:
    """The breach, if any, of the interval rules for one protected unknown."""
    kind, period, row, column = unknown
    k = reader.periods[period].k
    value = reader.true_value(unknown)
    is_small = 0 < value < k
    if kind == "increment":
        # Only a small increment is protected; a change of 0 or of k or more may be known.
        publications = reader.periods[period - 1 : period + 1]
        is_hidden = any((row, column) in p.hidden for p in publications)
        if is_small and not is_hidden:
            return Problem(period, SMALL_CHANGE, (row, column), f"increment {value} published")
        if not (is_small and is_hidden):
            return None
    high = reader.upper(unknown)
    if high is None or (not is_small and high > value):
        return None  # unbounded, or at least two values possible: all a large cell needs
    low = reader.lower(unknown)
    if (is_small and high - low < k) or high == low:
        found = EXACT if high == low else NARROW
        return Problem(
            period,
            found if kind == "cell" else SMALL_CHANGE,
            (row, column),
            f"{kind} narrowed to {low}..{high}",
        )
    return None


def check_published(publication: Publication) -> list[Problem]:
    """Every breach of ST-1 by ``publication`` together with its earlier periods.

    The audit uses only the true counts and the suppression pattern, not the reasoning that
    chose the pattern; an empty list means the publication may be released.
    """
    periods = publication.chain()
    problems: list[Problem] = []
    for index, period in enumerate(periods):
        if period.k != publication.k or period.table.shape != publication.table.shape:
            raise ValueError("every period of a series has the same categories and threshold")
        for cell in period.table.cells:
            value = period.table.value(cell)
            if 0 < value < period.k and cell not in period.hidden:
                problems.append(Problem(index, PRIMARY_PUBLISHED, cell, f"{value} published"))
            if value == 0 and cell in period.hidden:
                problems.append(Problem(index, ZERO_HIDDEN, cell, "structural zero hidden"))
    is_zero_hidden = any(p.kind == ZERO_HIDDEN for p in problems)
    reader = Reader(periods, hidden_are_nonzero=not is_zero_hidden)
    for unknown in reader.targets():
        problem = target_problem(reader, unknown)
        if problem is not None:
            problems.append(problem)
    return sorted(problems)
