"""People services: registration with its case, anonymous contacts, optimistic locking,
all-or-nothing writes (docs/security.md RE-1, RE-2, LG-1, LG-3)."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from atbalsts.cases import services as case_services
from atbalsts.cases.models import Case
from atbalsts.people import services, texts
from atbalsts.people.models import Person
from atbalsts.people.services import EditConflictError, PersonDetails
from atbalsts.rules.personal_code import Problem
from tests.people.conftest import CANARIES
from tests.people.factories import make_consent

pytestmark = pytest.mark.django_db

FIRST_CONTACT = {
    "arrival_stage": "before_course",
    "contact_channel": "in_person",
    "referral_source": "border_guard",
}


def _details(**fields: Any) -> PersonDetails:
    return PersonDetails(**{"first_name": "Līga", "last_name": "Ozola", **fields})


def test_registration_creates_person_case_and_audit_events_without_plaintext(
    personas: dict[str, User],
) -> None:
    worker = personas["social_worker_a"]

    case = services.person_register(
        actor=worker,
        details=PersonDetails(**CANARIES),
        is_anonymous=False,
        **FIRST_CONTACT,
    )

    person = Person.objects.get()
    assert case.person == person
    assert case.organisation == worker.organisation
    assert person.registered_by == worker.organisation
    assert person.first_name == CANARIES["first_name"]
    actions = list(AuditEvent.objects.values_list("action", "object_uuid"))
    assert actions == [("person_registered", person.uuid), ("case_opened", case.uuid)]
    payloads = repr(list(AuditEvent.objects.values_list("payload", flat=True)))
    assert all(value not in payloads for value in CANARIES.values())


def test_an_anonymous_contact_keeps_no_identity_and_can_be_given_one_later(
    personas: dict[str, User],
) -> None:
    worker = personas["social_worker_a"]
    case = services.person_register(
        actor=worker, details=PersonDetails(sex="female"), is_anonymous=True, **FIRST_CONTACT
    )
    person = case.person
    assert person.is_anonymous
    assert person.first_name is None
    assert person.full_name_index == ""

    updated = services.person_update(
        actor=worker, person=person, version=1, details=_details(sex="female")
    )

    fresh = Person.objects.get(pk=updated.pk)
    assert not fresh.is_anonymous
    assert fresh.first_name == "Līga"
    assert fresh.version == 2
    event = AuditEvent.objects.filter(action="person_updated").get()
    assert event.payload == {"fields": ["first_name", "last_name", "is_anonymous"], "version": 2}


def test_an_anonymous_contact_with_identity_is_refused(personas: dict[str, User]) -> None:
    with pytest.raises(ValidationError) as error:
        services.person_register(
            actor=personas["social_worker_a"],
            details=PersonDetails(phone="+371 2"),
            is_anonymous=True,
            **FIRST_CONTACT,
        )

    assert error.value.messages == [str(texts.ANONYMOUS_HAS_IDENTITY)]
    assert not Person.objects.exists()


def test_an_identified_person_needs_a_full_name(personas: dict[str, User]) -> None:
    with pytest.raises(ValidationError) as error:
        services.person_register(
            actor=personas["social_worker_a"],
            details=PersonDetails(first_name="Līga"),
            is_anonymous=False,
            **FIRST_CONTACT,
        )

    assert error.value.message_dict == {"last_name": [str(texts.LAST_NAME_REQUIRED)]}


@pytest.mark.parametrize("failing", ["case_open", "audit_of_case"])
def test_a_failure_midway_leaves_no_person_no_case_and_no_audit_event(
    personas: dict[str, User], monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("injected")

    if failing == "case_open":
        monkeypatch.setattr(services, "case_open", explode)
    else:
        monkeypatch.setattr(case_services, "audit_record", explode)

    with pytest.raises(RuntimeError):
        services.person_register(
            actor=personas["social_worker_a"],
            details=_details(),
            is_anonymous=False,
            **FIRST_CONTACT,
        )

    assert not Person.objects.exists()
    assert not Case.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_stale_version_saves_nothing_and_returns_the_current_one(
    personas: dict[str, User],
) -> None:
    worker = personas["social_worker_a"]
    person = services.person_register(
        actor=worker, details=_details(), is_anonymous=False, **FIRST_CONTACT
    ).person
    first = Person.objects.get(pk=person.pk)
    second = Person.objects.get(pk=person.pk)
    services.person_update(actor=worker, person=first, version=1, details=_details(phone="111"))

    with pytest.raises(EditConflictError) as conflict:
        services.person_update(
            actor=worker, person=second, version=1, details=_details(phone="222")
        )

    assert conflict.value.current.phone == "111"
    assert conflict.value.current.version == 2
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.phone == "111"
    assert fresh.version == 2
    assert AuditEvent.objects.filter(action="person_updated").count() == 1


def test_an_identified_person_cannot_lose_the_name(personas: dict[str, User]) -> None:
    worker = personas["social_worker_a"]
    person = services.person_register(
        actor=worker, details=_details(), is_anonymous=False, **FIRST_CONTACT
    ).person

    with pytest.raises(ValidationError):
        services.person_update(actor=worker, person=person, version=1, details=PersonDetails())

    assert Person.objects.get(pk=person.pk).version == 1


def test_search_finds_by_blind_index_only_among_visible_people_and_audits_the_hits(
    personas: dict[str, User],
) -> None:
    worker = personas["social_worker_a"]
    mine = services.person_register(
        actor=worker,
        details=_details(personal_code="010190-12349"),
        is_anonymous=False,
        **FIRST_CONTACT,
    ).person
    services.person_register(
        actor=personas["social_worker_b"], details=_details(), is_anonymous=False, **FIRST_CONTACT
    )

    by_name = services.person_search(actor=worker, full_name="Liga Ozola")
    by_code = services.person_search(actor=worker, personal_code=" 01019012349 ")
    both = services.person_search(
        actor=worker, personal_code="010190-12349", full_name="Other Name"
    )

    assert by_name == [mine]
    assert by_code == [mine]
    assert both == []
    event = AuditEvent.objects.filter(action="sensitive_read").first()
    assert event is not None
    assert event.payload == {
        "view": "person_search",
        "by": ["full_name"],
        "results": [str(mine.uuid)],
    }
    assert "Liga" not in repr(event.payload)


def test_search_does_not_confirm_an_identity_the_consent_does_not_cover(
    personas: dict[str, User], organisations: dict[str, Any]
) -> None:
    provider = personas["provider_case_manager"]
    person = services.person_register(
        actor=provider,
        details=_details(personal_code="010190-12349"),
        is_anonymous=False,
        **FIRST_CONTACT,
    ).person
    consent = make_consent(
        person=person,
        holder=organisations["drosa_maja"],
        recipient=organisations["riga"],
        recorded_by=provider,
        categories=["services"],
    )
    riga = personas["social_worker_a"]

    assert services.person_search(actor=riga, personal_code="010190-12349") == []

    make_consent(
        person=person,
        holder=organisations["drosa_maja"],
        recipient=organisations["riga"],
        recorded_by=provider,
        categories=["services", "identity"],
        supersedes=consent,
    )
    assert services.person_search(actor=riga, personal_code="010190-12349") == [person]


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("12345", Problem.FORMAT),
        ("310225-20005", Problem.DATE),
        ("010190-12345", Problem.CHECK_DIGIT),
        ("010190-72349", Problem.CENTURY),
        ("010130-22342", Problem.FUTURE),
    ],
)
def test_a_personal_code_that_cannot_exist_is_refused_saying_what_is_wrong(
    personas: dict[str, User], typed: str, problem: Problem
) -> None:
    with pytest.raises(ValidationError) as error:
        services.person_register(
            actor=personas["social_worker_a"],
            details=_details(personal_code=typed),
            is_anonymous=False,
            **FIRST_CONTACT,
        )

    assert error.value.message_dict == {
        "personal_code": [str(texts.PERSONAL_CODE_PROBLEMS[problem])]
    }
    assert not Person.objects.exists()


def test_the_code_is_kept_with_the_hyphen_and_gives_an_empty_birth_date(
    personas: dict[str, User],
) -> None:
    worker = personas["social_worker_a"]
    old = services.person_register(
        actor=worker,
        details=_details(personal_code="01019012349"),
        is_anonymous=False,
        **FIRST_CONTACT,
    ).person
    new = services.person_register(
        actor=worker,
        details=_details(personal_code=" 32123456789"),
        is_anonymous=False,
        **FIRST_CONTACT,
    ).person

    assert (old.personal_code, old.birth_date) == ("010190-12349", datetime.date(1990, 1, 1))
    assert (new.personal_code, new.birth_date) == ("321234-56789", None)
    updated = services.person_update(
        actor=worker,
        person=new,
        version=new.version,
        details=replace(PersonDetails.of(new), personal_code="32999900000"),
    )
    assert updated.personal_code == "329999-00000"


def test_a_birth_date_other_than_the_codes_is_refused(personas: dict[str, User]) -> None:
    with pytest.raises(ValidationError) as error:
        services.person_register(
            actor=personas["social_worker_a"],
            details=_details(personal_code="010190-12349", birth_date=datetime.date(1990, 1, 2)),
            is_anonymous=False,
            **FIRST_CONTACT,
        )

    assert error.value.message_dict == {"birth_date": [str(texts.BIRTH_DATE_DIFFERS_FROM_CODE)]}
