"""Relations read from the database on every request; fetch-and-authorise answers 404 for
"not found" and "not yours" alike (docs/security.md AZ-3, AZ-4, AZ-8, AZ-10, CO-3)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from django.db.models import Q
from django.http import Http404

from atbalsts.access.policy import Action, Relation
from atbalsts.accounts.models import Organisation, User
from atbalsts.audit.models import AuditEvent
from atbalsts.cases import access
from atbalsts.cases.access import (
    case_for,
    case_standing,
    cases_visible_to,
    people_visible_to,
    person_for,
    person_standing,
)
from tests.people.factories import make_case, make_consent, make_person, withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: dict[str, User], organisations: dict[str, Organisation]) -> dict[str, Any]:
    """A provider's case of a person, and Rīga's own case of another person."""
    provider = personas["provider_case_manager"]
    riga_worker = personas["social_worker_a"]
    shared = make_person(created_by=provider)
    provider_case = make_case(person=shared, created_by=provider)
    own = make_person(created_by=riga_worker)
    riga_case = make_case(person=own, created_by=riga_worker)
    return {
        "provider_case": provider_case,
        "shared": shared,
        "riga_case": riga_case,
        "own": own,
        "organisations": organisations,
    }


def test_own_organisation_sees_its_cases_and_people(
    personas: dict[str, User], world: dict[str, Any]
) -> None:
    riga = personas["social_worker_a"]

    assert list(cases_visible_to(riga)) == [world["riga_case"]]
    assert list(people_visible_to(riga)) == [world["own"]]
    standing = case_standing(riga, world["riga_case"])
    assert standing.relations == {Relation.OWN_ORGANISATION}
    assert standing.allows(Action.EDIT)
    assert person_for(riga, world["own"].uuid, Action.EDIT).obj == world["own"]


@pytest.mark.parametrize(
    "persona", ["social_worker_b", "ministry_analyst", "system_admin", "dpo", "police_member"]
)
def test_everyone_else_sees_nothing_and_gets_404(
    personas: dict[str, User],
    world: dict[str, Any],
    persona: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    actor = personas[persona]

    assert list(cases_visible_to(actor)) == []
    assert list(people_visible_to(actor)) == []
    with caplog.at_level(logging.WARNING, logger="atbalsts.security"), pytest.raises(Http404):
        case_for(actor, world["riga_case"].uuid, Action.VIEW_SUMMARY)
    with pytest.raises(Http404):
        person_for(actor, world["own"].uuid, Action.VIEW_SUMMARY)
    assert "authz_fail" in caplog.text
    event = AuditEvent.objects.filter(action="authz_fail", actor=actor).first()
    assert event is not None
    assert event.object_type == "case"
    assert event.object_uuid == world["riga_case"].uuid
    assert event.payload == {"action": "view_summary"}
    assert case_standing(actor, world["riga_case"]).relations == {Relation.NONE}


def test_not_found_is_the_same_404_and_is_audited(personas: dict[str, User]) -> None:
    actor = personas["social_worker_a"]
    missing = uuid.uuid4()

    with pytest.raises(Http404):
        case_for(actor, missing, Action.VIEW_SUMMARY)
    with pytest.raises(Http404):
        person_for(actor, missing, Action.VIEW_SUMMARY)

    assert AuditEvent.objects.filter(action="authz_fail", object_uuid=missing).count() == 2


def test_consent_opens_the_summary_and_its_categories_only(
    personas: dict[str, User], world: dict[str, Any]
) -> None:
    riga = personas["social_worker_a"]
    orgs = world["organisations"]
    make_consent(
        person=world["shared"],
        holder=orgs["drosa_maja"],
        recipient=orgs["riga"],
        recorded_by=personas["provider_case_manager"],
        categories=["identity"],
    )

    case = case_for(riga, world["provider_case"].uuid, Action.VIEW_IDENTITY)
    assert case.standing.relations == {Relation.CONSENTED}
    # And, to the social service, the takeover (its consent is checked by the service).
    assert case.standing.actions == {Action.VIEW_SUMMARY, Action.VIEW_IDENTITY, Action.TAKE_OVER}
    assert set(cases_visible_to(riga)) == {world["riga_case"], world["provider_case"]}
    assert set(people_visible_to(riga)) == {world["own"], world["shared"]}
    assert person_standing(riga, world["shared"]).consented_categories == {"identity"}
    with pytest.raises(Http404):
        case_for(riga, world["provider_case"].uuid, Action.VIEW_HEALTH)
    with pytest.raises(Http404):
        case_for(riga, world["provider_case"].uuid, Action.EDIT)
    # Daugavpils was not named in the consent.
    assert list(cases_visible_to(personas["social_worker_b"])) == []


def test_withdrawing_consent_cuts_access_at_once(
    personas: dict[str, User], world: dict[str, Any]
) -> None:
    riga = personas["social_worker_a"]
    orgs = world["organisations"]
    consent = make_consent(
        person=world["shared"],
        holder=orgs["drosa_maja"],
        recipient=orgs["riga"],
        recorded_by=personas["provider_case_manager"],
    )
    assert case_for(riga, world["provider_case"].uuid, Action.VIEW_SUMMARY)

    withdraw(consent, recorded_by=personas["provider_case_manager"])

    with pytest.raises(Http404):
        case_for(riga, world["provider_case"].uuid, Action.VIEW_SUMMARY)
    with pytest.raises(Http404):
        person_for(riga, world["shared"].uuid, Action.VIEW_SUMMARY)
    assert world["provider_case"] not in cases_visible_to(riga)


def test_a_superseding_consent_replaces_the_categories(
    personas: dict[str, User], world: dict[str, Any]
) -> None:
    riga = personas["social_worker_a"]
    orgs = world["organisations"]
    first = make_consent(
        person=world["shared"],
        holder=orgs["drosa_maja"],
        recipient=orgs["riga"],
        recorded_by=personas["provider_case_manager"],
        categories=["identity", "health"],
    )
    make_consent(
        person=world["shared"],
        holder=orgs["drosa_maja"],
        recipient=orgs["riga"],
        recorded_by=personas["provider_case_manager"],
        categories=["services"],
        supersedes=first,
    )

    standing = case_standing(riga, world["provider_case"])

    assert standing.consented_categories == {"services"}
    assert not standing.allows(Action.VIEW_HEALTH)


def test_a_consent_held_by_another_organisation_does_not_open_this_case(
    personas: dict[str, User], world: dict[str, Any]
) -> None:
    orgs = world["organisations"]
    # Rīga's consent to Daugavpils covers Rīga's information, not the provider's case.
    make_consent(
        person=world["shared"],
        holder=orgs["riga"],
        recipient=orgs["daugavpils"],
        recorded_by=personas["social_worker_a"],
    )
    daugavpils = personas["social_worker_b"]

    assert list(cases_visible_to(daugavpils)) == []
    assert list(people_visible_to(daugavpils)) == [world["shared"]]


def test_a_relation_hook_extends_lists_and_details(
    personas: dict[str, User], world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    police = personas["police_member"]
    case_uuid = world["provider_case"].uuid
    monkeypatch.setitem(
        access.CASE_RELATION_SCOPES, Relation.COMMISSION_MEMBER, lambda actor: Q(uuid=case_uuid)
    )

    assert list(cases_visible_to(police)) == [world["provider_case"]]
    assert case_for(police, case_uuid, Action.VIEW_IDENTITY).standing.relations == {
        Relation.COMMISSION_MEMBER
    }
    with pytest.raises(Http404):
        case_for(police, case_uuid, Action.VIEW_LOCATION)
