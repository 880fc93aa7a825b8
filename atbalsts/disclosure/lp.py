"""A small exact linear programme: maximise ``c·x`` subject to ``A x = b`` and ``x ≥ 0``.

Two-phase simplex over :class:`fractions.Fraction` with Bland's rule, so it is exact and
never cycles. The statistics tables are small (at most a few hundred unknowns), so a dense
tableau is enough and no numeric library is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


class InfeasibleError(ValueError):
    """The equations have no non-negative solution (the published numbers contradict)."""


def _pivot(tableau: list[list[Fraction]], basis: list[int], row: int, column: int) -> None:
    pivot_row = tableau[row]
    factor = pivot_row[column]
    tableau[row] = pivot_row = [value / factor for value in pivot_row]
    for index, other in enumerate(tableau):
        if index != row and other[column] != 0:
            scale = other[column]
            tableau[index] = [a - scale * b for a, b in zip(other, pivot_row, strict=True)]
    basis[row] = column


def _run(
    tableau: list[list[Fraction]], basis: list[int], cost: Sequence[Fraction], allowed: int
) -> bool:
    """Maximise ``cost`` over the first ``allowed`` columns; False if unbounded."""
    while True:
        entering = -1
        for column in range(allowed):
            reduced = cost[column] - sum(
                (cost[basis[i]] * tableau[i][column] for i in range(len(tableau))),
                Fraction(0),
            )
            if reduced > 0:
                entering = column
                break
        if entering < 0:
            return True
        best: tuple[Fraction, int, int] | None = None
        for i, row in enumerate(tableau):
            if row[entering] > 0:
                candidate = (row[-1] / row[entering], basis[i], i)
                if best is None or candidate < best:
                    best = candidate
        if best is None:
            return False
        _pivot(tableau, basis, best[2], entering)


def maximise(
    objective: Sequence[int], rows: Sequence[Sequence[int]], rhs: Sequence[int]
) -> Fraction | None:
    """The maximum of ``objective·x`` over ``rows·x = rhs, x ≥ 0``; None if unbounded.

    Raises :class:`InfeasibleError` when no non-negative ``x`` satisfies the equations.
    """
    width = len(objective)
    count = len(rows)
    tableau: list[list[Fraction]] = []
    for index, (row, value) in enumerate(zip(rows, rhs, strict=True)):
        sign = -1 if value < 0 else 1
        artificial = [Fraction(0)] * count
        artificial[index] = Fraction(1)
        tableau.append([Fraction(sign * a) for a in row] + artificial + [Fraction(sign * value)])
    basis = [width + i for i in range(count)]
    phase_one = [Fraction(0)] * width + [Fraction(-1)] * count
    _run(tableau, basis, phase_one, width + count)
    if any(row[-1] != 0 for row, column in zip(tableau, basis, strict=True) if column >= width):
        raise InfeasibleError("the equations have no non-negative solution")
    # Drive the artificial columns out of the basis; a row where that is impossible is a
    # redundant equation and is dropped.
    row_index = 0
    while row_index < len(tableau):
        if basis[row_index] >= width:
            column = next((j for j in range(width) if tableau[row_index][j] != 0), -1)
            if column < 0:
                del tableau[row_index]
                del basis[row_index]
                continue
            _pivot(tableau, basis, row_index, column)
        row_index += 1
    cost = [Fraction(value) for value in objective] + [Fraction(0)] * count
    if not _run(tableau, basis, cost, width):
        return None
    return sum(
        (cost[column] * row[-1] for row, column in zip(tableau, basis, strict=True)), Fraction(0)
    )
