from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atbalsts.rules.catalogue import CRITERIA, CRITERIA_ITEMS, INDICATORS
from atbalsts.rules.dates import add_years
from atbalsts.rules.errors import RuleInputError, UnknownCodeError
from atbalsts.rules.screening import (
    ScreeningInput,
    ScreeningResult,
    age_on,
    is_minor,
    is_young_child,
    screen,
)
from tests.rules.strategies import any_date

ASSESSED = date(2026, 11, 29)


def _codes(result: ScreeningResult) -> list[str]:
    return [e.code for e in result.explanation]


def _explained(result: ScreeningResult, code: str) -> str:
    (found,) = [e for e in result.explanation if e.code == code]
    assert found.text_lv
    assert found.text_en
    assert found.source
    return found.source


# --- Age ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2008, 11, 29), date(2026, 11, 29), 18),  # 18th birthday: an adult from this day
        (date(2008, 11, 30), date(2026, 11, 29), 17),
        (date(2008, 2, 29), date(2026, 2, 28), 18),  # leap-day birth: 28 February
        (date(2008, 2, 29), date(2026, 2, 27), 17),
        (date(2012, 2, 29), date(2024, 2, 29), 12),
        (date(2026, 11, 29), date(2026, 11, 29), 0),
    ],
)
def test_age_on(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


def test_minor_and_young_child_edges() -> None:
    assert is_minor(date(2008, 11, 30), ASSESSED)
    assert not is_minor(date(2008, 11, 29), ASSESSED)
    assert is_young_child(date(2012, 11, 30), ASSESSED)
    assert not is_young_child(date(2012, 11, 29), ASSESSED)


def test_birth_after_the_day_is_an_input_error() -> None:
    with pytest.raises(RuleInputError) as caught:
        age_on(date(2027, 1, 1), ASSESSED)
    assert caught.value.field == "birth_date"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 1, 1)), any_date)
def test_age_grows_by_one_on_each_anniversary(birth: date, on: date) -> None:
    if birth > on:
        with pytest.raises(RuleInputError):
            age_on(birth, on)
        return
    age = age_on(birth, on)
    assert age >= 0
    assert is_minor(birth, on) is (age < 18)
    assert is_young_child(birth, on) is (age < 14)
    # The age is the number of anniversaries reached (29 February -> 28 February).
    assert add_years(birth, age) <= on < add_years(birth, age + 1)


# --- Signs and referral --------------------------------------------------------------------


def test_no_sign_no_referral() -> None:
    result = screen(ScreeningInput(assessed_on=ASSESSED))
    assert result.signs_found == 0
    assert not result.refer_to_provider
    assert result.criteria_groups_met == ()
    assert "signs.none" in _codes(result)
    assert result.rule_set == "lv-mk344"


def test_one_sign_is_enough_to_refer() -> None:
    result = screen(ScreeningInput(assessed_on=ASSESSED, indicators=("isolation",)))
    assert result.signs_found == 1
    assert result.refer_to_provider
    assert "Speciālistu komisijas darbs" in _explained(result, "signs.refer")


def test_criteria_items_count_as_signs_and_name_their_groups_in_annex_order() -> None:
    result = screen(
        ScreeningInput(
            assessed_on=ASSESSED,
            indicators=("debt_bondage", "isolation", "isolation"),
            criteria=("confinement.constantly_controlled", "movement.sold", "movement.sold"),
        )
    )
    assert result.signs_found == 4  # repeats count once
    assert result.criteria_groups_met == ("movement", "confinement")
    assert "noteikumi Nr. 889, 2. pielikums" in _explained(result, "criteria.movement")
    assert "criteria.confinement" in _codes(result)
    assert "criteria.threats" not in _codes(result)


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("indicators", ScreeningInput(assessed_on=ASSESSED, indicators=("nope",))),
        ("criteria", ScreeningInput(assessed_on=ASSESSED, criteria=("movement",))),
        ("acts", ScreeningInput(assessed_on=ASSESSED, acts=("nope",))),
        ("means", ScreeningInput(assessed_on=ASSESSED, means=("nope",))),
        ("purposes", ScreeningInput(assessed_on=ASSESSED, purposes=("recruitment",))),
    ],
)
def test_unknown_codes_name_the_field(field: str, data: ScreeningInput) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        screen(data)
    assert caught.value.field == field
    assert caught.value.code in str(caught.value)


@pytest.mark.parametrize("age", [-1, 131])
def test_impossible_age(age: int) -> None:
    with pytest.raises(RuleInputError) as caught:
        screen(ScreeningInput(assessed_on=ASSESSED, age=age))
    assert caught.value.field == "age"


def test_birth_date_after_assessment() -> None:
    with pytest.raises(RuleInputError) as caught:
        screen(ScreeningInput(assessed_on=ASSESSED, birth_date=date(2026, 11, 30)))
    assert caught.value.field == "birth_date"


def test_assessment_before_any_rule_set() -> None:
    with pytest.raises(RuleInputError) as caught:
        screen(ScreeningInput(assessed_on=date(2006, 6, 1)))
    assert caught.value.field == "assessed_on"


def test_rule_set_of_the_assessment_day() -> None:
    assert screen(ScreeningInput(assessed_on=date(2015, 3, 2))).rule_set == "lv-mk889"


# --- Minor and the definition ---------------------------------------------------------------


def test_birth_date_wins_over_age() -> None:
    result = screen(ScreeningInput(assessed_on=ASSESSED, birth_date=date(2010, 1, 1), age=30))
    assert result.is_minor is True
    assert "age.minor" in _codes(result)


@pytest.mark.parametrize(("age", "minor"), [(17, True), (18, False), (0, True)])
def test_minor_from_age(age: int, minor: bool) -> None:
    result = screen(ScreeningInput(assessed_on=ASSESSED, age=age))
    assert result.is_minor is minor
    assert ("age.minor" if minor else "age.adult") in _codes(result)


def test_adult_needs_act_means_and_purpose() -> None:
    base = ScreeningInput(
        assessed_on=ASSESSED,
        age=30,
        acts=("recruitment",),
        purposes=("forced_labour",),
    )
    without_means = screen(base)
    assert without_means.definition.means_required
    assert not without_means.definition.means
    assert not without_means.definition.complete
    with_means = screen(
        ScreeningInput(
            assessed_on=ASSESSED,
            age=30,
            acts=("recruitment",),
            means=("abduction_deceit",),
            purposes=("forced_labour",),
        )
    )
    assert with_means.definition.complete
    assert _explained(with_means, "definition.means") == "Krimināllikuma 154.² panta pirmā daļa"
    assert _explained(with_means, "definition.complete").startswith("Krimināllikuma 154.²")


def test_minor_needs_no_means() -> None:
    result = screen(
        ScreeningInput(
            assessed_on=ASSESSED,
            birth_date=date(2010, 5, 5),
            acts=("transportation",),
            purposes=("sexual",),
        )
    )
    assert result.is_minor is True
    assert not result.definition.means_required
    assert result.definition.complete
    assert _explained(result, "definition.means") == "Krimināllikuma 154.² panta otrā daļa"


def test_unknown_age_requires_means() -> None:
    result = screen(
        ScreeningInput(assessed_on=ASSESSED, acts=("receipt",), purposes=("sham_marriage",))
    )
    assert result.is_minor is None
    assert result.definition.means_required
    assert not result.definition.complete
    assert "age.unknown" in _codes(result)


def test_no_act_or_no_purpose_is_incomplete() -> None:
    minor = date(2012, 1, 1)
    no_act = screen(ScreeningInput(assessed_on=ASSESSED, birth_date=minor, purposes=("sexual",)))
    assert not no_act.definition.act
    assert not no_act.definition.complete
    no_purpose = screen(ScreeningInput(assessed_on=ASSESSED, birth_date=minor, acts=("receipt",)))
    assert not no_purpose.definition.purpose
    assert not no_purpose.definition.complete
    assert _explained(no_purpose, "definition.purpose") == "Krimināllikuma 154.² panta trešā daļa"


def test_every_conclusion_is_explained_with_a_source() -> None:
    result = screen(
        ScreeningInput(
            assessed_on=ASSESSED,
            age=25,
            indicators=tuple(INDICATORS),
            criteria=tuple(CRITERIA_ITEMS),
            acts=("recruitment",),
            means=("violence_threats",),
            purposes=("forced_criminality",),
        )
    )
    assert result.signs_found == 18 + 26
    assert result.criteria_groups_met == tuple(CRITERIA)
    for explanation in result.explanation:
        assert explanation.text_lv
        assert explanation.text_en
        assert explanation.source
    assert len({e.code for e in result.explanation}) == len(result.explanation)


@given(
    indicators=st.lists(st.sampled_from(list(INDICATORS)), max_size=25),
    criteria=st.lists(st.sampled_from(list(CRITERIA_ITEMS)), max_size=30),
    age=st.one_of(st.none(), st.integers(min_value=0, max_value=99)),
    has_act=st.booleans(),
    has_means=st.booleans(),
    has_purpose=st.booleans(),
)
def test_screening_properties(
    *,
    indicators: list[str],
    criteria: list[str],
    age: int | None,
    has_act: bool,
    has_means: bool,
    has_purpose: bool,
) -> None:
    result = screen(
        ScreeningInput(
            assessed_on=ASSESSED,
            age=age,
            indicators=tuple(indicators),
            criteria=tuple(criteria),
            acts=("transfer",) if has_act else (),
            means=("abuse_vulnerability",) if has_means else (),
            purposes=("organ_removal",) if has_purpose else (),
        )
    )
    assert result.signs_found == len(set(indicators)) + len(set(criteria))
    assert result.refer_to_provider is (result.signs_found > 0)
    assert set(result.criteria_groups_met) == {c.split(".")[0] for c in criteria}
    assert list(result.criteria_groups_met) == [
        g for g in CRITERIA if g in result.criteria_groups_met
    ]
    means_needed = age is None or age >= 18
    assert result.definition.means_required is means_needed
    assert result.definition.complete is (
        has_act and has_purpose and (has_means or not means_needed)
    )
