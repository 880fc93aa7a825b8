"""Frequency tables, their extended grid and what a publication shows."""

from __future__ import annotations

import pytest

from atbalsts.disclosure import MARKER, TOTAL, FrequencyTable, Publication


def test_extended_grid_carries_the_margins() -> None:
    table = FrequencyTable(("lv", "vn"), ("f", "m"), ((3, 0), (7, 12)))
    assert table.shape == (2, 2)
    assert table.grid == ((3, 0, 3), (7, 12, 19), (10, 12, 22))
    assert table.value((2, 2)) == 22
    assert len(table.cells) == 9


def test_one_dimensional_table_is_one_row() -> None:
    table = FrequencyTable.one_dimensional(("a", "b"), (4, 6))
    assert table.row_codes == (TOTAL.lower(),)
    assert table.grid == ((4, 6, 10), (4, 6, 10))


@pytest.mark.parametrize(
    ("rows", "columns", "counts"),
    [
        ((), ("a",), ()),
        (("a",), (), ((),)),
        (("a", "a"), ("b",), ((1,), (1,))),
        (("a",), (TOTAL,), ((1,),)),
        (("a",), ("b",), ((1,), (2,))),
        (("a",), ("b", "c"), ((1,),)),
        (("a",), ("b",), ((-1,),)),
        (("a",), ("b",), ((True,),)),
    ],
)
def test_invalid_tables_are_refused(
    rows: tuple[str, ...], columns: tuple[str, ...], counts: tuple[tuple[int, ...], ...]
) -> None:
    with pytest.raises(ValueError, match=r"table|codes|counts"):
        FrequencyTable(rows, columns, counts)


def test_published_grid_shows_one_marker_and_true_numbers() -> None:
    table = FrequencyTable(("a", "b"), ("c", "d"), ((2, 9), (8, 30)))
    publication = Publication(table=table, hidden=frozenset({(0, 0), (0, 1)}), k=5)
    assert publication.published_grid() == (
        (MARKER, MARKER, 11),
        (8, 30, 38),
        (10, 39, 49),
    )
    later = Publication(table=table, hidden=frozenset(), k=5, previous=publication)
    assert later.chain() == (publication, later)
