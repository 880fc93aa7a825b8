"""Case management services: the workflow table, codes, optimistic locking, audit, the
written information request and its consent (seed, last chapter)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from atbalsts.casework import services, texts
from atbalsts.casework.models import (
    STEP_TRANSITIONS,
    CaseManagement,
    CaseStep,
    EvaluationOutcome,
    InformationRequest,
    can_transition,
)
from atbalsts.casework.selectors import information_request_inbox, information_requests_of
from atbalsts.consent.models import Consent, ConsentPurpose
from tests.casework.conftest import INTERVIEW_CANARY, REPLY_CANARY, request_consent
from tests.people.factories import withdraw

pytestmark = pytest.mark.django_db


def test_the_workflow_table_has_every_step_and_one_way_forward() -> None:
    assert set(STEP_TRANSITIONS) == set(CaseStep.values)
    assert can_transition("assessment", "target_group_risk")
    assert not can_transition("assessment", "plan")
    assert can_transition("evaluation", "plan")
    assert can_transition("evaluation", "follow_up")
    assert can_transition("follow_up", "assessment")
    assert not can_transition("unknown", "plan")


def test_saving_creates_the_record_encrypted_and_audits_without_text(
    management: CaseManagement,
) -> None:
    assert management.version == 1
    assert management.step == CaseStep.ASSESSMENT
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT interview_notes FROM casework_casemanagement WHERE id = %s", [management.pk]
        )
        raw = bytes(cursor.fetchone()[0])
    assert INTERVIEW_CANARY.encode() not in raw
    event = AuditEvent.objects.get(action="case_management_saved")
    assert "interview_notes" in event.payload["fields"]
    assert INTERVIEW_CANARY not in str(event.payload)


def test_a_stale_version_is_refused_and_nothing_is_saved(
    management: CaseManagement, worker: User, world: dict[str, Any]
) -> None:
    services.case_management_save(
        actor=worker,
        case=world["case"],
        version=1,
        details=services.ManagementDetails(plan_notes="pirmais"),
    )
    with pytest.raises(services.EditConflictError) as conflict:
        services.case_management_save(
            actor=worker,
            case=world["case"],
            version=1,
            details=services.ManagementDetails(plan_notes="otrais"),
        )
    assert conflict.value.current.plan_notes == "pirmais"
    management.refresh_from_db()
    assert (management.version, management.plan_notes) == (2, "pirmais")


def test_a_home_visit_cannot_be_dated_ahead_of_today(
    management: CaseManagement, worker: User, world: dict[str, Any]
) -> None:
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as ahead, translation.override("en"):
        services.case_management_save(
            actor=worker,
            case=world["case"],
            version=1,
            details=services.ManagementDetails(home_visit_on=tomorrow),
        )

    assert ahead.value.message_dict == {
        "home_visit_on": [
            (
                f"The date of the home visit ({tomorrow.day} {tomorrow:%B %Y}) cannot be after "
                f"today ({today.day} {today:%B %Y})."
            )
        ]
    }
    management.refresh_from_db()
    assert (management.version, management.home_visit_on) == (1, None)


def test_a_second_creation_is_a_conflict(management: CaseManagement, worker: User) -> None:
    with pytest.raises(services.EditConflictError):
        services.case_management_save(
            actor=worker, case=management.case, version=0, details=services.ManagementDetails()
        )


def test_unknown_codes_and_a_reason_without_closure_are_refused(
    world: dict[str, Any], worker: User
) -> None:
    with pytest.raises(ValidationError) as unknown:
        services.case_management_save(
            actor=worker,
            case=world["case"],
            version=0,
            details=services.ManagementDetails(needs=["weapons"]),
        )
    assert unknown.value.messages == [str(texts.UNKNOWN_CODE)]
    with pytest.raises(ValidationError) as reason:
        services.case_management_save(
            actor=worker,
            case=world["case"],
            version=0,
            details=services.ManagementDetails(closure_reason="goals_reached"),
        )
    assert reason.value.messages == [str(texts.REASON_ONLY_FOR_CLOSURE)]
    assert not CaseManagement.objects.exists()


def _advance(management: CaseManagement, worker: User, step: str) -> CaseManagement:
    return services.case_management_advance(
        actor=worker, management=management, version=management.version, step=step
    )


def test_the_steps_follow_the_table_and_closure_needs_a_reason(
    management: CaseManagement, worker: User, world: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as skipped:
        _advance(management, worker, CaseStep.PLAN)
    assert skipped.value.messages == [str(texts.STEP_NOT_ALLOWED)]
    for step in (CaseStep.TARGET_GROUP_RISK, CaseStep.PLAN, CaseStep.EVALUATION):
        management = _advance(management, worker, step)
    with pytest.raises(ValidationError) as no_reason:
        _advance(management, worker, CaseStep.FOLLOW_UP)
    assert no_reason.value.messages == [str(texts.CLOSE_NEEDS_REASON)]
    with pytest.raises(ValidationError) as no_outcome:
        _advance(management, worker, CaseStep.PLAN)
    assert no_outcome.value.messages == [str(texts.CONTINUE_NEEDS_OUTCOME)]
    management = services.case_management_save(
        actor=worker,
        case=world["case"],
        version=management.version,
        details=services.ManagementDetails(
            evaluation_outcome=EvaluationOutcome.CLOSE, closure_reason="goals_reached"
        ),
    )
    management = _advance(management, worker, CaseStep.FOLLOW_UP)
    assert management.step == CaseStep.FOLLOW_UP
    steps = AuditEvent.objects.filter(action="case_step_changed").order_by("id")
    assert [event.payload["to"] for event in steps] == [
        "target_group_risk",
        "plan",
        "evaluation",
        "follow_up",
    ]


def test_a_step_change_on_a_stale_version_is_refused(
    management: CaseManagement, worker: User
) -> None:
    with pytest.raises(services.EditConflictError):
        services.case_management_advance(
            actor=worker, management=management, version=7, step=CaseStep.TARGET_GROUP_RISK
        )


def test_activities_follow_ups_and_family_tasks(management: CaseManagement, worker: User) -> None:
    day = datetime.date(2026, 11, 2)
    with pytest.raises(ValidationError) as backwards:
        services.plan_activity_add(
            actor=worker,
            management=management,
            kind="state_course",
            starts_on=day,
            ends_on=day - datetime.timedelta(days=1),
            notes="",
        )
    assert backwards.value.message_dict == {"ends_on": [str(texts.ENDS_BEFORE_STARTS)]}
    services.plan_activity_add(
        actor=worker, management=management, kind="rent", starts_on=day, ends_on=None, notes=""
    )
    follow_up = services.follow_up_schedule(actor=worker, management=management, due_on=day)
    with pytest.raises(ValidationError) as ahead, translation.override("lv"):
        services.follow_up_record(
            actor=worker,
            follow_up=follow_up,
            done_on=datetime.date(2099, 1, 1),
            retrafficking_risk="low",
            outcome="x",
        )
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert ahead.value.message_dict == {
        "done_on": [f"Novērošanas kontakta datums (01.01.2099) nevar būt pēc šodienas ({today})."]
    }
    services.follow_up_record(
        actor=worker, follow_up=follow_up, done_on=day, retrafficking_risk="high", outcome="x"
    )
    with pytest.raises(ValidationError):
        services.family_task_add(
            actor=worker, management=management, task="invented", status="planned", notes=""
        )
    services.family_task_add(
        actor=worker, management=management, task="assess_family", status="planned", notes=""
    )
    assert management.activities.count() == 1
    assert management.family_tasks.get().task == "assess_family"
    assert {event.action for event in AuditEvent.objects.all()} >= {
        "plan_activity_added",
        "follow_up_scheduled",
        "follow_up_recorded",
        "family_task_added",
    }


def test_a_request_needs_an_active_consent_of_the_provider(
    world: dict[str, Any], worker: User, personas: dict[str, User]
) -> None:
    provider = personas["provider_case_manager"].organisation
    with pytest.raises(ValidationError) as refused:
        services.information_request_send(
            actor=worker, case=world["case"], provider=provider, question="?"
        )
    assert refused.value.messages == [str(texts.REQUEST_NO_CONSENT)]
    # A consent for another purpose does not do.
    request_consent(world, personas, ConsentPurpose.COURSE_COOPERATION)
    with pytest.raises(ValidationError):
        services.information_request_send(
            actor=worker, case=world["case"], provider=provider, question="?"
        )
    request_consent(world, personas, ConsentPurpose.CASE_TAKEOVER)
    sent = services.information_request_send(
        actor=worker, case=world["case"], provider=provider, question="Kāds progress?"
    )
    assert sent.provider == provider


def test_withdrawal_stops_new_requests_and_hides_replies(
    world: dict[str, Any], worker: User, personas: dict[str, User], consent: Consent
) -> None:
    provider = personas["provider_case_manager"]
    sent = services.information_request_send(
        actor=worker, case=world["case"], provider=provider.organisation, question="?"
    )
    reply = services.Reply(scope=REPLY_CANARY, progress="labs", recommendations="turpināt")
    services.information_request_answer(actor=provider, request=sent, reply=reply)
    with pytest.raises(ValidationError) as twice:
        services.information_request_answer(actor=provider, request=sent, reply=reply)
    assert twice.value.messages == [str(texts.REQUEST_ALREADY_ANSWERED)]
    assert vars(information_requests_of(case=world["case"]).get())["reply_visible"]

    withdraw(consent, recorded_by=provider)

    assert not vars(information_requests_of(case=world["case"]).get())["reply_visible"]
    assert not information_request_inbox(actor=provider).exists()
    with pytest.raises(ValidationError):
        services.information_request_send(
            actor=worker, case=world["case"], provider=provider.organisation, question="?"
        )


def test_no_reply_once_the_consent_is_withdrawn(
    world: dict[str, Any], worker: User, personas: dict[str, User], consent: Consent
) -> None:
    provider = personas["provider_case_manager"]
    sent = services.information_request_send(
        actor=worker, case=world["case"], provider=provider.organisation, question="?"
    )
    withdraw(consent, recorded_by=provider)
    with pytest.raises(ValidationError):
        services.information_request_answer(
            actor=provider, request=sent, reply=services.Reply("a", "b", "c")
        )
    assert InformationRequest.objects.get().status == "sent"
