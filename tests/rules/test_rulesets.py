from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given

from atbalsts.rules.catalogue import RULE_SET_LABELS
from atbalsts.rules.rulesets import RULE_NAMES, RULE_SETS, NoRuleSetInForceError, rule_set_for
from tests.rules.strategies import any_date

FIELDS = {f.name for f in dataclasses.fields(next(iter(RULE_SETS.values())))}


@pytest.mark.parametrize(
    ("on", "rule_set"),
    [
        (date(2007, 1, 1), "lv-mk889"),  # Regulation No. 889 entered into force
        (date(2012, 12, 31), "lv-mk889"),
        (date(2019, 7, 16), "lv-mk889"),  # No. 344 adopted, not yet in force
        (date(2019, 7, 19), "lv-mk889"),
        (date(2019, 7, 20), "lv-mk344"),
        (date(2026, 11, 29), "lv-mk344"),
    ],
)
def test_rule_set_in_force(on: date, rule_set: str) -> None:
    assert rule_set_for(on).id == rule_set


def test_no_rule_set_before_regulation_889() -> None:
    with pytest.raises(NoRuleSetInForceError, match=r"2006-12-31.*lv-mk889.*2007-01-01"):
        rule_set_for(date(2006, 12, 31))
    assert issubclass(NoRuleSetInForceError, ValueError)


def test_the_numbers_of_domain_md() -> None:
    for rule_set in RULE_SETS.values():
        assert rule_set.course_max_days == 180
        assert rule_set.agency_decision_working_days == 3
        assert rule_set.has_waiting_list
        assert rule_set.after_course_consultations == 5
        assert rule_set.after_course_consultation_hours == 1
        assert rule_set.after_course_window_years == 2
        assert rule_set.criminal_process_support_hours_per_year == 150
        assert rule_set.criminal_process_support_years == 3
        assert rule_set.family_minor_consultations == 5


def test_values_of_344_not_yet_confirmed_are_marked() -> None:
    mk344 = RULE_SETS["lv-mk344"]
    assert mk344.carried_over == {
        "agency_decision_working_days",
        "has_waiting_list",
        "criminal_process_support_years",
        "family_minor_consultations",
    }
    assert mk344.carried_over <= FIELDS
    # What docs/domain.md says No. 344 keeps is confirmed, not carried over.
    for confirmed in (
        "course_max_days",
        "after_course_consultations",
        "after_course_consultation_hours",
        "after_course_window_years",
        "criminal_process_support_hours_per_year",
    ):
        assert not mk344.is_carried_over(confirmed)
    assert mk344.is_carried_over("family_minor_consultations")
    assert RULE_SETS["lv-mk889"].carried_over == frozenset()


def test_rule_sets_match_the_catalogue() -> None:
    assert list(RULE_SETS) == list(RULE_SET_LABELS)
    for rule_set_id, rule_set in RULE_SETS.items():
        assert rule_set.id == rule_set_id
        assert rule_set.title_lv == RULE_SET_LABELS[rule_set_id].lv
        assert rule_set.title_en == RULE_SET_LABELS[rule_set_id].en
        hash(rule_set)


def test_every_rule_names_its_regulation() -> None:
    numbers = {"lv-mk889": "Nr. 889", "lv-mk344": "Nr. 344"}
    for rule_set in RULE_SETS.values():
        for rule in RULE_NAMES:
            assert numbers[rule_set.id] in rule_set.reference(rule)
    assert (
        RULE_SETS["lv-mk344"].reference("course")
        == "Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344, 4. punkts"
    )


@given(any_date)
def test_the_rule_set_in_force_is_the_latest_that_applies(on: date) -> None:
    chosen = rule_set_for(on)
    assert chosen.applies_from <= on
    later = [rs for rs in RULE_SETS.values() if chosen.applies_from < rs.applies_from <= on]
    assert later == []
