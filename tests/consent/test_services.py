"""Consent services: who records, what a consent holds, supersede and withdraw (CO-1..CO-5)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation

from atbalsts.accounts.models import Organisation, User
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case
from atbalsts.consent import texts
from atbalsts.consent.models import (
    Consent,
    ConsentPurpose,
    ConsentWithdrawal,
    ImmutableRecordError,
    InformationCategory,
)
from atbalsts.consent.selectors import active_consents, consent_history, consented_case_ids
from atbalsts.consent.services import consent_record, consent_supersede, consent_withdraw
from atbalsts.notifications.models import Notification, NotificationKind
from tests.consent.conftest import CANARY_NAME, GIVEN_ON

pytestmark = pytest.mark.django_db


def _record(actor: User, case: Case, recipient: Organisation, **overrides: object) -> Consent:
    values: dict[str, object] = {
        "purpose": ConsentPurpose.COURSE_COOPERATION,
        "categories": [InformationCategory.IDENTITY],
        "given_on": GIVEN_ON,
        "evidence_reference": "DM-1",
    }
    values.update(overrides)
    return consent_record(actor=actor, person=case.person, recipient=recipient, **values)  # type: ignore[arg-type]


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(message) for message in error.value.messages]


def test_a_consent_states_recipient_purpose_fields_date_worker_and_evidence(
    consent_to_riga: Consent, manager: User, riga: Organisation
) -> None:
    assert consent_to_riga.holder == manager.organisation
    assert consent_to_riga.recipient == riga
    assert consent_to_riga.purpose == ConsentPurpose.COURSE_COOPERATION
    assert consent_to_riga.categories == ["contact", "identity"]
    assert consent_to_riga.given_on == GIVEN_ON
    assert consent_to_riga.recorded_by == manager
    assert consent_to_riga.evidence_reference == "DM-2026-117"
    event = AuditEvent.objects.get(action="consent_create")
    assert event.object_uuid == consent_to_riga.uuid
    assert CANARY_NAME not in str(event.payload)


def test_only_an_organisation_holding_a_case_of_the_person_records_consent(
    case: Case, personas: dict[str, User], marta_manager: User, riga: Organisation
) -> None:
    with pytest.raises(ValidationError) as error:
        _record(marta_manager, case, riga)

    assert _messages(error) == [str(texts.NO_CASE_OF_PERSON)]


@pytest.mark.parametrize(
    "persona", ["police_member", "agency_coordinator", "ministry_analyst", "dpo", "system_admin"]
)
def test_roles_outside_casework_cannot_record_consent(
    persona: str, personas: dict[str, User], case: Case, riga: Organisation
) -> None:
    with pytest.raises(PermissionDenied):
        _record(personas[persona], case, riga)


def test_the_recipient_is_another_case_holding_organisation(
    manager: User, case: Case, organisations: dict[str, Organisation]
) -> None:
    for recipient in (manager.organisation, organisations["police"], organisations["ministry"]):
        with pytest.raises(ValidationError) as error:
            _record(manager, case, recipient)
        assert _messages(error) == [str(texts.RECIPIENT_NOT_ALLOWED)]


def test_categories_must_be_known_and_not_empty(
    manager: User, case: Case, riga: Organisation
) -> None:
    with pytest.raises(ValidationError) as empty:
        _record(manager, case, riga, categories=[])
    with pytest.raises(ValidationError) as unknown:
        _record(manager, case, riga, categories=["identity", "bank_account"])

    assert _messages(empty) == [str(texts.CATEGORIES_REQUIRED)]
    assert _messages(unknown) == [str(texts.UNKNOWN_CATEGORY)]


def test_a_consent_cannot_be_dated_in_the_future(
    manager: User, case: Case, riga: Organisation
) -> None:
    with pytest.raises(ValidationError) as error, translation.override("lv"):
        _record(manager, case, riga, given_on=datetime.date(2099, 1, 1))

    today = timezone.localdate().strftime("%d.%m.%Y")
    assert _messages(error) == [
        f"Piekrišanas datums (01.01.2099) nevar būt pēc šodienas ({today})."
    ]


def test_supersede_keeps_the_old_record_and_history(
    consent_to_riga: Consent, manager: User, person: object
) -> None:
    new = consent_supersede(
        actor=manager,
        consent=consent_to_riga,
        purpose=ConsentPurpose.COURSE_COOPERATION,
        categories=[InformationCategory.IDENTITY],
        given_on=datetime.date(2026, 11, 20),
        evidence_reference="DM-2026-130",
    )

    old = Consent.objects.get(pk=consent_to_riga.pk)
    assert old.categories == ["contact", "identity"]
    assert old.evidence_reference == "DM-2026-117"
    assert new.supersedes == old
    assert list(active_consents(person=consent_to_riga.person)) == [new]
    assert list(consent_history(manager, consent_to_riga.person)) == [new, old]
    assert AuditEvent.objects.get(action="consent_supersede").payload["supersedes"] == str(old.uuid)
    with pytest.raises(ValidationError) as error:
        consent_supersede(
            actor=manager,
            consent=old,
            purpose=ConsentPurpose.COURSE_COOPERATION,
            categories=[InformationCategory.IDENTITY],
            given_on=datetime.date(2026, 11, 21),
            evidence_reference="DM-2026-131",
        )
    assert _messages(error) == [str(texts.CONSENT_NOT_ACTIVE)]


def test_consent_records_refuse_changes_and_deletion(consent_to_riga: Consent) -> None:
    consent_to_riga.evidence_reference = "changed"

    with pytest.raises(ImmutableRecordError):
        consent_to_riga.save()
    with pytest.raises(ImmutableRecordError):
        consent_to_riga.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_raw_updates_and_deletes(
    consent_to_riga: Consent, manager: User
) -> None:
    consent_withdraw(actor=manager, consent=consent_to_riga, withdrawn_on=GIVEN_ON)
    for sql in (
        "UPDATE consent_consent SET evidence_reference = 'x'",
        "DELETE FROM consent_consent",
        "UPDATE consent_consentwithdrawal SET withdrawn_on = withdrawn_on",
        "DELETE FROM consent_consentwithdrawal",
    ):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)


def test_withdrawal_ends_sharing_notifies_the_recipient_without_names(
    consent_to_riga: Consent, manager: User, case: Case, personas: dict[str, User]
) -> None:
    riga_worker = personas["social_worker_a"]
    assert case.pk in set(consented_case_ids(organisation=riga_worker.organisation))

    withdrawal = consent_withdraw(
        actor=manager, consent=consent_to_riga, withdrawn_on=datetime.date(2026, 11, 28)
    )

    assert withdrawal.consent == consent_to_riga
    assert not active_consents(recipient=riga_worker.organisation).exists()
    assert case.pk not in set(consented_case_ids(organisation=riga_worker.organisation))
    notification = Notification.objects.get(recipient=riga_worker)
    assert notification.kind == NotificationKind.CONSENT_WITHDRAWN
    with translation.override("en"):
        assert notification.message == (
            f"A consent was withdrawn; case {case.code} is no longer shared with you."
        )
    assert CANARY_NAME not in notification.message
    assert not Notification.objects.filter(recipient=personas["social_worker_b"]).exists()
    assert AuditEvent.objects.filter(action="consent_withdraw").count() == 1


def test_a_consent_is_withdrawn_once_and_only_by_its_holder(
    consent_to_riga: Consent, manager: User, marta_manager: User
) -> None:
    with pytest.raises(PermissionDenied):
        consent_withdraw(actor=marta_manager, consent=consent_to_riga, withdrawn_on=GIVEN_ON)
    consent_withdraw(actor=manager, consent=consent_to_riga, withdrawn_on=GIVEN_ON)

    with pytest.raises(ValidationError) as error:
        consent_withdraw(actor=manager, consent=consent_to_riga, withdrawn_on=GIVEN_ON)

    assert _messages(error) == [str(texts.CONSENT_NOT_ACTIVE)]
    assert ConsentWithdrawal.objects.count() == 1


def test_a_withdrawal_cannot_predate_the_consent(consent_to_riga: Consent, manager: User) -> None:
    with pytest.raises(ValidationError) as error:
        consent_withdraw(
            actor=manager, consent=consent_to_riga, withdrawn_on=datetime.date(2026, 1, 1)
        )

    assert _messages(error) == [str(texts.WITHDRAWAL_BEFORE_CONSENT)]
