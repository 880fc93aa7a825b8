"""A revision beside a frozen release (docs/security.md ST-1 "across periods and releases").

The release keeps only what it showed; the revision is checked against it by
:func:`atbalsts.disclosure.revisions.revision_problems`. The property below plays random
back-dated insertions against a released table and, for every revision that is let
through, solves the release and the revision together with the true counts of both, as a
reader who subtracts them would: no hidden cell is worked out exactly, and no small change
of a cell (the persons added in between) is shown or narrowed below k.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atbalsts.disclosure import MARKER, FrequencyTable, Publication, protect
from atbalsts.disclosure.audit import Reader
from atbalsts.disclosure.revisions import (
    DECREASE,
    STATE_CHANGED,
    released_publication,
    revision_problems,
)
from atbalsts.disclosure.tables import Cell


def _codes(size: int) -> tuple[str, ...]:
    return tuple(f"c{index}" for index in range(size))


def _release(counts: list[int], k: int = 5) -> tuple[Publication, list[int | str]]:
    publication = protect(FrequencyTable.one_dimensional(_codes(len(counts)), tuple(counts)), k=k)
    return publication, list(publication.published_grid()[0])


def _kinds(released: list[list[int | str]], current: list[int], k: int = 5) -> set[str]:
    return {problem.kind for problem in revision_problems(released, current, k=k)}


def test_one_person_added_to_a_table_of_twelve_is_withheld() -> None:
    # 12 recognised, all in one category; then one man in a category that showed 0.
    _release_pub, shown = _release([12, 0, 0])
    assert shown == [12, 0, 0, 12]
    assert _kinds([shown], [12, 1, 0]) == {"small-change", STATE_CHANGED}


def test_a_hidden_cell_that_would_become_0_is_withheld() -> None:
    _release_pub, shown = _release([3, 9, 20])
    assert shown == [MARKER, MARKER, 20, 32]
    assert STATE_CHANGED in _kinds([shown], [0, 12, 20])


def test_a_shown_number_that_falls_is_withheld() -> None:
    _release_pub, shown = _release([3, 9, 20])
    assert DECREASE in _kinds([shown], [3, 9, 14])


def test_a_change_of_k_or_more_everywhere_may_be_shown() -> None:
    _release_pub, shown = _release([3, 9, 20])
    assert revision_problems([shown], [4, 14, 25], k=5) == []


def test_a_change_inside_the_hidden_cells_that_narrows_them_is_withheld() -> None:
    _release_pub, shown = _release([3, 9, 20])
    # The total grows by 5, all of it in the shown cell: the hidden cells are known not to
    # have changed, which says nothing about anybody.
    assert revision_problems([shown], [3, 9, 25], k=5) == []
    # The total grows by 11 and the shown cell by 7: the two hidden cells grew by 4
    # together, so each grew by 0..4, fewer than k persons a reader can pin down.
    assert _kinds([shown], [4, 12, 27]) == {"small-change"}


def test_a_release_is_checked_as_it_was_shown() -> None:
    with pytest.raises(ValueError, match="at least one person"):
        released_publication([MARKER, 3, 2], k=5)


Insertions = list[list[int]]


@st.composite
def _scenario(draw: st.DrawFn) -> tuple[list[int], Insertions, int]:
    size = draw(st.integers(2, 4))
    counts = draw(
        st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 6, 9, 15]), min_size=size, max_size=size)
    )
    batches = draw(
        st.lists(st.lists(st.integers(0, size - 1), min_size=1, max_size=12), max_size=3)
    )
    return counts, batches, draw(st.sampled_from([5, 5, 10]))


def _hidden_cells(publication: Publication) -> list[Cell]:
    return sorted(publication.hidden)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_scenario())
def test_no_revision_beside_its_release_reveals_a_hidden_cell_or_a_small_change(
    scenario: tuple[list[int], Insertions, int],
) -> None:
    counts, batches, k = scenario
    table = FrequencyTable.one_dimensional(_codes(len(counts)), tuple(counts))
    release = protect(table, k=k)
    shown_release = list(release.published_grid()[0])
    versions = [release]  # the true counts of every version shown, for the reader only
    shown = [shown_release]
    current = list(counts)
    for batch in batches:
        for category in batch:
            current[category] += 1  # a recognition entered later, dated inside the period
        candidate = Publication(
            table=FrequencyTable.one_dimensional(_codes(len(current)), tuple(current)),
            hidden=release.hidden,
            k=k,
        )
        grid = list(candidate.published_grid()[0])
        if grid == shown[-1] or revision_problems(shown, current, k=k):
            continue
        versions.append(candidate)
        shown.append(grid)
    assert shown[0] == shown_release == list(release.published_grid()[0])
    for earlier_index, earlier in enumerate(versions):
        for later in versions[earlier_index + 1 :]:
            assert later.hidden == earlier.hidden  # a cell's published state is fixed
            reader = Reader((earlier, later))
            for index, publication in enumerate((earlier, later)):
                for cell in _hidden_cells(publication):
                    interval = reader.interval(("cell", index, *cell))
                    assert interval.low != interval.high, (cell, interval)
            for cell in earlier.table.cells:
                change = later.table.value(cell) - earlier.table.value(cell)
                if not 0 < change < k:
                    continue
                assert cell in later.hidden, (cell, change)
                interval = reader.interval(("increment", 1, *cell))
                assert interval.high is None or interval.high - interval.low >= k, interval
