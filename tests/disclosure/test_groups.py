"""Group disclosure: a small group all of one category is shown without its zeros
(atbalsts.disclosure.groups, docs/security.md ST-1)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atbalsts.disclosure import (
    GROUP_FACTOR,
    MARKER,
    NATIONAL_K,
    FrequencyTable,
    Publication,
    group_masked_grid,
    protect,
)
from atbalsts.disclosure.groups import complete_groups

X = MARKER


def _one(*counts: int) -> FrequencyTable:
    return FrequencyTable.one_dimensional(tuple(f"c{n}" for n in range(len(counts))), counts)


def _shown(table: FrequencyTable, k: int = NATIONAL_K) -> tuple[tuple[int | str, ...], ...]:
    return group_masked_grid(protect(table, k=k))


def test_all_fourteen_of_one_citizenship_are_shown_without_the_zeros() -> None:
    """'All 14 recognised in the quarter were Latvian' is not told; their number is."""
    assert _shown(_one(14, 0, 0, 0))[0] == (X, X, X, X, 14)


def test_a_group_at_the_bound_is_shown_as_counted() -> None:
    bound = GROUP_FACTOR * NATIONAL_K
    assert _shown(_one(bound, 0, 0))[0] == (bound, 0, 0, bound)
    assert _shown(_one(bound - 1, 0, 0))[0] == (X, X, X, bound - 1)


def test_below_national_level_the_bound_follows_the_threshold() -> None:
    assert _shown(_one(39, 0), k=10)[0] == (X, X, 39)
    assert _shown(_one(40, 0), k=10)[0] == (40, 0, 40)


def test_a_small_group_already_hidden_loses_its_zeros_too() -> None:
    assert _shown(_one(3, 0, 0))[0] == (X, X, X, X)


def test_a_group_spread_over_categories_keeps_its_zeros() -> None:
    assert _shown(_one(10, 6, 0))[0] == (10, 6, 0, 16)


def test_an_empty_table_keeps_its_zeros() -> None:
    assert _shown(_one(0, 0, 0))[0] == (0, 0, 0, 0)


def test_a_two_dimensional_group_pinned_by_its_columns_leaves_only_the_grand_total() -> None:
    """Row a is all in column p; masking row a alone would not do: column q's published
    numbers would give its 0 back."""
    table = FrequencyTable(row_codes=("a", "b"), column_codes=("p", "q"), counts=((6, 0), (6, 6)))

    assert group_masked_grid(protect(table)) == ((X, X, X), (X, X, X), (X, X, 18))


def test_a_two_dimensional_group_that_masking_protects_keeps_the_rest() -> None:
    """Row a (all 8 in column p) loses its zeros; the rest stays as suppression left it,
    since the other hidden cells of columns q and r keep row a's zeros unknown."""
    table = FrequencyTable(
        row_codes=("a", "b", "c"),
        column_codes=("p", "q", "r"),
        counts=((8, 0, 0), (30, 3, 2), (30, 25, 26)),
    )
    publication = protect(table)

    shown = group_masked_grid(publication)

    assert publication.published_grid()[0] == (8, 0, 0, 8)
    assert shown[0] == (X, X, X, 8)
    assert shown[1:] == publication.published_grid()[1:]
    assert shown[2][2] == 26


# Properties ------------------------------------------------------------------------------


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )


SMALL = st.sampled_from([0, 0, 0, 1, 2, 3, 5, 6, 9])


@st.composite
def _small_tables(draw: st.DrawFn) -> FrequencyTable:
    rows, columns = draw(st.sampled_from([(1, 2), (1, 3), (1, 4), (2, 2)]))
    counts = tuple(tuple(draw(SMALL) for _ in range(columns)) for _ in range(rows))
    return FrequencyTable(
        row_codes=tuple(f"r{i}" for i in range(rows)),
        column_codes=tuple(f"c{j}" for j in range(columns)),
        counts=counts,
    )


def _consistent_tables(
    table: FrequencyTable, shown: tuple[tuple[int | str, ...], ...]
) -> list[FrequencyTable]:
    """Every table of non-negative counts a reader could not tell from ``shown`` (brute
    force over the category cells, each at most the grand total)."""
    rows, columns = table.shape
    top = table.value((rows, columns))
    found = []
    for values in itertools.product(range(top + 1), repeat=rows * columns):
        counts = tuple(tuple(values[i * columns : (i + 1) * columns]) for i in range(rows))
        other = FrequencyTable(table.row_codes, table.column_codes, counts)
        if all(
            shown[i][j] == MARKER or shown[i][j] == other.grid[i][j]
            for i in range(rows + 1)
            for j in range(columns + 1)
        ):
            found.append(other)
    return found


@_settings(120)
@given(_small_tables(), st.sampled_from([2, 3, 5]))
def test_no_small_complete_group_can_be_told_from_what_is_shown(
    table: FrequencyTable, k: int
) -> None:
    publication = protect(table, k=k)
    shown = group_masked_grid(publication)
    plain = publication.published_grid()

    # Only markers are added: every number shown is the true count and was published.
    for i, row in enumerate(shown):
        for j, value in enumerate(row):
            assert value == MARKER or value == plain[i][j] == table.grid[i][j]
    groups = complete_groups(table, k=k)
    if not groups:
        assert shown == plain
        return
    readings = _consistent_tables(table, shown)
    assert table in readings
    for line in groups:
        full = next(cell for cell in line.cells if table.value(cell) > 0)
        total = table.value(line.total)
        # Some reading the reader cannot rule out splits the group over two categories.
        assert any(other.value(full) < total for other in readings), (table.counts, shown)


@_settings(60)
@given(_small_tables())
def test_suppression_alone_is_kept_where_no_group_is_complete(table: FrequencyTable) -> None:
    publication = Publication(table=table, hidden=protect(table).hidden, k=NATIONAL_K)
    shown = group_masked_grid(publication)

    hidden = {(i, j) for i, row in enumerate(shown) for j, v in enumerate(row) if v == MARKER}
    assert publication.hidden <= hidden
