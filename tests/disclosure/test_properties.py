"""Property tests over random microdata (docs/security.md ST-1 "Property-based test").

Every publication must pass the audit, and - independently of the audit's linear
programme - a brute-force integer search over the published numbers alone must find, for
every hidden count 1..k-1 (and every small increment of a cumulative series), two
solutions at least k apart, and for every hidden cell two different solutions. The reader
knows that zeros are always published, so every hidden cell is at least 1.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atbalsts.disclosure import FrequencyTable, Publication, check_published, protect
from atbalsts.disclosure.audit import Reader

Var = tuple[str, int, int, int]
Equation = tuple[dict[Var, int], int]

MIXED_COUNTS = st.sampled_from([0, 0, 1, 1, 1, 2, 2, 3, 4, 6, 9, 15])
SPARSE_COUNTS = st.sampled_from([0, 0, 1, 1, 2])
LARGE_COUNTS = st.sampled_from([0, 1, 3, 8, 12, 25, 40, 90])


NODE_BUDGET = 20000


def _settings(examples: int) -> settings:
    # Derandomised so the suite's running time is the same on every machine.
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )


@st.composite
def tables(draw: st.DrawFn, max_rows: int = 4, max_columns: int = 4) -> FrequencyTable:
    """Random tables: mixed, sparse (full of 1s and 2s) or large counts, 1 x n and n x 1
    shapes, sometimes with a row or a column of zeros."""
    rows = draw(st.integers(1, max_rows))
    columns = draw(st.integers(1, max_columns))
    counts_of = draw(st.sampled_from([MIXED_COUNTS, SPARSE_COUNTS, LARGE_COUNTS]))
    grid = [[draw(counts_of) for _ in range(columns)] for _ in range(rows)]
    if draw(st.booleans()):
        grid[draw(st.integers(0, rows - 1))] = [0] * columns
    if draw(st.booleans()):
        zero_column = draw(st.integers(0, columns - 1))
        for row in grid:
            row[zero_column] = 0
    return FrequencyTable(
        tuple(f"r{i}" for i in range(rows)),
        tuple(f"c{j}" for j in range(columns)),
        tuple(tuple(row) for row in grid),
    )


@st.composite
def microdata(
    draw: st.DrawFn, max_rows: int = 3, max_columns: int = 3, max_records: int = 30
) -> tuple[FrequencyTable, FrequencyTable]:
    """A table of person records, and the same table after more records arrive."""
    rows = draw(st.integers(1, max_rows))
    columns = draw(st.integers(1, max_columns))
    record = st.tuples(st.integers(0, rows - 1), st.integers(0, columns - 1))
    before = draw(st.lists(record, max_size=max_records))
    added = draw(st.lists(record, max_size=max_records // 2))

    def count(records: list[tuple[int, int]]) -> FrequencyTable:
        grid = [[0] * columns for _ in range(rows)]
        for i, j in records:
            grid[i][j] += 1
        return FrequencyTable(
            tuple(f"r{i}" for i in range(rows)),
            tuple(f"c{j}" for j in range(columns)),
            tuple(tuple(row) for row in grid),
        )

    return count(before), count(before + added)


def _equations(periods: tuple[Publication, ...]) -> list[Equation]:
    """The reader's equations, written from the published grids alone."""
    equations: list[Equation] = []
    for period, publication in enumerate(periods):
        grid = publication.published_grid()
        last_row, last_column = len(grid) - 1, len(grid[0]) - 1
        lines = [
            [((i, j), 1) for j in range(last_column)] + [((i, last_column), -1)]
            for i in range(last_row + 1)
        ] + [
            [((i, j), 1) for i in range(last_row)] + [((last_row, j), -1)]
            for j in range(last_column + 1)
        ]
        for line in lines:
            terms: dict[Var, int] = {}
            constant = 0
            for (i, j), sign in line:
                shown = grid[i][j]
                if isinstance(shown, int):
                    constant -= sign * shown
                else:
                    terms[("cell", period, i, j)] = sign
            equations.append((terms, constant))
        if period:
            before = periods[period - 1].published_grid()
            for i in range(last_row + 1):
                for j in range(last_column + 1):
                    if isinstance(grid[i][j], int) and isinstance(before[i][j], int):
                        continue  # the change is a published number: see the last check
                    terms = {("increment", period, i, j): -1}
                    constant = 0
                    for shown, who, sign in (
                        (grid[i][j], period, 1),
                        (before[i][j], period - 1, -1),
                    ):
                        if isinstance(shown, int):
                            constant -= sign * shown
                        else:
                            terms[("cell", who, i, j)] = sign
                    equations.append((terms, constant))
    return equations


def _truth(periods: tuple[Publication, ...], var: Var) -> int:
    kind, period, i, j = var
    value = periods[period].table.value((i, j))
    if kind == "increment":
        value -= periods[period - 1].table.value((i, j))
    return value


def _floor(var: Var) -> int:
    """A hidden cell is never 0 (zeros are published); an increment may be."""
    return 1 if var[0] == "cell" else 0


def _solutions(
    equations: list[Equation], fixed: dict[Var, int], near: dict[Var, int], cap: int
) -> Iterator[dict[Var, int]]:
    """Non-negative integer solutions up to ``cap``, values near ``near`` tried first."""
    order = sorted({v for terms, _ in equations for v in terms})

    def propagate(values: dict[Var, int]) -> dict[Var, int] | None:
        values = dict(values)
        changed = True
        while changed:
            changed = False
            for terms, constant in equations:
                rest = constant - sum(c * values[v] for v, c in terms.items() if v in values)
                open_vars = [v for v in terms if v not in values]
                if not open_vars:
                    if rest != 0:
                        return None
                elif len(open_vars) == 1:
                    value = rest * terms[open_vars[0]]
                    if not _floor(open_vars[0]) <= value <= cap:
                        return None
                    values[open_vars[0]] = value
                    changed = True
                else:
                    ends = [(terms[v] * _floor(v), terms[v] * cap) for v in open_vars]
                    lowest = sum(min(end) for end in ends)
                    highest = sum(max(end) for end in ends)
                    if not lowest <= rest <= highest:
                        return None
        return values

    budget = [NODE_BUDGET]

    def search(values: dict[Var, int]) -> Iterator[dict[Var, int]]:
        budget[0] -= 1
        if budget[0] < 0:
            return  # undecided counts as infeasible: the check can only get stricter
        settled = propagate(values)
        if settled is None:
            return
        free = next((v for v in order if v not in settled), None)
        if free is None:
            yield settled
            return
        values_to_try = range(_floor(free), cap + 1)
        for value in sorted(values_to_try, key=lambda x: (abs(x - near[free]), x)):
            yield from search({**settled, free: value})

    yield from search(fixed)


def _feasible(
    equations: list[Equation], var: Var, value: int, near: dict[Var, int], cap: int
) -> bool:
    if value < _floor(var):
        return False
    for count, _ in enumerate(_solutions(equations, {var: value}, near, cap)):
        return count == 0
    return False


def _assert_brute_force_safe(periods: tuple[Publication, ...]) -> None:
    k = periods[-1].k
    equations = _equations(periods)
    unknowns = sorted({v for terms, _ in equations for v in terms})
    near = {v: _truth(periods, v) for v in unknowns}
    cap = max(p.table.value((len(p.table.grid) - 1, len(p.table.grid[0]) - 1)) for p in periods)
    cap += 2 * k
    known: dict[tuple[Var, int], bool] = {}

    def feasible(var: Var, value: int) -> bool:
        if (var, value) not in known:
            known[var, value] = _feasible(equations, var, value, near, cap)
        return known[var, value]

    # The linear programme only proposes the witnesses; the brute-force search must find
    # an integer solution of the published numbers for each of them.
    reader = Reader(periods)
    for var in unknowns:
        truth = near[var]
        interval = reader.interval(var)
        if var[0] == "cell":
            # A hidden cell is never pinned; an increment of 0 or of k or more may be known.
            above = interval.high is None or interval.high > truth
            assert feasible(var, truth + 1 if above else truth - 1), var
        if 0 < truth < k:
            assert feasible(var, interval.low), var
            assert feasible(var, interval.low + k), var
    for period in range(1, len(periods)):
        before, after = periods[period - 1].table, periods[period].table
        for cell in after.cells:
            change = after.value(cell) - before.value(cell)
            var = ("increment", period, *cell)
            assert not (0 < change < k) or var in near, var


def _assert_basic_rules(publication: Publication) -> None:
    table, k = publication.table, publication.k
    for cell in table.cells:
        value = table.value(cell)
        assert (cell in publication.hidden) == (0 < value < k) or value >= k
        if value == 0:
            assert cell not in publication.hidden
    for row, shown_row in zip(table.grid, publication.published_grid(), strict=True):
        for value, shown in zip(row, shown_row, strict=True):
            assert shown in (value, "x")


@_settings(150)
@given(table=tables(max_rows=5, max_columns=5), k=st.sampled_from([3, 5, 10]))
def test_every_single_table_passes_the_audit(table: FrequencyTable, k: int) -> None:
    publication = protect(table, k=k)
    _assert_basic_rules(publication)
    assert check_published(publication) == []
    assert protect(table, k=k) == publication


@_settings(80)
@given(table=tables(max_rows=3, max_columns=3), k=st.sampled_from([3, 5]))
def test_no_small_count_can_be_narrowed_by_brute_force(table: FrequencyTable, k: int) -> None:
    _assert_brute_force_safe((protect(table, k=k),))


@_settings(80)
@given(table=tables(max_rows=3, max_columns=3))
def test_linear_programme_agrees_with_brute_force(table: FrequencyTable) -> None:
    publication = protect(table, k=3)
    periods = (publication,)
    reader = Reader(periods)
    equations = _equations(periods)
    unknowns = sorted({v for terms, _ in equations for v in terms})
    near = {v: _truth(periods, v) for v in unknowns}
    cap = table.value((len(table.grid) - 1, len(table.grid[0]) - 1)) + 3
    for var in unknowns:
        interval = reader.interval(var)
        assert _feasible(equations, var, interval.low, near, cap)
        assert not _feasible(equations, var, interval.low - 1, near, cap)
        if interval.high is not None:
            assert _feasible(equations, var, interval.high, near, cap)
            assert not _feasible(equations, var, interval.high + 1, near, cap + 1)


@_settings(60)
@given(pair=microdata(max_rows=2, max_columns=2, max_records=14), k=st.sampled_from([3, 5]))
def test_cumulative_periods_reveal_no_small_count_or_change(
    pair: tuple[FrequencyTable, FrequencyTable], k: int
) -> None:
    before, after = pair
    first = protect(before, k=k)
    second = protect(after, k=k, previous=first)
    _assert_basic_rules(second)
    assert second.previous is first
    assert check_published(second) == []
    _assert_brute_force_safe(second.chain())


@_settings(40)
@given(pair=microdata(max_rows=1, max_columns=4, max_records=14))
def test_one_dimensional_series(pair: tuple[FrequencyTable, FrequencyTable]) -> None:
    before, after = pair
    second = protect(after, previous=protect(before))
    assert check_published(second) == []
    _assert_brute_force_safe(second.chain())


@_settings(40)
@given(pair=microdata(max_rows=4, max_columns=4, max_records=40), k=st.sampled_from([3, 5, 10]))
def test_larger_cumulative_periods_pass_the_audit(
    pair: tuple[FrequencyTable, FrequencyTable], k: int
) -> None:
    before, after = pair
    second = protect(after, k=k, previous=protect(before, k=k))
    _assert_basic_rules(second)
    assert check_published(second) == []


def test_brute_force_reader_is_not_vacuous() -> None:
    line = FrequencyTable.one_dimensional(("a", "b", "c", "d"), (1, 1, 40, 50))
    ones = frozenset({(0, 0), (0, 1), (1, 0), (1, 1)})
    with pytest.raises(AssertionError):
        _assert_brute_force_safe((Publication(table=line, hidden=ones, k=5),))
    alone = FrequencyTable.one_dimensional(("a", "b"), (3, 20))
    pinned = Publication(table=alone, hidden=frozenset({(0, 0), (1, 0)}), k=5)
    with pytest.raises(AssertionError):
        _assert_brute_force_safe((pinned,))
    grown = FrequencyTable.one_dimensional(("a", "b"), (5, 22))
    first = Publication(table=grown, hidden=frozenset(), k=5)
    bigger = FrequencyTable.one_dimensional(("a", "b"), (7, 22))
    with pytest.raises(AssertionError):
        _assert_brute_force_safe((first, Publication(table=bigger, hidden=frozenset(), k=5)))


def test_hidden_cells_are_known_to_hold_someone() -> None:
    # Zeros are published, so six hidden cells summing to 6 would be six 1s.
    ones = FrequencyTable.one_dimensional(tuple("abcdefg"), (1, 1, 1, 1, 1, 1, 50))
    publication = protect(ones)
    assert (0, 6) in publication.hidden
    assert check_published(publication) == []
    _assert_brute_force_safe((publication,))
    bare = Publication(table=ones, hidden=frozenset((0, j) for j in range(6)), k=5)
    assert check_published(bare) != []
    with pytest.raises(AssertionError):
        _assert_brute_force_safe((bare,))


def test_sparse_twenty_by_twenty_table_is_protected() -> None:
    generator = random.Random(20)
    counts = tuple(
        tuple(generator.choice([0] * 8 + [1, 1, 2, 3, 6]) for _ in range(20)) for _ in range(20)
    )
    table = FrequencyTable(
        tuple(f"r{i}" for i in range(20)), tuple(f"c{j}" for j in range(20)), counts
    )
    publication = protect(table)
    _assert_basic_rules(publication)
    assert check_published(publication) == []
