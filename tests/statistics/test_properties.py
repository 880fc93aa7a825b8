"""Property tests at the level of the published tables (docs/security.md ST-1 "Property-based
test ... Differencing test over two consecutive periods").

Random microdata (one record a person, or a SIVA decision, with a quarter and a category in
every table) -> the year-to-date counts the selectors produce -> the tables of
:mod:`atbalsts.statistics.tables`. For every period of the year, alone and with the earlier
ones: every shown count is 0 or at least k, the disclosure audit finds nothing, tables of
one family show their common total everywhere or nowhere, and for small tables an
independent brute-force search over the shown numbers alone finds no hidden count 1..k-1
narrowed below k.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atbalsts.disclosure import MARKER, check_published
from atbalsts.statistics.tables import (
    SPECS,
    PeriodCounts,
    TableSpec,
    protect_series,
    published_tables,
)
from tests.disclosure.test_properties import _assert_brute_force_safe

Record = tuple[int, tuple[int, ...]]
"""The quarter of the record (1-4) and its category index in each table."""


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _category(size: int) -> st.SearchStrategy[int]:
    # Lopsided on purpose: one large category and a scatter of small ones, as in life.
    return st.one_of(st.just(0), st.just(0), st.integers(0, size - 1))


@st.composite
def microdata(
    draw: st.DrawFn, specs: Sequence[TableSpec], max_records: int, quarters: int
) -> list[Record]:
    record = st.tuples(
        st.integers(1, quarters), st.tuples(*(_category(len(s.codes)) for s in specs))
    )
    return draw(st.lists(record, max_size=max_records))


def _series(records: list[Record], specs: Sequence[TableSpec], quarters: int) -> list[PeriodCounts]:
    """What the selectors return for these records: counts from January 1 to each
    quarter's end (the services' magnitudes: one service of 2 hours a person)."""
    periods = []
    for quarter in range(1, quarters + 1):
        counts: dict[str, tuple[int, ...]] = {}
        for index, spec in enumerate(specs):
            cells = [0] * len(spec.codes)
            for when, categories in records:
                if when <= quarter:
                    cells[categories[index]] += 1
            counts[spec.name] = tuple(cells)
        magnitudes = {
            spec.name: {
                "deliveries": tuple(Decimal(c) for c in counts[spec.name]),
                "hours": tuple(Decimal(2 * c) for c in counts[spec.name]),
            }
            for spec in specs
            if spec.magnitudes
        }
        periods.append(PeriodCounts(counts=counts, magnitudes=magnitudes))
    return periods


def _assert_published_safely(periods: list[PeriodCounts], specs: Sequence[TableSpec]) -> None:
    series = protect_series(periods, specs)
    for index, publications in enumerate(series):
        for spec in specs:
            publication = publications[spec.name]
            assert publication.previous is (series[index - 1][spec.name] if index else None)
            for shown, true in zip(
                publication.published_grid()[0], publication.table.grid[0], strict=True
            ):
                assert shown in (MARKER, true)
                assert shown == MARKER or true == 0 or true >= spec.k, (spec.name, shown)
                assert shown != MARKER or true > 0
            assert check_published(publication) == [], spec.name
        for family in {spec.family for spec in specs}:
            totals = {
                publications[s.name].published_grid()[0][-1] for s in specs if s.family == family
            }
            assert len(totals) == 1, (family, totals)
        for table in published_tables(periods[: index + 1], specs):
            for row in (*table.rows, table.total):
                if row.is_hidden:
                    assert all(m == MARKER for m in row.magnitudes)


@_settings(8)
@given(records=microdata(SPECS, max_records=50, quarters=4))
def test_every_table_of_every_quarter_keeps_small_counts_hidden(records: list[Record]) -> None:
    _assert_published_safely(_series(records, SPECS, 4), SPECS)


SMALL = tuple(s for s in SPECS if s.name in ("basis", "sex", "decision_outcome"))


@_settings(30)
@given(records=microdata(SMALL, max_records=25, quarters=2))
def test_small_tables_resist_a_brute_force_reader_across_two_quarters(
    records: list[Record],
) -> None:
    periods = _series(records, SMALL, 2)
    _assert_published_safely(periods, SMALL)
    last = protect_series(periods, SMALL)[-1]
    for spec in SMALL:
        _assert_brute_force_safe(last[spec.name].chain())


def test_a_total_hidden_in_one_table_is_hidden_in_all_of_its_family() -> None:
    # 6 persons: by basis 2 + 4, both hidden; with the total shown a reader would know
    # the 2 is 1..5 (each hidden cell holds someone), so the engine hides the total. By sex
    # all 6 are women, which on its own would show the 6 and with it narrow the 2.
    basis, sex = (s for s in SPECS if s.name in ("basis", "sex"))
    counts = {"basis": (2, 4, 0), "sex": (6, 0, 0, 0)}
    [period] = protect_series([PeriodCounts(counts=counts)], (basis, sex))
    assert period["basis"].published_grid()[0][-1] == MARKER
    assert period["sex"].published_grid()[0] == (MARKER, 0, 0, 0, MARKER)
