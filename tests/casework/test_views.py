"""Case management pages: the social worker's own case only; the provider's inbox and reply;
404 and no canary for everyone else; pinned query counts."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from atbalsts.accounts.models import User
from atbalsts.audit.models import AuditEvent
from atbalsts.casework import services, texts
from atbalsts.casework.guidance import GUIDANCE
from atbalsts.casework.models import (
    CaseManagement,
    CaseStep,
    FollowUpContact,
    InformationRequest,
)
from atbalsts.consent.models import Consent
from tests.casework.conftest import (
    INTERVIEW_CANARY,
    PLAN_CANARY,
    REPLY_CANARY,
    WRONG_PERSONAS,
    assert_no_canary,
)
from tests.core.pages import in_latvian, middleware_query_count
from tests.people.factories import withdraw

if TYPE_CHECKING:
    from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db


def _says(response: Any, message: Any) -> bool:
    return escape(in_latvian(message)) in response.content.decode()


def test_the_detail_shows_the_steps_with_guidance_and_audits_the_read(
    client_of: Any, world: dict[str, Any], management: CaseManagement
) -> None:
    response = client_of("social_worker_a").get(
        reverse("casework:detail", args=[world["case"].uuid])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert INTERVIEW_CANARY in body
    assert PLAN_CANARY in body
    assert escape(in_latvian(GUIDANCE["confidentiality"][1])) in body
    assert AuditEvent.objects.filter(action="sensitive_read", object_uuid=world["case"].uuid)


def test_a_case_without_management_shows_its_first_step(
    client_of: Any, world: dict[str, Any]
) -> None:
    response = client_of("social_worker_a").get(
        reverse("casework:detail", args=[world["case"].uuid])
    )
    assert response.status_code == 200
    assert _says(response, CaseStep.ASSESSMENT.label)


def test_editing_saves_and_a_stale_form_gets_409_keeping_the_input(
    client_of: Any, world: dict[str, Any], management: CaseManagement
) -> None:
    client = client_of("social_worker_a")
    url = reverse("casework:edit", args=[world["case"].uuid])
    data = {"version": "1", "plan_notes": "Jauns plāns", "needs": ["medical_help"]}
    saved = client.post(url, data)
    assert saved.status_code == 302
    management.refresh_from_db()
    assert management.plan_notes == "Jauns plāns"

    stale = client.post(url, {**data, "plan_notes": "Mans plāns"})
    assert stale.status_code == 409
    assert _says(stale, texts.CONFLICT)
    assert "Mans plāns" in stale.content.decode()


def test_an_unknown_need_is_shown_next_to_the_field(client_of: Any, world: dict[str, Any]) -> None:
    client = client_of("social_worker_a")
    response = client.post(
        reverse("casework:edit", args=[world["case"].uuid]),
        {"version": "0", "needs": ["weapons"], "plan_notes": "saglabājas"},
    )
    assert response.status_code == 200
    assert "field--error" in response.content.decode()
    assert "saglabājas" in response.content.decode()
    assert not CaseManagement.objects.exists()


def test_moving_a_step_through_the_page(
    client_of: Any, world: dict[str, Any], management: CaseManagement
) -> None:
    client = client_of("social_worker_a")
    url = reverse("casework:advance", args=[world["case"].uuid])
    response = client.post(url, {"step": "target_group_risk", "version": "1"}, follow=True)
    assert _says(response, texts.STEP_CHANGED % {"step": CaseStep.TARGET_GROUP_RISK.label})
    refused = client.post(url, {"step": "follow_up", "version": "2"}, follow=True)
    assert _says(refused, texts.STEP_NOT_ALLOWED)
    assert client.get(url).status_code == 405


def test_adding_an_activity_a_follow_up_and_a_family_task(
    client_of: Any, world: dict[str, Any]
) -> None:
    client = client_of("social_worker_a")
    case_uuid = world["case"].uuid
    added = client.post(
        reverse("casework:activity_add", args=[case_uuid]),
        {"kind": "state_course", "starts_on": "2026-11-02", "notes": ""},
        follow=True,
    )
    assert _says(added, texts.ACTIVITY_ADDED)
    bad = client.post(
        reverse("casework:activity_add", args=[case_uuid]),
        {"kind": "rent", "starts_on": "2026-11-02", "ends_on": "2026-11-01"},
    )
    assert _says(bad, texts.ENDS_BEFORE_STARTS)
    scheduled = client.post(
        reverse("casework:follow_up_add", args=[case_uuid]), {"due_on": "2026-12-01"}, follow=True
    )
    assert _says(scheduled, texts.FOLLOW_UP_SCHEDULED)
    task = client.post(
        reverse("casework:family_task_add", args=[case_uuid]),
        {"task": "set_goals", "status": "in_progress", "notes": "kopā ar māti"},
        follow=True,
    )
    assert _says(task, texts.FAMILY_TASK_ADDED)
    management = CaseManagement.objects.get()
    follow_up = management.follow_ups.get()
    recorded = client.post(
        reverse("casework:follow_up_record", args=[follow_up.uuid]),
        {"done_on": "2026-11-20", "retrafficking_risk": "medium", "outcome": "Strādā Rīgā"},
        follow=True,
    )
    assert _says(recorded, texts.FOLLOW_UP_RECORDED)
    assert "Strādā Rīgā" in recorded.content.decode()


def test_request_and_reply_through_the_pages(
    client_of: Any, world: dict[str, Any], consent: Consent, personas: dict[str, User]
) -> None:
    worker = client_of("social_worker_a")
    provider = personas["provider_case_manager"].organisation
    sent = worker.post(
        reverse("casework:request_create", args=[world["case"].uuid]),
        {"provider": str(provider.uuid), "question": "Kāds ir progress?"},
        follow=True,
    )
    assert _says(sent, texts.REQUEST_SENT % {"provider": provider.name})
    info_request = InformationRequest.objects.get()

    manager = client_of("provider_case_manager")
    inbox = manager.get(reverse("casework:request_inbox"))
    assert world["case"].code in inbox.content.decode()
    replied = manager.post(
        reverse("casework:request_reply", args=[info_request.uuid]),
        {"scope": REPLY_CANARY, "progress": "labs", "recommendations": "turpināt"},
        follow=True,
    )
    assert _says(replied, texts.REQUEST_ANSWERED)
    detail = worker.get(reverse("casework:detail", args=[world["case"].uuid]))
    assert REPLY_CANARY in detail.content.decode()

    withdraw(consent, recorded_by=personas["provider_case_manager"])
    hidden = worker.get(reverse("casework:detail", args=[world["case"].uuid]))
    assert REPLY_CANARY not in hidden.content.decode()
    assert _says(hidden, texts.REPLY_HIDDEN)
    assert (
        manager.get(reverse("casework:request_reply", args=[info_request.uuid])).status_code == 404
    )


def test_without_consent_the_request_page_says_so(client_of: Any, world: dict[str, Any]) -> None:
    response = client_of("social_worker_a").get(
        reverse("casework:request_create", args=[world["case"].uuid])
    )
    assert _says(response, texts.NO_PROVIDER_WITH_CONSENT)
    body = response.content.decode()
    # Nothing to fill in that could only be refused; the way to the consents instead.
    assert 'name="question"' not in body
    assert reverse("consent:consent_list", args=[world["person"].uuid]) in body


def test_the_request_page_asks_to_choose_the_provider(
    client_of: Any, world: dict[str, Any], consent: Consent
) -> None:
    response = client_of("social_worker_a").get(
        reverse("casework:request_create", args=[world["case"].uuid])
    )
    body = response.content.decode()
    assert "---------" not in body
    assert '<option value="" selected>Izvēlieties pakalpojuma sniedzēju</option>' in body


@pytest.mark.usefixtures("consent")
@pytest.mark.parametrize("persona", WRONG_PERSONAS)
def test_every_other_persona_gets_404_and_no_canary(
    client_of: Any,
    world: dict[str, Any],
    management: CaseManagement,
    personas: dict[str, User],
    persona: str,
) -> None:
    worker = personas["social_worker_a"]
    follow_up = services.follow_up_schedule(
        actor=worker, management=management, due_on=datetime.date(2026, 12, 1)
    )
    case_uuid = world["case"].uuid
    client = client_of(persona)
    for name in (
        "detail",
        "edit",
        "activity_add",
        "follow_up_add",
        "family_task_add",
        "request_create",
    ):
        response = client.get(reverse(f"casework:{name}", args=[case_uuid]))
        assert response.status_code == 404, name
        assert_no_canary(response.content)
    response = client.get(reverse("casework:follow_up_record", args=[follow_up.uuid]))
    assert response.status_code == 404
    assert client.post(reverse("casework:advance", args=[case_uuid]), {}).status_code == 404


def test_a_request_to_another_provider_is_404(
    client_of: Any, world: dict[str, Any], consent: Consent, personas: dict[str, User]
) -> None:
    worker = personas["social_worker_a"]
    sent = services.information_request_send(
        actor=worker,
        case=world["case"],
        provider=personas["provider_case_manager"].organisation,
        question="?",
    )
    for persona in ("social_worker_a", "police_member", "system_admin"):
        response = client_of(persona).get(reverse("casework:request_reply", args=[sent.uuid]))
        assert response.status_code == 404


# The inbox: the count, the page (the actor's organisation, whose type decides, comes with
# the signed-in user).
INBOX_QUERIES = 2
# The detail: the case with its person and organisation and the relation flags in one query
# (case_for); a savepoint with the management and its sensitive_read event (savepoint, chain
# head, insert, two releases); then activities, follow-ups, family tasks and information
# requests, one query each whatever their number.
DETAIL_QUERIES = 12


def _pg() -> int:
    # PostgreSQL adds the advisory lock that serialises appends to the audit chain.
    return 1 if connection.vendor == "postgresql" else 0


def test_detail_query_count_does_not_grow_with_rows(
    client_of: Any,
    world: dict[str, Any],
    management: CaseManagement,
    personas: dict[str, User],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    worker = personas["social_worker_a"]
    client = client_of("social_worker_a")
    url = reverse("casework:detail", args=[world["case"].uuid])
    base = middleware_query_count(client)
    counts = []
    for added in (10, 190):
        # In bulk: the page's query count, not the service, is under test.
        FollowUpContact.objects.bulk_create(
            FollowUpContact(
                management=management,
                due_on=datetime.date(2026, 12, 1 + n % 28),
                created_by=worker,
            )
            for n in range(added)
        )
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        counts.append(len(context.captured_queries) - base)
    assert counts == [DETAIL_QUERIES + _pg(), DETAIL_QUERIES + _pg()]
    with django_assert_num_queries(base + counts[0]):
        client.get(url)


def test_inbox_query_count_does_not_grow(
    client_of: Any,
    world: dict[str, Any],
    consent: Consent,
    personas: dict[str, User],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    worker = personas["social_worker_a"]
    client = client_of("provider_case_manager")
    expected = middleware_query_count(client) + INBOX_QUERIES
    # One through the service, the rest in bulk: the query count is under test.
    first = services.information_request_send(
        actor=worker,
        case=world["case"],
        provider=personas["provider_case_manager"].organisation,
        question="?",
    )
    for added in (9, 190):
        InformationRequest.objects.bulk_create(
            InformationRequest(
                case=first.case,
                provider=first.provider,
                consent=first.consent,
                question="?",
                sent_by=worker,
            )
            for _ in range(added)
        )
        with django_assert_num_queries(expected):
            response = client.post(reverse("casework:request_inbox"), {"status": "sent"})
        assert response.status_code == 200


def test_the_case_page_links_to_case_management_for_its_social_worker_only(
    client_of: Any, world: dict[str, Any]
) -> None:
    link = reverse("casework:detail", args=[world["case"].uuid])
    own = client_of("social_worker_a").get(reverse("cases:detail", args=[world["case"].uuid]))
    assert link in own.content.decode()
    provider_case = world["provider_case"]
    provider = client_of("provider_case_manager").get(
        reverse("cases:detail", args=[provider_case.uuid])
    )
    assert reverse("casework:detail", args=[provider_case.uuid]) not in provider.content.decode()


def test_updating_a_family_task(
    client_of: Any, world: dict[str, Any], management: CaseManagement, personas: dict[str, User]
) -> None:
    task = services.family_task_add(
        actor=personas["social_worker_a"],
        management=management,
        task="support_testimony",
        status="planned",
        notes="",
    )
    url = reverse("casework:family_task_edit", args=[task.uuid])
    response = client_of("social_worker_a").post(
        url, {"status": "done", "notes": "Liecība sniegta"}, follow=True
    )
    assert _says(response, texts.FAMILY_TASK_UPDATED)
    # The task's status, not the word of a button elsewhere ("Gatavs").
    assert "<td>Izpildīts</td>" in response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.notes) == ("done", "Liecība sniegta")
    assert AuditEvent.objects.filter(action="family_task_updated").exists()
    for persona in ("social_worker_b", "provider_case_manager", "system_admin"):
        assert client_of(persona).get(url).status_code == 404


def test_an_invalid_step_form_creates_nothing(client_of: Any, world: dict[str, Any]) -> None:
    response = client_of("social_worker_a").post(
        reverse("casework:advance", args=[world["case"].uuid]), {"step": "nowhere"}, follow=True
    )
    assert _says(response, texts.STEP_NOT_ALLOWED)
    assert not CaseManagement.objects.exists()


def _hidden_version(response: Any, form_start: str) -> str:
    """The version the page's form opening with ``form_start`` sends back, as a browser would."""
    body = response.content.decode()
    form = body[body.index(form_start) :]
    form = form[: form.index("</form>")]
    match = re.search(r'name="version" value="(\d+)"', form)
    assert match, form
    return match[1]


def _move_through_the_page(client: Any, case_uuid: Any, step: str) -> Any:
    detail = client.get(reverse("casework:detail", args=[case_uuid]))
    url = reverse("casework:advance", args=[case_uuid])
    version = _hidden_version(detail, f'action="{url}"')
    return client.post(url, {"step": step, "version": version}, follow=True)


def test_the_first_move_of_a_case_without_management_is_no_conflict(
    client_of: Any, world: dict[str, Any]
) -> None:
    client = client_of("social_worker_a")
    moved = _move_through_the_page(client, world["case"].uuid, CaseStep.TARGET_GROUP_RISK)
    assert not _says(moved, texts.CONFLICT)
    assert _says(moved, texts.STEP_CHANGED % {"step": CaseStep.TARGET_GROUP_RISK.label})
    assert CaseManagement.objects.get().step == CaseStep.TARGET_GROUP_RISK
    again = _move_through_the_page(client, world["case"].uuid, CaseStep.PLAN)
    assert _says(again, texts.STEP_CHANGED % {"step": CaseStep.PLAN.label})


def test_the_first_move_after_saving_a_new_management_is_no_conflict(
    client_of: Any, world: dict[str, Any]
) -> None:
    client = client_of("social_worker_a")
    edit_url = reverse("casework:edit", args=[world["case"].uuid])
    edit = client.get(edit_url)
    version = _hidden_version(edit, '<form class="form" method="post"')
    saved = client.post(edit_url, {"version": version, "plan_notes": "Plāns"}, follow=True)
    assert _says(saved, texts.MANAGEMENT_SAVED)
    moved = _move_through_the_page(client, world["case"].uuid, CaseStep.TARGET_GROUP_RISK)
    assert not _says(moved, texts.CONFLICT)
    assert _says(moved, texts.STEP_CHANGED % {"step": CaseStep.TARGET_GROUP_RISK.label})


def test_the_first_move_after_adding_an_activity_is_no_conflict(
    client_of: Any, world: dict[str, Any]
) -> None:
    client = client_of("social_worker_a")
    client.post(
        reverse("casework:activity_add", args=[world["case"].uuid]),
        {"kind": "state_course", "starts_on": "2026-11-02", "notes": ""},
    )
    moved = _move_through_the_page(client, world["case"].uuid, CaseStep.TARGET_GROUP_RISK)
    assert not _says(moved, texts.CONFLICT)
    assert _says(moved, texts.STEP_CHANGED % {"step": CaseStep.TARGET_GROUP_RISK.label})
