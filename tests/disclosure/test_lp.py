"""The exact linear programme behind the interval checks."""

from __future__ import annotations

from fractions import Fraction

import pytest

from atbalsts.disclosure.lp import InfeasibleError, maximise


def test_maximum_of_a_bounded_programme() -> None:
    # x + y = 4, x - z = 1: x ranges over 1..4
    rows = [[1, 1, 0], [1, 0, -1]]
    assert maximise([1, 0, 0], rows, [4, 1]) == 4
    assert maximise([-1, 0, 0], rows, [4, 1]) == -1


def test_unbounded_programme() -> None:
    assert maximise([1, 0], [[1, -1]], [2]) is None


def test_negative_right_hand_side_and_fractions() -> None:
    assert maximise([1, 0], [[-2, -1]], [-3]) == Fraction(3, 2)


def test_redundant_equation_is_dropped() -> None:
    rows = [[1, 1], [2, 2], [1, 1]]
    assert maximise([1, 0], rows, [3, 6, 3]) == 3


def test_contradiction_is_infeasible() -> None:
    with pytest.raises(InfeasibleError):
        maximise([1, 0], [[1, 1], [1, 1]], [3, 4])
    with pytest.raises(InfeasibleError):
        maximise([1], [[1]], [-1])


def test_degenerate_start_keeps_artificial_columns_out() -> None:
    # x - y = 0 twice over (once negated): phase one ends with both artificials basic at 0.
    rows = [[1, -1, 0], [-1, 1, 0], [0, 1, 1]]
    assert maximise([1, 0, 0], rows, [0, 0, 5]) == 5
    assert maximise([1, 0], [[1, -1], [-1, 1]], [0, 0]) is None
