"""The object-level decision: every role, relation and action (docs/security.md AZ-3,
AZ-5, CO-2)."""

from __future__ import annotations

import itertools

import pytest

from atbalsts.access.policy import (
    CATEGORY_ACTIONS,
    RELATION_GRANTS,
    Action,
    Relation,
    Role,
    allowed_actions,
    decide,
)
from atbalsts.consent.models import InformationCategory

A = Action
SUMMARY = {A.VIEW_SUMMARY}
CATEGORIES = {
    A.VIEW_IDENTITY,
    A.VIEW_CONTACT,
    A.VIEW_LOCATION,
    A.VIEW_HEALTH,
    A.VIEW_EXPLOITATION,
    A.VIEW_CRIMINAL_PROCEEDINGS,
    A.VIEW_SERVICES,
}
EVERYTHING = set(Action)
CASE_KEEPERS = {
    Role.SOCIAL_WORKER,
    Role.SOCIAL_SERVICE_HEAD,
    Role.PROVIDER_CASE_MANAGER,
    Role.PROVIDER_SPECIALIST,
    Role.PROVIDER_HEAD,
}
SOCIAL_SERVICE = {Role.SOCIAL_WORKER, Role.SOCIAL_SERVICE_HEAD}
COMMISSION = SUMMARY | {A.VIEW_IDENTITY, A.VIEW_EXPLOITATION, A.VIEW_CRIMINAL_PROCEEDINGS}

# Written out independently of the policy's table: the expected grants, without consent
# categories (those are tested below).
EXPECTED: dict[Relation, dict[Role, set[Action]]] = {
    Relation.OWN_ORGANISATION: {
        Role.SOCIAL_WORKER: EVERYTHING,
        Role.SOCIAL_SERVICE_HEAD: EVERYTHING,
        Role.PROVIDER_CASE_MANAGER: EVERYTHING,
        Role.PROVIDER_HEAD: EVERYTHING,
        Role.PROVIDER_SPECIALIST: SUMMARY | CATEGORIES | {A.EDIT},
    },
    Relation.CONSENTED: {
        **dict.fromkeys(CASE_KEEPERS, SUMMARY),
        # Only the social service takes over a case shared with it (seed, last chapter).
        **dict.fromkeys(SOCIAL_SERVICE, SUMMARY | {A.TAKE_OVER}),
    },
    Relation.COMMISSION_MEMBER: {
        **dict.fromkeys(CASE_KEEPERS, COMMISSION),
        Role.COMMISSION_POLICE_MEMBER: COMMISSION,
    },
    Relation.AGENCY_SUBMITTED: {
        Role.AGENCY_COORDINATOR: SUMMARY | {A.VIEW_IDENTITY, A.VIEW_EXPLOITATION, A.VIEW_SERVICES}
    },
    Relation.EMERGENCY_OVERRIDE: {
        Role.PROVIDER_CASE_MANAGER: SUMMARY
        | {A.VIEW_IDENTITY, A.VIEW_CONTACT, A.VIEW_LOCATION, A.VIEW_HEALTH},
        Role.PROVIDER_HEAD: SUMMARY
        | {A.VIEW_IDENTITY, A.VIEW_CONTACT, A.VIEW_LOCATION, A.VIEW_HEALTH},
    },
    Relation.NONE: {},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", list(Relation))
@pytest.mark.parametrize("action", list(Action))
def test_every_role_relation_and_action(role: Role, relation: Relation, action: Action) -> None:
    expected = action in EXPECTED[relation].get(role, set())

    assert decide(role, {relation}, action) is expected
    assert decide(role.value, [relation], action) is expected


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_consent_grants_exactly_its_categories(role: Role, action: Action) -> None:
    for size in range(len(InformationCategory) + 1):
        for codes in itertools.combinations([c.value for c in InformationCategory], size):
            granted = {CATEGORY_ACTIONS[code] for code in codes}
            expected = role in CASE_KEEPERS and (action is A.VIEW_SUMMARY or action in granted)
            expected = expected or (role in SOCIAL_SERVICE and action is A.TAKE_OVER)

            assert decide(role, {Relation.CONSENTED}, action, codes) is expected


@pytest.mark.parametrize(
    "role", [Role.MINISTRY_ANALYST, Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMIN]
)
def test_ministry_dpo_and_administrator_see_no_case_content_whatever_their_relation(
    role: Role,
) -> None:
    every_category = [c.value for c in InformationCategory]

    assert allowed_actions(role, set(Relation), every_category) == frozenset()


def test_relations_add_up() -> None:
    both = {Relation.CONSENTED, Relation.COMMISSION_MEMBER}

    assert decide(Role.SOCIAL_WORKER, both, A.VIEW_IDENTITY)
    assert decide(Role.SOCIAL_WORKER, both, A.VIEW_HEALTH, ["health"])
    assert not decide(Role.SOCIAL_WORKER, both, A.VIEW_LOCATION, ["health"])
    assert not decide(Role.SOCIAL_WORKER, both, A.EDIT, ["health"])


def test_no_relation_and_unknown_roles_or_categories_grant_nothing() -> None:
    assert not decide(Role.SOCIAL_WORKER, set(), A.VIEW_SUMMARY)
    assert not decide("intruder", {Relation.OWN_ORGANISATION}, A.VIEW_SUMMARY)
    assert not decide(Role.SOCIAL_WORKER, {Relation.CONSENTED}, A.VIEW_HEALTH, ["nonsense"])
    assert not decide(
        Role.COMMISSION_POLICE_MEMBER, {Relation.CONSENTED}, A.VIEW_HEALTH, ["health"]
    )


def test_category_actions_are_the_consent_categories() -> None:
    assert set(CATEGORY_ACTIONS) == {c.value for c in InformationCategory}
    assert set(RELATION_GRANTS) == set(Relation)
    assert allowed_actions(Role.PROVIDER_HEAD, {Relation.CONSENTED}, ["contact"]) == {
        A.VIEW_SUMMARY,
        A.VIEW_CONTACT,
    }
