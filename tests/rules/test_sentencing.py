from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atbalsts.rules.catalogue import SENTENCING_CIRCUMSTANCES
from atbalsts.rules.errors import RuleInputError, UnknownCodeError
from atbalsts.rules.sentencing import sentence, victim_age_circumstances

PART_2 = ["minor_victim", "group_prior_agreement"]
PART_3 = [
    "endangered_life",
    "serious_consequences",
    "special_cruelty",
    "young_child_victim",
    "organised_group",
]


def test_no_circumstance_is_part_1() -> None:
    result = sentence([])
    assert (result.part, result.imprisonment_min_years) == (1, None)
    assert (result.imprisonment_max_years, result.probation_max_years) == (8, 0)
    assert result.decided_by == ()
    assert "154.¹" in result.source


@pytest.mark.parametrize("circumstance", PART_2)
def test_part_2(circumstance: str) -> None:
    result = sentence([circumstance])
    assert result.part == 2
    assert (result.imprisonment_min_years, result.imprisonment_max_years) == (3, 12)
    assert result.probation_max_years == 3
    assert result.decided_by == (circumstance,)


@pytest.mark.parametrize("circumstance", PART_3)
def test_part_3(circumstance: str) -> None:
    result = sentence([circumstance])
    assert result.part == 3
    assert (result.imprisonment_min_years, result.imprisonment_max_years) == (5, 15)
    assert result.probation_max_years == 3


def test_the_most_severe_part_wins() -> None:
    result = sentence(
        ("minor_victim", "organised_group", "group_prior_agreement", "organised_group")
    )
    assert result.part == 3
    assert result.decided_by == ("organised_group",)


def test_a_generator_is_accepted() -> None:
    assert sentence(c for c in PART_2).part == 2


def test_unknown_circumstance() -> None:
    with pytest.raises(UnknownCodeError) as caught:
        sentence(["minor_victim", "piracy"])
    assert (caught.value.field, caught.value.code) == ("circumstances", "piracy")


def test_one_string_is_not_a_list_of_codes() -> None:
    with pytest.raises(TypeError):
        sentence("minor_victim")


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        (date(2000, 1, 1), ()),
        (date(2008, 6, 2), ("minor_victim",)),
        (date(2012, 6, 2), ("minor_victim", "young_child_victim")),
        (date(2012, 6, 1), ("minor_victim",)),  # 14th birthday on the day of the offence
    ],
)
def test_victim_age_circumstances(birth: date, expected: tuple[str, ...]) -> None:
    assert victim_age_circumstances(birth, date(2026, 6, 1)) == expected


def test_victim_born_after_the_offence() -> None:
    with pytest.raises(RuleInputError):
        victim_age_circumstances(date(2026, 6, 2), date(2026, 6, 1))


@given(st.sets(st.sampled_from(list(SENTENCING_CIRCUMSTANCES))))
def test_severity_only_grows_with_more_circumstances(codes: set[str]) -> None:
    result = sentence(codes)
    assert result.part == max((SENTENCING_CIRCUMSTANCES[c].part for c in codes), default=1)
    for extra in SENTENCING_CIRCUMSTANCES:
        more = sentence(codes | {extra})
        assert more.part >= result.part
        assert more.imprisonment_max_years >= result.imprisonment_max_years
    assert set(result.decided_by) <= codes
