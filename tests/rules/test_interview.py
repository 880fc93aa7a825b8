"""The interview guide groups each of the 18 signs under one interview area."""

from __future__ import annotations

import pytest

from atbalsts.rules.catalogue import INDICATORS, INTERVIEW_AREAS
from atbalsts.rules.errors import UnknownCodeError
from atbalsts.rules.interview import INDICATORS_BY_AREA, area_of_indicator, indicators_for_area


def test_every_sign_is_under_exactly_one_area() -> None:
    listed = [code for codes in INDICATORS_BY_AREA.values() for code in codes]

    assert sorted(listed) == sorted(INDICATORS)
    assert len(listed) == len(set(listed)) == 18
    assert set(INDICATORS_BY_AREA) == set(INTERVIEW_AREAS)


def test_an_area_lists_its_signs_in_the_seed_order() -> None:
    assert indicators_for_area("safety") == (
        "violence_threats",
        "threats_dismissal_authorities",
        "medical_care_denied",
    )
    assert indicators_for_area("migration") == (
        "documents_confiscated",
        "recruitment_fee",
        "deception_about_work",
    )


def test_each_sign_names_its_area() -> None:
    assert area_of_indicator("isolation") == "social_ties"
    assert area_of_indicator("excessive_hours") == "employment"


def test_unknown_codes_are_refused_naming_the_field() -> None:
    with pytest.raises(UnknownCodeError) as area:
        indicators_for_area("weather")
    with pytest.raises(UnknownCodeError) as sign:
        area_of_indicator("weather")

    assert (area.value.field, sign.value.field) == ("area", "indicators")
