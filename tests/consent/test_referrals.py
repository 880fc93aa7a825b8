"""Referrals: impossible without consent (service, ORM, raw SQL), accept, decline, atomicity."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from atbalsts.accounts.models import Organisation, User
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case, CaseStatus
from atbalsts.consent import services, texts
from atbalsts.consent.models import Consent, ConsentPurpose, Referral, ReferralStatus
from atbalsts.consent.services import (
    consent_record,
    consent_withdraw,
    referral_accept,
    referral_decline,
    referral_send,
)
from atbalsts.notifications.models import Notification, NotificationKind
from tests.consent.conftest import CANARY_NAME, GIVEN_ON
from tests.core_security.stored import stored_text

pytestmark = pytest.mark.django_db


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(message) for message in error.value.messages]


@pytest.fixture
def referral(
    manager: User,
    case: Case,
    marta: Organisation,
    referral_consent: Consent,
    marta_manager: User,  # exists before the referral, to be notified
) -> Referral:
    return referral_send(actor=manager, case=case, recipient=marta, consent=referral_consent)


def test_a_referral_with_active_consent_is_sent_audited_and_notified(
    referral: Referral, marta_manager: User, case: Case
) -> None:
    assert referral.status == ReferralStatus.SENT
    assert AuditEvent.objects.filter(action="referral_send", object_uuid=referral.uuid).exists()
    notification = Notification.objects.get(recipient=marta_manager)
    assert notification.kind == NotificationKind.REFERRAL_RECEIVED
    assert case.code in notification.message
    assert CANARY_NAME not in notification.message


def test_the_service_refuses_a_consent_for_another_recipient_purpose_or_person(
    *,
    manager: User,
    case: Case,
    marta: Organisation,
    consent_to_riga: Consent,
    referral_consent: Consent,
    riga: Organisation,
) -> None:
    other_case = Case.objects.create(
        person=type(case.person).objects.create(
            registered_by=manager.organisation, created_by=manager
        ),
        organisation=manager.organisation,
        created_by=manager,
    )
    attempts = [
        (case, riga, consent_to_riga),  # purpose is not referral
        (case, riga, referral_consent),  # consent names Marta, not Rīga
        (other_case, marta, referral_consent),  # another person's consent
    ]
    for attempt_case, recipient, consent in attempts:
        with pytest.raises(ValidationError) as error:
            referral_send(actor=manager, case=attempt_case, recipient=recipient, consent=consent)
        assert _messages(error) == [str(texts.REFERRAL_NEEDS_CONSENT)]
    assert not Referral.objects.exists()


def test_the_service_refuses_a_withdrawn_consent(
    manager: User, case: Case, marta: Organisation, referral_consent: Consent
) -> None:
    consent_withdraw(actor=manager, consent=referral_consent, withdrawn_on=GIVEN_ON)

    with pytest.raises(ValidationError) as error:
        referral_send(actor=manager, case=case, recipient=marta, consent=referral_consent)

    assert _messages(error) == [str(texts.REFERRAL_NEEDS_CONSENT)]
    assert not Referral.objects.exists()


def test_the_orm_refuses_a_referral_without_consent(
    manager: User, case: Case, marta: Organisation
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(case=case, recipient=marta, sent_by=manager)

    assert not Referral.objects.exists()


def test_the_database_refuses_a_raw_insert_without_consent(
    manager: User, case: Case, marta: Organisation
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO consent_referral (uuid, case_id, recipient_id, consent_id, status, "
            "sent_by_id, sent_at, decline_reason, version) "
            "VALUES (%s, %s, %s, NULL, 'sent', %s, %s, '', 1)",
            [
                "0b0e5e3c5d2f4b5a9c1e2d3f4a5b6c7d",
                case.pk,
                marta.pk,
                manager.pk,
                datetime.datetime(2026, 11, 29, tzinfo=datetime.UTC),
            ],
        )

    assert not Referral.objects.exists()


def test_only_the_case_holder_sends_and_only_open_cases(
    marta_manager: User, manager: User, case: Case, marta: Organisation, referral_consent: Consent
) -> None:
    with pytest.raises(PermissionDenied):
        referral_send(actor=marta_manager, case=case, recipient=marta, consent=referral_consent)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        referral_send(actor=manager, case=case, recipient=marta, consent=referral_consent)
    assert _messages(error) == [str(texts.CASE_NOT_OPEN)]


def test_a_case_is_not_referred_twice_to_the_same_organisation(
    referral: Referral, manager: User, case: Case, marta: Organisation, referral_consent: Consent
) -> None:
    with pytest.raises(ValidationError) as error:
        referral_send(actor=manager, case=case, recipient=marta, consent=referral_consent)

    assert _messages(error) == [str(texts.REFERRAL_ALREADY_SENT)]


def test_accepting_opens_the_recipients_own_case_and_tells_the_sender(
    referral: Referral, marta_manager: User, manager: User, case: Case
) -> None:
    accepted = referral_accept(actor=marta_manager, referral=referral)

    assert accepted.status == ReferralStatus.ACCEPTED
    assert accepted.decided_by == marta_manager
    assert accepted.received_case is not None
    assert accepted.received_case.organisation == marta_manager.organisation
    assert accepted.received_case.person == case.person
    assert accepted.version == 2
    assert AuditEvent.objects.filter(action="referral_accept").count() == 1
    assert Notification.objects.get(recipient=manager).kind == NotificationKind.REFERRAL_ACCEPTED


def test_declining_needs_a_reason_and_tells_the_sender(
    referral: Referral, marta_manager: User, manager: User
) -> None:
    with pytest.raises(ValidationError) as error:
        referral_decline(actor=marta_manager, referral=referral, reason="   ")
    assert _messages(error) == [str(texts.DECLINE_REASON_REQUIRED)]

    declined = referral_decline(actor=marta_manager, referral=referral, reason="No places left")

    assert declined.status == ReferralStatus.DECLINED
    assert declined.decline_reason == "No places left"
    event = AuditEvent.objects.get(action="referral_decline")
    assert "No places" not in str(event.payload)
    assert Notification.objects.get(recipient=manager).kind == NotificationKind.REFERRAL_DECLINED


def test_a_copy_of_the_database_shows_neither_the_reason_for_declining_nor_the_form_reference(
    referral: Referral, marta_manager: User
) -> None:
    referral_decline(actor=marta_manager, referral=referral, reason="Nav vietu līdz janvārim")

    dump = stored_text(Referral, Consent, AuditEvent)
    assert [text for text in ["Nav vietu", "DM-2026-"] if text in dump] == []
    stored = Referral.objects.select_related("consent").get(pk=referral.pk)
    assert stored.decline_reason == "Nav vietu līdz janvārim"
    assert stored.consent.evidence_reference.startswith("DM-2026-")


def test_a_referral_is_decided_once_by_its_recipient_only(
    referral: Referral, marta_manager: User, manager: User
) -> None:
    with pytest.raises(PermissionDenied):
        referral_accept(actor=manager, referral=referral)
    referral_decline(actor=marta_manager, referral=referral, reason="No places left")

    with pytest.raises(ValidationError) as error:
        referral_accept(actor=marta_manager, referral=referral)

    assert _messages(error) == [str(texts.REFERRAL_ALREADY_DECIDED)]


def test_a_stale_copy_cannot_overwrite_a_decision(referral: Referral, marta_manager: User) -> None:
    stale = Referral.objects.get(pk=referral.pk)
    referral_decline(actor=marta_manager, referral=referral, reason="No places left")

    with pytest.raises(services.ReferralConflictError):
        referral_accept(actor=marta_manager, referral=stale)

    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.DECLINED
    assert Case.objects.filter(organisation=marta_manager.organisation).count() == 0


def test_accepting_after_withdrawal_is_refused(
    referral: Referral, marta_manager: User, manager: User, referral_consent: Consent
) -> None:
    consent_withdraw(actor=manager, consent=referral_consent, withdrawn_on=GIVEN_ON)

    with pytest.raises(ValidationError) as error:
        referral_accept(actor=marta_manager, referral=referral)

    assert _messages(error) == [str(texts.CONSENT_NOT_ACTIVE)]


# docs/security.md RE-2: the whole operation commits, or nothing of it does.


class _AuditDownError(Exception):
    pass


def _failing_audit(*args: object, **kwargs: object) -> None:
    raise _AuditDownError


def _counts() -> tuple[int, ...]:
    return (
        Referral.objects.count(),
        Consent.objects.count(),
        Case.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_failing_audit_leaves_no_referral_and_no_notification(
    monkeypatch: pytest.MonkeyPatch,
    manager: User,
    case: Case,
    marta: Organisation,
    referral_consent: Consent,
) -> None:
    before = _counts()
    monkeypatch.setattr(services, "audit_record", _failing_audit)

    with pytest.raises(_AuditDownError):
        referral_send(actor=manager, case=case, recipient=marta, consent=referral_consent)

    assert _counts() == before


def test_a_failing_audit_leaves_no_accepted_referral_and_no_new_case(
    monkeypatch: pytest.MonkeyPatch, referral: Referral, marta_manager: User
) -> None:
    before = _counts()
    calls: list[str] = []
    from atbalsts.audit.services import audit_record as real

    def fail_on_second(**kwargs: object) -> object:
        calls.append(str(kwargs["action"]))
        if len(calls) == 2:  # after the case and the referral update, before notifying
            raise _AuditDownError
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "audit_record", fail_on_second)

    with pytest.raises(_AuditDownError):
        referral_accept(actor=marta_manager, referral=referral)

    assert _counts() == before
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT


def test_a_failing_audit_leaves_the_consent_active_and_nobody_notified(
    monkeypatch: pytest.MonkeyPatch, consent_to_riga: Consent, manager: User
) -> None:
    before = _counts()
    monkeypatch.setattr(services, "audit_record", _failing_audit)

    with pytest.raises(_AuditDownError):
        consent_withdraw(actor=manager, consent=consent_to_riga, withdrawn_on=GIVEN_ON)

    assert _counts() == before
    assert not hasattr(Consent.objects.get(pk=consent_to_riga.pk), "withdrawal")


def test_a_failing_audit_leaves_no_consent(
    monkeypatch: pytest.MonkeyPatch, manager: User, case: Case, riga: Organisation
) -> None:
    before = _counts()
    monkeypatch.setattr(services, "audit_record", _failing_audit)

    with pytest.raises(_AuditDownError):
        consent_record(
            actor=manager,
            person=case.person,
            recipient=riga,
            purpose=ConsentPurpose.REFERRAL,
            categories=["identity"],
            given_on=GIVEN_ON,
            evidence_reference="DM-9",
        )

    assert _counts() == before
