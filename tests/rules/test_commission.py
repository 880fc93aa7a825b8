from __future__ import annotations

import pytest

from atbalsts.rules.commission import (
    INTERVIEW_MODES,
    check_interview_mode,
    check_opinion,
    is_complete,
    missing_roles,
)
from atbalsts.rules.errors import RuleInputError, UnknownCodeError

FULL = ["social_worker", "psychologist", "lawyer", "police_official"]


def test_a_commission_of_the_four_required_roles_is_complete() -> None:
    assert missing_roles(FULL) == ()
    assert is_complete([*FULL, "other", "other"])


@pytest.mark.parametrize("absent", FULL)
def test_each_required_role_is_missed(absent: str) -> None:
    roles = [role for role in FULL if role != absent]
    assert missing_roles(roles) == (absent,)
    assert not is_complete(roles)


def test_missing_roles_are_in_catalogue_order() -> None:
    assert missing_roles(["other", "lawyer"]) == (
        "social_worker",
        "psychologist",
        "police_official",
    )


def test_in_person_is_always_allowed() -> None:
    assert check_interview_mode("in_person", is_person_abroad=False) == "in_person"


@pytest.mark.parametrize("mode", ["remote", "documents_only"])
def test_remote_and_documents_only_only_for_a_person_abroad(mode: str) -> None:
    assert check_interview_mode(mode, is_person_abroad=True) == mode
    with pytest.raises(RuleInputError) as error:
        check_interview_mode(mode, is_person_abroad=False)
    assert error.value.field == "interview_mode"


def test_unknown_interview_mode() -> None:
    with pytest.raises(RuleInputError):
        check_interview_mode("by_letter", is_person_abroad=True)
    assert list(INTERVIEW_MODES) == ["in_person", "remote", "documents_only"]


def test_a_positive_opinion_must_cite_a_criterion() -> None:
    with pytest.raises(RuleInputError) as error:
        check_opinion(is_recognised=True, criteria_items=[])
    assert error.value.field == "criteria"


def test_opinions_keep_the_items_without_repeats() -> None:
    items = ["movement.recruited", "threats.earlier_violence", "movement.recruited"]
    assert check_opinion(is_recognised=True, criteria_items=items) == (
        "movement.recruited",
        "threats.earlier_violence",
    )
    assert check_opinion(is_recognised=False, criteria_items=[]) == ()


def test_an_unknown_criterion_is_refused() -> None:
    with pytest.raises(UnknownCodeError):
        check_opinion(is_recognised=False, criteria_items=["movement.flew"])
