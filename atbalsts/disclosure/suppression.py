"""Choosing what to hide: primary and secondary suppression (docs/security.md ST-1, threat T5).

1. Primary: every cell of the extended table (margins included) with a count 1…k-1.
2. Secondary, repeated until the audit's rules hold: take the first breach (newest period
   first, then by position) and hide a *cycle* of cells through the cell at fault. In a
   two-dimensional table with margins a hidden cell can move only along a closed path
   that alternates between its row and its column (ESSnet *Handbook on SDC*, frequency
   tables, network methods): such a path is a path between the cell's column and its row
   in the bipartite graph whose nodes are the rows and columns of the extended table and
   whose edges are its cells. The cheapest path that uses at least one cell not yet hidden
   is found by Dijkstra, a cell costing its count (already hidden: 0), so the smallest
   extra cells are preferred and large totals are hidden only when nothing else works;
   zeros are never hidden and never used. Up to :data:`CANDIDATES` cycles (the cheapest
   and its one-cell deviations) are tried, cheapest first, and the first that removes the
   breach is taken, or else the one that widens the interval at fault the most.
3. A breach in an earlier period or in an increment of a cumulative series is fixed by
   hiding the same cell in the current period, or, if it is hidden already, a cycle
   through it. Earlier periods are already published and are never changed.
4. Clean-up: each secondary cell, largest first, is published again if the audit still
   passes without it (skipped above :data:`CLEANUP_LIMIT` secondary cells).

Hiding a cell only turns a constant into an unknown, so every feasible interval can only
widen: the loop ends (at worst every non-zero cell is hidden, when all counts can grow
together without bound) and a cell found safe stays safe. The same input always gives the
same pattern.
"""

from __future__ import annotations

import heapq
from dataclasses import replace

from atbalsts.disclosure.audit import (
    SMALL_CHANGE,
    Problem,
    Reader,
    check_published,
    target_problem,
)
from atbalsts.disclosure.tables import NATIONAL_K, Cell, FrequencyTable, Publication


class DisclosureError(ValueError):
    """The table cannot be protected, because an earlier period was published unsafely."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.kind} at {p.cell}: {p.detail}" for p in problems))
        self.problems = problems


Node = tuple[str, int]


def _cycle(
    table: FrequencyTable,
    hidden: frozenset[Cell],
    through: Cell,
    banned: frozenset[Cell] = frozenset(),
) -> set[Cell]:
    """The cells not yet hidden on the cheapest cycle through ``through`` with one at least,
    avoiding the ``banned`` cells; empty if there is none."""
    rows, columns = table.shape
    start: tuple[Node, bool] = (("column", through[1]), False)
    goal: tuple[Node, bool] = (("row", through[0]), True)
    best: dict[tuple[Node, bool], tuple[int, int]] = {start: (0, 0)}
    came_from: dict[tuple[Node, bool], tuple[tuple[Node, bool], Cell]] = {}
    queue: list[tuple[int, int, Node, bool]] = [(0, 0, *start)]
    while queue:
        cost, count, node, has_new = heapq.heappop(queue)
        state = (node, has_new)
        if best[state] != (cost, count):
            continue
        if state == goal:
            found: set[Cell] = set()
            while state != start:
                state, cell = came_from[state]
                found.add(cell)
            return found - hidden
        kind, index = node
        if kind == "column":
            edges = [((i, index), ("row", i)) for i in range(rows + 1)]
        else:
            edges = [((index, j), ("column", j)) for j in range(columns + 1)]
        for cell, neighbour in edges:
            value = table.value(cell)
            if cell == through or (cell not in hidden and (value == 0 or cell in banned)):
                continue
            is_new = cell not in hidden
            step = (cost + value, count + 1) if is_new else (cost, count)
            next_state = (neighbour, has_new or is_new)
            if next_state not in best or step < best[next_state]:
                best[next_state] = step
                came_from[next_state] = (state, cell)
                heapq.heappush(queue, (*step, *next_state))
    return set()


CANDIDATES = 6
"""How many candidate cycles are tried for one breach before the widest is taken."""


def _candidates(table: FrequencyTable, hidden: frozenset[Cell], through: Cell) -> list[set[Cell]]:
    """The cheapest cycle through ``through``, then the cheapest ones avoiding each of its
    new cells in turn (one level of deviation, as in Yen's k-shortest paths), by cost."""
    first = _cycle(table, hidden, through)
    found = [first] if first else []
    for cell in sorted(first):
        other = _cycle(table, hidden, through, frozenset({cell}))
        if other and other not in found:
            found.append(other)
    return sorted(found, key=lambda cells: (sum(table.value(c) for c in cells), sorted(cells)))


def _fix(publication: Publication, problem: Problem) -> set[Cell]:
    """The cells to hide next for ``problem``: the cheapest candidate cycle that removes it,
    or else the one that widens the interval at fault the most."""
    table, hidden = publication.table, publication.hidden
    cell = problem.cell
    if cell not in hidden:
        # A published small change, or an earlier hidden cell narrowed by this period's
        # number: first hide this period's cell itself.
        return {cell}
    unknown = ("cell" if problem.kind != SMALL_CHANGE else "increment", problem.period, *cell)
    best: tuple[float, set[Cell]] | None = None
    for candidate in _candidates(table, hidden, cell)[:CANDIDATES]:
        trial = replace(publication, hidden=hidden | candidate)
        reader = Reader(trial.chain())
        if target_problem(reader, unknown) is None:
            return candidate
        width = reader.interval(unknown).width()
        if best is None or width > best[0]:
            best = (width, candidate)
    return set() if best is None else best[1]


CLEANUP_LIMIT = 40
"""Above this many secondary cells the clean-up pass is skipped: each trial is a full
audit, and a large table then keeps a few more suppressions than needed (never fewer)."""


def _has_partners(hidden: frozenset[Cell], published: Cell) -> bool:
    """Whether every hidden cell in the row and the column of the cell about to be published
    still shares that row and that column with another hidden cell (a quick necessary
    condition before the full check: a lone hidden cell in a line is recomputed at once)."""
    for cell in hidden:
        if cell[0] == published[0] or cell[1] == published[1]:
            if not any(o != cell and o[0] == cell[0] for o in hidden):
                return False
            if not any(o != cell and o[1] == cell[1] for o in hidden):
                return False
    return True


def _clean(publication: Publication, primary: frozenset[Cell]) -> Publication:
    """Publish again each secondary cell, largest first, whose suppression turned out not to
    be needed once later cycles were added (the greedy choice can overshoot)."""
    secondary = sorted(publication.hidden - primary, key=lambda c: (-publication.table.value(c), c))
    for cell in secondary:
        trial = replace(publication, hidden=publication.hidden - {cell})
        if not _has_partners(trial.hidden, cell):
            continue
        reader = Reader(trial.chain())
        if all(target_problem(reader, unknown) is None for unknown in reader.targets()):
            publication = trial
    return publication


def protect(
    table: FrequencyTable, *, k: int = NATIONAL_K, previous: Publication | None = None
) -> Publication:
    """The publication of ``table`` with the fewest, smallest suppressions found.

    ``k`` is the threshold (5 nationally, 10 below national level). ``previous`` is the
    already published previous period of the same cumulative (year-to-date) series; pass
    None for the first period and for series of disjoint periods, which share no equation.
    """
    if k < 2:
        raise ValueError("the threshold k must be at least 2")
    if previous is not None:
        if previous.k != k or previous.table.shape != table.shape:
            raise ValueError("every period of a series has the same categories and threshold")
        if previous.table.row_codes != table.row_codes or (
            previous.table.column_codes != table.column_codes
        ):
            raise ValueError("every period of a series has the same categories and threshold")
        if any(previous.table.value(c) > table.value(c) for c in table.cells):
            raise ValueError("a cumulative series never decreases")
        earlier = check_published(previous)
        if earlier:
            raise DisclosureError(earlier)
    primary = frozenset(c for c in table.cells if 0 < table.value(c) < k)
    hidden = primary
    safe: set[tuple[str, int, int, int]] = set()
    while True:
        publication = Publication(table=table, hidden=hidden, k=k, previous=previous)
        reader = Reader(publication.chain())
        problem = None
        for unknown in reader.targets():
            if unknown in safe:
                continue
            problem = target_problem(reader, unknown)
            if problem is not None:
                break
            safe.add(unknown)
        if problem is None:
            return _clean(publication, primary)
        extra = _fix(publication, problem)
        if not extra:
            raise DisclosureError([problem])
        hidden = hidden | extra
