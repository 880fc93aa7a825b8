"""A small exact linear programme: maximise ``c·x`` subject to ``A x = b`` and ``x ≥ 0``.

Two-phase simplex with Bland's rule, so it never cycles. The tableau is kept exactly in
integers: each row is a list of integers over one positive denominator, reduced by their
greatest common divisor after every pivot (fraction-free elimination), which is much faster
than :class:`fractions.Fraction` cells. The statistics tables are small (at most a few
hundred unknowns), so a dense tableau is enough and no numeric library is needed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

Row = tuple[list[int], int]
"""Integers over a positive denominator; the right-hand side is the last integer."""


class InfeasibleError(ValueError):
    """The equations have no non-negative solution (the published numbers contradict)."""


def _normalise(values: list[int], denominator: int) -> Row:
    if denominator < 0:
        values, denominator = [-v for v in values], -denominator
    divisor = math.gcd(denominator, *values)
    if divisor > 1:
        values, denominator = [v // divisor for v in values], denominator // divisor
    return values, denominator


def _eliminate(target: Row, pivot: Row, column: int) -> Row:
    """``target`` minus the multiple of ``pivot`` that clears ``column``."""
    values, denominator = target
    factor = values[column]
    if factor == 0:
        return target
    pivot_values = pivot[0]
    element = pivot_values[column]
    # target/d - (factor/d) * pivot/element, over the denominator d * element
    new = [element * v - factor * p for v, p in zip(values, pivot_values, strict=True)]
    return _normalise(new, denominator * element)


def _pivot(
    tableau: list[Row], objective: list[Row], basis: list[int], row: int, column: int
) -> None:
    values, _ = tableau[row]
    tableau[row] = pivot = _normalise(list(values), values[column])
    for index in range(len(tableau)):
        if index != row:
            tableau[index] = _eliminate(tableau[index], pivot, column)
    objective[0] = _eliminate(objective[0], pivot, column)
    basis[row] = column


def _run(tableau: list[Row], objective: list[Row], basis: list[int], allowed: int) -> bool:
    """Maximise the priced-out ``objective`` over the first ``allowed`` columns."""
    while True:
        reduced = objective[0][0]
        entering = next((j for j in range(allowed) if reduced[j] > 0), -1)
        if entering < 0:
            return True
        best: tuple[Fraction, int, int] | None = None
        for i, (values, _) in enumerate(tableau):
            if values[entering] > 0:
                candidate = (Fraction(values[-1], values[entering]), basis[i], i)
                if best is None or candidate < best:
                    best = candidate
        if best is None:
            return False
        _pivot(tableau, objective, basis, best[2], entering)


class Polytope:
    """The non-negative solutions of ``rows·x = rhs``, ready to be maximised over.

    Phase one (finding a feasible basis) runs once; each :meth:`maximise` starts from it.
    Raises :class:`InfeasibleError` when no non-negative ``x`` satisfies the equations.
    """

    def __init__(self, rows: Sequence[Sequence[int]], rhs: Sequence[int], width: int) -> None:
        count = len(rows)
        tableau: list[Row] = []
        for index, (row, value) in enumerate(zip(rows, rhs, strict=True)):
            sign = -1 if value < 0 else 1
            artificial = [0] * count
            artificial[index] = 1
            tableau.append(([sign * a for a in row] + artificial + [sign * value], 1))
        basis = [width + i for i in range(count)]
        # Phase one maximises minus the sum of the artificials, priced out against the basis.
        phase_one = [sum(values[j] for values, _ in tableau) for j in range(width)]
        cost: list[Row] = [(phase_one + [0] * count + [sum(v[-1] for v, _ in tableau)], 1)]
        _run(tableau, cost, basis, width + count)
        if cost[0][0][-1] != 0:
            raise InfeasibleError("the equations have no non-negative solution")
        # Drive the artificial columns out of the basis; a row where that is impossible is
        # a redundant equation and is dropped.
        row_index = 0
        while row_index < len(tableau):
            if basis[row_index] >= width:
                column = next((j for j in range(width) if tableau[row_index][0][j] != 0), -1)
                if column < 0:
                    del tableau[row_index]
                    del basis[row_index]
                    continue
                _pivot(tableau, cost, basis, row_index, column)
            row_index += 1
        self._tableau = tableau
        self._basis = basis
        self._width = width
        self._artificials = count

    def maximise(self, objective: Sequence[int]) -> Fraction | None:
        """The maximum of ``objective·x`` over the polytope; None if unbounded."""
        tableau = list(self._tableau)
        basis = list(self._basis)
        priced: Row = ([*objective, *([0] * self._artificials), 0], 1)
        for row, column in zip(tableau, basis, strict=True):
            priced = _eliminate(priced, row, column)
        cost = [priced]
        if not _run(tableau, cost, basis, self._width):
            return None
        values, denominator = cost[0]
        return Fraction(-values[-1], denominator)


def maximise(
    objective: Sequence[int], rows: Sequence[Sequence[int]], rhs: Sequence[int]
) -> Fraction | None:
    """The maximum of ``objective·x`` over ``rows·x = rhs, x ≥ 0``; None if unbounded.

    Raises :class:`InfeasibleError` when no non-negative ``x`` satisfies the equations.
    """
    return Polytope(rows, rhs, len(objective)).maximise(objective)
