"""Worked examples in the style of the ESSnet *Handbook on SDC* (frequency tables)."""

from __future__ import annotations

import itertools

import pytest

from atbalsts.disclosure import (
    MARKER,
    SUBNATIONAL_K,
    DisclosureError,
    FrequencyTable,
    Problem,
    Publication,
    check_published,
    protect,
    suppression,
)
from atbalsts.disclosure.audit import EXACT, NARROW, PRIMARY_PUBLISHED, SMALL_CHANGE, ZERO_HIDDEN

X = MARKER


def test_table_without_small_counts_is_published_whole() -> None:
    table = FrequencyTable(("a", "b"), ("c", "d"), ((0, 9), (8, 30)))
    publication = protect(table)
    assert publication.hidden == frozenset()
    assert check_published(publication) == []


def test_one_small_cell_in_a_line_takes_the_next_smallest() -> None:
    table = FrequencyTable.one_dimensional(("a", "b", "c"), (3, 10, 20))
    assert protect(table).published_grid()[0] == (X, X, 20, 33)


def test_two_ones_are_not_enough_to_hide_each_other() -> None:
    # Hiding only the two 1s would tell a reader both lie in 0..2.
    table = FrequencyTable.one_dimensional(("a", "b", "c", "d"), (1, 1, 40, 50))
    assert protect(table).published_grid()[0] == (X, X, X, 50, 92)


def test_single_small_cell_hides_the_cheapest_rectangle() -> None:
    table = FrequencyTable(
        ("r1", "r2", "r3"), ("c1", "c2", "c3"), ((1, 20, 30), (15, 40, 25), (12, 18, 50))
    )
    publication = protect(table)
    assert publication.hidden == {(0, 0), (0, 1), (2, 0), (2, 1)}
    assert publication.published_grid() == (
        (X, X, 30, 51),
        (15, 40, 25, 80),
        (X, X, 50, 80),
        (28, 78, 105, 211),
    )


def test_all_persons_of_a_row_in_one_small_category() -> None:
    # Age band 15-17: 0 men, 3 women. The 3 and its row total are both hidden and
    # neither can be worked out from the rest.
    table = FrequencyTable(("15-17", "18+"), ("m", "f"), ((0, 3), (20, 31)))
    publication = protect(table)
    assert {(0, 1), (0, 2)} <= publication.hidden
    assert (0, 0) not in publication.hidden
    assert check_published(publication) == []
    assert publication.published_grid()[0][0] == 0


def test_subnational_threshold_is_a_parameter() -> None:
    table = FrequencyTable.one_dimensional(("riga", "latgale", "kurzeme"), (7, 12, 40))
    assert protect(table).hidden == frozenset()
    publication = protect(table, k=SUBNATIONAL_K)
    assert publication.published_grid()[0] == (X, X, 40, 59)
    assert check_published(publication) == []


def test_same_input_same_output() -> None:
    table = FrequencyTable(("a", "b", "c"), ("d", "e", "f"), ((1, 2, 9), (2, 1, 9), (9, 9, 9)))
    assert protect(table) == protect(table)


def test_unchanged_cumulative_table_needs_nothing_more() -> None:
    table = FrequencyTable(("a", "b"), ("c", "d"), ((2, 9), (8, 30)))
    first = protect(table)
    second = protect(table, previous=first)
    assert second.hidden == first.hidden
    assert check_published(second) == []


def test_small_change_between_published_periods_is_hidden() -> None:
    before = protect(FrequencyTable(("a", "b"), ("c", "d"), ((20, 9), (8, 30))))
    after = FrequencyTable(("a", "b"), ("c", "d"), ((22, 9), (8, 30)))
    alone = Publication(table=after, hidden=frozenset(), k=5, previous=before)
    kinds = {(p.kind, p.cell) for p in check_published(alone)}
    assert (SMALL_CHANGE, (0, 0)) in kinds
    publication = protect(after, previous=before)
    assert (0, 0) in publication.hidden
    assert check_published(publication) == []


def test_cell_hidden_now_does_not_reveal_a_small_change() -> None:
    # 20 published in the first quarter; hiding the new 22 with a rectangle whose other
    # cells are published unchanged would still pin the increment to 2.
    before = protect(FrequencyTable(("a", "b"), ("c", "d", "e"), ((20, 9, 7), (8, 30, 6))))
    after = FrequencyTable(("a", "b"), ("c", "d", "e"), ((22, 9, 7), (8, 30, 6)))
    publication = protect(after, previous=before)
    assert check_published(publication) == []
    assert (0, 0) in publication.hidden


def test_audit_names_each_kind_of_breach() -> None:
    table = FrequencyTable(("a", "b"), ("c", "d"), ((2, 0), (8, 30)))
    published = Publication(table=table, hidden=frozenset({(1, 1)}), k=5)
    kinds = {(p.kind, p.cell) for p in check_published(published)}
    assert (PRIMARY_PUBLISHED, (0, 0)) in kinds
    assert (EXACT, (1, 1)) in kinds
    zero = Publication(table=table, hidden=frozenset({(0, 1)}), k=5)
    assert (ZERO_HIDDEN, (0, 1)) in {(p.kind, p.cell) for p in check_published(zero)}
    line = FrequencyTable.one_dimensional(("a", "b", "c"), (1, 2, 40))
    pair = Publication(table=line, hidden=frozenset({(0, 0), (0, 1), (1, 0), (1, 1)}), k=5)
    assert (NARROW, (0, 0)) in {(p.kind, p.cell) for p in check_published(pair)}
    # Two hidden cells summing to 2 are two 1s: a hidden cell is never 0.
    ones = FrequencyTable.one_dimensional(("a", "b", "c"), (1, 1, 40))
    both = Publication(table=ones, hidden=frozenset({(0, 0), (0, 1), (1, 0), (1, 1)}), k=5)
    assert (EXACT, (0, 0)) in {(p.kind, p.cell) for p in check_published(both)}


def test_audit_sees_a_narrow_hidden_increment() -> None:
    table = FrequencyTable.one_dimensional(("a", "b", "c"), (10, 10, 40))
    later = FrequencyTable.one_dimensional(("a", "b", "c"), (11, 11, 40))
    both = frozenset({(0, 0), (0, 1), (1, 0), (1, 1)})
    first = Publication(table=table, hidden=both, k=5)
    second = Publication(table=later, hidden=both, k=5, previous=first)
    assert {(p.kind, p.period) for p in check_published(second)} == {(SMALL_CHANGE, 1)}


def test_invalid_series_are_refused() -> None:
    table = FrequencyTable(("a", "b"), ("c", "d"), ((20, 9), (8, 30)))
    first = protect(table)
    with pytest.raises(ValueError, match="at least 2"):
        protect(table, k=1)
    with pytest.raises(ValueError, match="same categories"):
        protect(table, k=10, previous=first)
    with pytest.raises(ValueError, match="same categories"):
        protect(FrequencyTable(("a", "z"), ("c", "d"), ((20, 9), (8, 30))), previous=first)
    with pytest.raises(ValueError, match="same categories"):
        protect(FrequencyTable(("a",), ("c", "d"), ((20, 9),)), previous=first)
    with pytest.raises(ValueError, match="never decreases"):
        protect(FrequencyTable(("a", "b"), ("c", "d"), ((19, 9), (8, 30))), previous=first)
    mixed = Publication(table=table, hidden=frozenset(), k=10, previous=first)
    with pytest.raises(ValueError, match="same categories"):
        check_published(mixed)


def test_unsafe_earlier_period_cannot_be_repaired() -> None:
    table = FrequencyTable(("a", "b"), ("c", "d"), ((2, 9), (8, 30)))
    unsafe = Publication(table=table, hidden=frozenset(), k=5)
    with pytest.raises(DisclosureError) as raised:
        protect(table, previous=unsafe)
    assert raised.value.problems[0].kind == PRIMARY_PUBLISHED


def test_no_cycle_left_when_everything_is_hidden() -> None:
    table = FrequencyTable.one_dimensional(("a", "b"), (1, 2))
    assert suppression._cycle(table, frozenset(table.cells), (0, 0)) == set()


def test_engine_stops_rather_than_loops_when_nothing_can_be_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(suppression, "_cycle", lambda *_: set())
    with pytest.raises(DisclosureError):
        protect(FrequencyTable.one_dimensional(("a", "b"), (1, 20)))


def test_breach_in_an_earlier_period_hides_the_same_cell_now() -> None:
    table = FrequencyTable.one_dimensional(("a", "b"), (6, 20))
    publication = Publication(table=table, hidden=frozenset(), k=5)
    problem = Problem(0, NARROW, (0, 1), "narrowed")
    assert suppression._fix(publication, problem) == {(0, 1)}


def _cheapest_safe_pattern(table: FrequencyTable, k: int) -> int:
    """The smallest total of hidden counts over every safe pattern (exhaustive search)."""
    primary = frozenset(c for c in table.cells if 0 < table.value(c) < k)
    others = [c for c in table.cells if table.value(c) >= k]
    best: int | None = None
    for r in range(len(others) + 1):
        for extra in itertools.combinations(others, r):
            hidden = primary | frozenset(extra)
            cost = sum(table.value(c) for c in hidden)
            if best is not None and cost >= best:
                continue
            if not check_published(Publication(table=table, hidden=hidden, k=k)):
                best = cost
    assert best is not None
    return best


@pytest.mark.parametrize(
    "table",
    [
        FrequencyTable(("a", "b"), ("c", "d"), ((2, 9), (8, 30))),
        FrequencyTable(("a", "b"), ("c", "d"), ((1, 1), (15, 9))),
        FrequencyTable(("a", "b"), ("c", "d", "e"), ((3, 12, 0), (7, 20, 6))),
        FrequencyTable.one_dimensional(("a", "b", "c"), (3, 10, 20)),
        FrequencyTable.one_dimensional(("a", "b", "c", "d"), (1, 1, 40, 50)),
        FrequencyTable(("a", "b", "c"), ("d",), ((4,), (9,), (30,))),
    ],
)
def test_suppression_is_minimal_in_simple_cases(table: FrequencyTable) -> None:
    publication = protect(table)
    cost = sum(table.value(c) for c in publication.hidden)
    assert cost == _cheapest_safe_pattern(table, 5)


def test_one_small_cell_in_two_by_two_hides_the_interior_only() -> None:
    table = FrequencyTable(("a", "b"), ("c", "d"), ((2, 9), (8, 30)))
    assert protect(table).published_grid() == ((X, X, 11), (X, X, 38), (10, 39, 49))


def test_published_small_increment_hides_the_cell_itself() -> None:
    first = protect(FrequencyTable(("a", "b"), ("c", "d"), ((3, 0), (0, 1))), k=3)
    after = FrequencyTable(("a", "b"), ("c", "d"), ((4, 2), (1, 1)))
    publication = protect(after, k=3, previous=first)
    assert (0, 0) in publication.hidden
    assert check_published(publication) == []
