"""Notes of the process between organisations: a submission arriving at SIVA, SIVA's
decision, a written information request and its reply. Each goes to the right people,
names the case by its pseudonymous code only, and is not left behind when the operation
fails (docs/security.md CO-3, RE-2)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from atbalsts.accounts.models import Role, User
from atbalsts.agency.models import AgencySubmission
from atbalsts.agency.services import (
    SubmissionConflictError,
    submission_create,
    submission_decide,
    submission_receive,
)
from atbalsts.cases.models import Case
from atbalsts.casework import services as casework
from atbalsts.consent.models import Consent, ConsentPurpose
from atbalsts.identification.models import IdentificationBasis
from atbalsts.identification.services import recognition_record
from atbalsts.notifications.models import Notification, NotificationKind
from tests.core.helpers import signed_in_client
from tests.people.conftest import CANARIES
from tests.people.factories import make_case, make_person

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)
QUESTION_CANARY = "Kanārijjautājums"
REPLY_CANARY = "Kanārijatbilde"


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime.datetime(2026, 11, 27, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def extra(persona_maker: Any) -> dict[str, User]:
    """Users who must or must not hear: a second SIVA coordinator, a provider specialist and
    a municipal head; an inactive coordinator hears nothing."""
    inactive: User = persona_maker("siva.gone", Role.AGENCY_COORDINATOR, "siva")
    inactive.is_active = False
    inactive.save()
    return {
        "siva_second": persona_maker("siva.second", Role.AGENCY_COORDINATOR, "siva"),
        "specialist": persona_maker("dm.specialist", Role.PROVIDER_SPECIALIST, "drosa_maja"),
        "riga_head": persona_maker("riga.head", Role.SOCIAL_SERVICE_HEAD, "riga"),
        "siva_gone": inactive,
    }


def _recipients(kind: NotificationKind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def _fail_after(operation: Callable[[], object]) -> None:
    with transaction.atomic():
        operation()
        raise RuntimeError


def rolled_back(operation: Callable[[], object]) -> None:
    """Run ``operation`` inside a transaction that then fails and is rolled back."""
    with pytest.raises(RuntimeError):
        _fail_after(operation)


def assert_no_case_data(kind: NotificationKind, code: str) -> None:
    notifications = list(Notification.objects.filter(kind=kind))
    assert notifications
    for language in ("lv", "en"):
        with translation.override(language):
            for notification in notifications:
                assert notification.case_code == code
                text = notification.message
                assert code in text
                for value in [*CANARIES.values(), QUESTION_CANARY, REPLY_CANARY]:
                    assert str(value) not in text


@pytest.fixture
def provider_case(personas: dict[str, User]) -> Case:
    manager = personas["provider_case_manager"]
    case = make_case(person=make_person(created_by=manager, **CANARIES), created_by=manager)
    recognition_record(
        actor=manager,
        case=case,
        basis=IdentificationBasis.FOREIGN_LAW_ENFORCEMENT_CERTIFICATE,
        proceedings_status="",
        document_reference="FR-77",
        document_date=datetime.date(2026, 11, 2),
        document_issuer="Police nationale",
        recognised_on=datetime.date(2026, 11, 3),
    )
    return case


def test_a_submission_is_announced_to_sivas_active_coordinators_only(
    personas: dict[str, User], extra: dict[str, User], provider_case: Case
) -> None:
    submission_create(actor=personas["provider_case_manager"], case=provider_case)

    assert _recipients(NotificationKind.SUBMISSION_RECEIVED) == {"siva.coord", "siva.second"}
    assert Notification.objects.count() == 2
    assert_no_case_data(NotificationKind.SUBMISSION_RECEIVED, provider_case.code)
    with translation.override("lv"):
        assert Notification.objects.first().message == (  # type: ignore[union-attr]
            f"Pakalpojuma sniedzējs ir iesniedzis SIVA lietas {provider_case.code} dokumentus. "
            "Reģistrējiet to saņemšanas dienu un pieņemiet lēmumu par pakalpojuma piešķiršanu."
        )


def test_a_refused_submission_announces_nothing(
    personas: dict[str, User], extra: dict[str, User], provider_case: Case
) -> None:
    submission_create(actor=personas["provider_case_manager"], case=provider_case)
    Notification.objects.all().delete()

    with pytest.raises(ValidationError):
        submission_create(actor=personas["provider_case_manager"], case=provider_case)
    with pytest.raises(ValidationError):
        submission_create(actor=personas["social_worker_a"], case=provider_case)

    assert not Notification.objects.exists()


def test_a_submission_rolled_back_leaves_no_notification(
    personas: dict[str, User], extra: dict[str, User], provider_case: Case
) -> None:
    def submit() -> None:
        submission_create(actor=personas["provider_case_manager"], case=provider_case)
        assert Notification.objects.exists()

    rolled_back(submit)

    assert not AgencySubmission.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("decision", "kind", "lv_text"),
    [
        (
            "grant",
            NotificationKind.AGENCY_GRANTED,
            (
                "SIVA ir pieņēmusi lēmumu par sociālās rehabilitācijas pakalpojuma "
                "piešķiršanu lietā {code}: kursu var uzsākt."
            ),
        ),
        (
            "waiting_list",
            NotificationKind.AGENCY_WAITING_LIST,
            "SIVA ir uzņēmusi lietas {code} personu sociālās rehabilitācijas saņēmēju rindā.",
        ),
        (
            "refuse",
            NotificationKind.AGENCY_REFUSED,
            "SIVA ir atteikusi piešķirt sociālās rehabilitācijas pakalpojumu lietā {code}.",
        ),
    ],
)
def test_sivas_decision_is_announced_to_the_providers_case_managers_and_head(
    personas: dict[str, User],
    extra: dict[str, User],
    provider_case: Case,
    *,
    decision: str,
    kind: NotificationKind,
    lv_text: str,
) -> None:
    siva = personas["agency_coordinator"]
    submission = submission_create(actor=personas["provider_case_manager"], case=provider_case)
    submission_receive(actor=siva, submission=submission, version=1, received_on=TODAY)

    submission_decide(
        actor=siva,
        submission=submission,
        version=2,
        decision=decision,
        waiting_list_position=4,
        refusal_reason=f"{CANARIES['first_name']} neatbilst",
    )

    assert _recipients(kind) == {"dm.case", "dm.head"}
    assert Notification.objects.exclude(kind=NotificationKind.SUBMISSION_RECEIVED).count() == 2
    assert_no_case_data(kind, provider_case.code)
    with translation.override("lv"):
        assert {n.message for n in Notification.objects.filter(kind=kind)} == {
            lv_text.format(code=provider_case.code)
        }


def test_a_failed_decision_announces_nothing(
    personas: dict[str, User], extra: dict[str, User], provider_case: Case
) -> None:
    siva = personas["agency_coordinator"]
    submission = submission_create(actor=personas["provider_case_manager"], case=provider_case)
    submission_receive(actor=siva, submission=submission, version=1, received_on=TODAY)
    stale = AgencySubmission.objects.get(pk=submission.pk)
    stale.version = 1

    with pytest.raises(ValidationError):
        submission_decide(actor=siva, submission=submission, version=2, decision="refuse")
    with pytest.raises(SubmissionConflictError):
        submission_decide(actor=siva, submission=stale, version=1, decision="grant")
    rolled_back(
        lambda: submission_decide(actor=siva, submission=submission, version=2, decision="grant")
    )

    assert Notification.objects.filter(kind=NotificationKind.SUBMISSION_RECEIVED).count() == 2
    assert Notification.objects.count() == 2


@pytest.fixture
def municipal_case(personas: dict[str, User]) -> Case:
    worker = personas["social_worker_a"]
    person = make_person(created_by=worker, **{**CANARIES, "personal_code": "291199-77778"})
    return make_case(person=person, created_by=worker)


def _information_consent(case: Case, personas: dict[str, User]) -> Consent:
    provider = personas["provider_case_manager"]
    return Consent.objects.create(
        person=case.person,
        holder=provider.organisation,
        recipient=case.organisation,
        purpose=ConsentPurpose.INFORMATION_REQUEST,
        categories=["services"],
        given_on=datetime.date(2026, 11, 2),
        evidence_reference="PK-2026-17",
        recorded_by=provider,
    )


def test_a_written_request_is_announced_to_the_providers_answering_staff(
    personas: dict[str, User], extra: dict[str, User], municipal_case: Case
) -> None:
    provider = personas["provider_case_manager"].organisation
    with pytest.raises(ValidationError):
        casework.information_request_send(
            actor=personas["social_worker_a"],
            case=municipal_case,
            provider=provider,
            question=QUESTION_CANARY,
        )
    assert not Notification.objects.exists()
    _information_consent(municipal_case, personas)

    casework.information_request_send(
        actor=personas["social_worker_a"],
        case=municipal_case,
        provider=provider,
        question=QUESTION_CANARY,
    )

    assert _recipients(NotificationKind.INFORMATION_REQUESTED) == {"dm.case", "dm.head"}
    assert Notification.objects.count() == 2
    assert_no_case_data(NotificationKind.INFORMATION_REQUESTED, municipal_case.code)
    with translation.override("lv"):
        assert Notification.objects.first().message == (  # type: ignore[union-attr]
            f"Sociālais dienests ir rakstiski pieprasījis informāciju par lietu "
            f"{municipal_case.code}. Atveriet informācijas pieprasījumus, lai sniegtu atbildi."
        )


def test_the_reply_is_announced_to_the_social_service(
    personas: dict[str, User], extra: dict[str, User], municipal_case: Case
) -> None:
    _information_consent(municipal_case, personas)
    request = casework.information_request_send(
        actor=personas["social_worker_a"],
        case=municipal_case,
        provider=personas["provider_case_manager"].organisation,
        question=QUESTION_CANARY,
    )
    reply = casework.Reply(scope=REPLY_CANARY, progress="labs", recommendations="turpināt")
    manager = personas["provider_case_manager"]

    rolled_back(
        lambda: casework.information_request_answer(actor=manager, request=request, reply=reply)
    )
    assert not Notification.objects.filter(kind=NotificationKind.INFORMATION_ANSWERED).exists()
    request.refresh_from_db()

    casework.information_request_answer(actor=manager, request=request, reply=reply)

    assert _recipients(NotificationKind.INFORMATION_ANSWERED) == {"riga.social", "riga.head"}
    assert_no_case_data(NotificationKind.INFORMATION_ANSWERED, municipal_case.code)
    with translation.override("lv"):
        assert {
            n.message
            for n in Notification.objects.filter(kind=NotificationKind.INFORMATION_ANSWERED)
        } == {
            (
                "Pakalpojuma sniedzējs ir atbildējis uz jūsu rakstisko informācijas "
                f"pieprasījumu par lietu {municipal_case.code}."
            )
        }
    # A second answer is refused and announces nothing more.
    with pytest.raises(ValidationError):
        casework.information_request_answer(actor=manager, request=request, reply=reply)
    assert Notification.objects.filter(kind=NotificationKind.INFORMATION_ANSWERED).count() == 2


def test_each_note_leads_its_recipient_to_a_page_they_may_open(
    client: Client, personas: dict[str, User], extra: dict[str, User], provider_case: Case
) -> None:
    submission = submission_create(actor=personas["provider_case_manager"], case=provider_case)
    coordinator = personas["agency_coordinator"]
    (note,) = Notification.objects.filter(recipient=coordinator)
    signed_in_client(client, coordinator)

    response = client.post(reverse("notifications:open", args=[note.uuid]))

    assert response["Location"] == reverse("agency:detail", args=[submission.uuid])
    assert client.get(response["Location"]).status_code == 200
