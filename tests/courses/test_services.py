"""Course, plan and service-log services: the rules ledger decides at entry (seed
§"Otrais posms", §"Trešais posms"; docs/domain.md "How we read the numbers")."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from atbalsts.accounts.models import User
from atbalsts.agency.models import AgencySubmission, SubmissionStatus
from atbalsts.audit.models import AuditEvent
from atbalsts.cases.models import Case
from atbalsts.courses import services, texts
from atbalsts.courses.models import (
    COURSE_TRANSITIONS,
    AfterCourseRoute,
    Course,
    CourseStatus,
    Delivery,
    EndReason,
    ProceduralStatus,
    ServiceLine,
    can_transition,
)
from atbalsts.courses.selectors import dashboard_items
from atbalsts.courses.services import DeliveryInput, PlanGoals
from tests.core_security.stored import stored_text
from tests.courses.conftest import (
    START,
    TODAY,
    granted_provider_case,
    provider_case_without_grant,
    siva_grants,
)
from tests.people.factories import make_case, make_person

pytestmark = pytest.mark.django_db


def _entry(
    service: str,
    kind: str,
    on: datetime.date,
    *,
    quantity: str = "1",
    specialist: str = "",
    children: int = 0,
) -> DeliveryInput:
    return DeliveryInput(
        service=service,
        kind=kind,
        specialist=specialist,
        quantity=Decimal(quantity),
        minor_children=children,
        delivered_on=on,
    )


def _end(course: Course, actor: User, end: datetime.date, today: datetime.date = TODAY) -> None:
    services.course_end(
        actor=actor,
        course=course,
        end_date=end,
        end_reason=EndReason.COMPLETED,
        end_note="",
        today=today,
    )


def test_the_workflow_table_allows_only_forward_moves() -> None:
    assert can_transition(CourseStatus.PLANNED, CourseStatus.RUNNING)
    assert can_transition(CourseStatus.RUNNING, CourseStatus.ENDED)
    assert not can_transition(CourseStatus.ENDED, CourseStatus.RUNNING)
    assert not can_transition(CourseStatus.RUNNING, CourseStatus.PLANNED)
    assert set(COURSE_TRANSITIONS) == set(CourseStatus)


def test_a_course_starts_only_on_a_service_providers_case(personas: dict[str, User]) -> None:
    worker = personas["social_worker_a"]
    municipal = make_case(person=make_person(created_by=worker), created_by=worker)

    assert not services.course_may_start(municipal)
    with pytest.raises(ValidationError) as error:
        services.course_start(actor=worker, case=municipal, start_date=START, today=TODAY)
    assert error.value.messages == [str(texts.COURSE_MAY_NOT_START)]
    assert not Course.objects.exists()


def test_a_course_starts_only_after_siva_granted_the_service(personas: dict[str, User]) -> None:
    manager = personas["provider_case_manager"]
    case = provider_case_without_grant(personas)

    def refusal() -> list[str]:
        with pytest.raises(ValidationError) as error:
            services.course_start(actor=manager, case=case, start_date=START, today=TODAY)
        return error.value.messages

    assert refusal() == [str(texts.SIVA_NOT_SUBMITTED)]
    submission = siva_grants(case, personas)
    AgencySubmission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.RECEIVED)
    assert refusal() == [str(texts.SIVA_NOT_DECIDED)]
    AgencySubmission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.WAITING_LIST)
    assert refusal() == [str(texts.SIVA_WAITING_LIST)]
    AgencySubmission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.REFUSED)
    assert refusal() == [str(texts.SIVA_REFUSED)]
    assert not Course.objects.exists()
    assert not services.course_may_start(case)

    AgencySubmission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.GRANTED)
    assert services.course_may_start(case)
    assert services.course_start(actor=manager, case=case, start_date=START, today=TODAY)


def test_starting_records_the_course_its_plan_and_an_audit_event(
    provider_case: Case, personas: dict[str, User]
) -> None:
    manager = personas["provider_case_manager"]
    course = services.course_start(actor=manager, case=provider_case, start_date=START, today=TODAY)

    assert course.status == CourseStatus.RUNNING
    assert course.plan.version == 1
    assert AuditEvent.objects.filter(action="course_started", object_uuid=course.uuid).exists()
    with pytest.raises(ValidationError):
        services.course_start(actor=manager, case=provider_case, start_date=START, today=TODAY)


def test_a_course_starting_later_is_planned_until_its_day(
    provider_case: Case, personas: dict[str, User]
) -> None:
    manager = personas["provider_case_manager"]
    later = datetime.date(2026, 12, 7)
    course = services.course_start(actor=manager, case=provider_case, start_date=later, today=TODAY)
    assert course.status == CourseStatus.PLANNED

    with pytest.raises(ValidationError) as error:
        services.course_begin(actor=manager, course=course, today=TODAY)
    assert error.value.messages == [str(texts.BEGIN_BEFORE_START)]

    services.course_begin(actor=manager, course=course, today=later)
    assert course.status == CourseStatus.RUNNING
    with pytest.raises(ValidationError):
        services.course_begin(actor=manager, course=course, today=later)


def test_an_end_after_the_last_allowed_day_is_refused_with_the_rule(
    course: Course, personas: dict[str, User]
) -> None:
    # 2026-10-01 + 179 days = 2027-03-29, the 180th day.
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _end(course, personas["provider_case_manager"], datetime.date(2027, 3, 30), TODAY)

    assert error.value.message_dict["end_date"] == [
        (
            "The course lasts at most 180 days: its last allowed day is 29 March 2027"
            " (Cabinet Regulation No. 344 of 16 July 2019, para. 4)."
        )
    ]
    course.refresh_from_db()
    assert course.status == CourseStatus.RUNNING
    assert course.end_date is None


def test_an_end_in_the_future_or_before_the_start_is_refused(
    course: Course, personas: dict[str, User]
) -> None:
    manager = personas["provider_case_manager"]
    with pytest.raises(ValidationError) as future, translation.override("lv"):
        _end(course, manager, datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError) as before, translation.override("lv"):
        _end(course, manager, datetime.date(2026, 9, 1))
    with pytest.raises(ValidationError) as no_note:
        services.course_end(
            actor=manager,
            course=course,
            end_date=TODAY,
            end_reason=EndReason.OTHER,
            end_note=" ",
            today=TODAY,
        )

    assert future.value.message_dict["end_date"] == [
        "Kursa beigu datums (01.12.2026) nevar būt pēc šodienas (29.11.2026)."
    ]
    assert before.value.message_dict["end_date"] == [
        "Kursa beigu datums (01.09.2026) nevar būt pirms kursa sākuma datuma (01.10.2026)."
    ]
    assert no_note.value.message_dict["end_note"] == [str(texts.END_NOTE_REQUIRED)]


def test_an_end_before_recorded_course_services_is_refused(
    course: Course, personas: dict[str, User]
) -> None:
    manager = personas["provider_case_manager"]
    services.delivery_record(
        actor=manager,
        course=course,
        entry=_entry(
            ServiceLine.COURSE,
            "accommodation",
            datetime.date(2026, 11, 20),
            quantity="3",
            children=2,
        ),
        today=TODAY,
    )

    with pytest.raises(ValidationError) as error:
        _end(course, manager, datetime.date(2026, 11, 10))

    assert "after_course_end" not in str(error.value)
    assert "4. punkts" in error.value.message_dict["end_date"][0]
    course.refresh_from_db()
    assert course.status == CourseStatus.RUNNING


def test_the_sixth_family_consultation_is_refused_and_not_saved(
    course: Course, personas: dict[str, User]
) -> None:
    manager = personas["provider_case_manager"]
    for day in range(1, 6):
        services.delivery_record(
            actor=manager,
            course=course,
            entry=_entry(
                ServiceLine.FAMILY_MINOR_CONSULTATION, "psychologist", datetime.date(2026, 11, day)
            ),
            today=TODAY,
        )

    with pytest.raises(services.DeliveryRefusedError) as refused:
        services.delivery_record(
            actor=manager,
            course=course,
            entry=_entry(
                ServiceLine.FAMILY_MINOR_CONSULTATION, "psychologist", datetime.date(2026, 11, 6)
            ),
            today=TODAY,
        )

    assert refused.value.violation.code == "quota_exceeded"
    with translation.override("lv"):
        assert refused.value.message == (
            "Nav saglabāts: Ģimenes locekļu konsultāciju skaits (5) jau ir izmantots."
            " Noteikums: Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344"
        )
    with translation.override("en"):
        assert refused.value.message == (
            "Not saved: All 5 consultations for the family are used."
            " Rule: Cabinet Regulation No. 344 of 16 July 2019"
        )
    assert course.deliveries.count() == 5


def test_a_course_service_before_the_start_is_refused(
    course: Course, personas: dict[str, User]
) -> None:
    with pytest.raises(ValidationError) as refused, translation.override("lv"):
        services.delivery_record(
            actor=personas["provider_case_manager"],
            course=course,
            entry=_entry(
                ServiceLine.COURSE, "essentials", datetime.date(2026, 9, 30), quantity="25.50"
            ),
            today=TODAY,
        )
    expected = (
        "Pakalpojuma sniegšanas datums (30.09.2026) nevar būt pirms kursa sākuma datuma "
        "(01.10.2026)."
    )
    assert refused.value.message_dict["delivered_on"] == [expected]
    assert not Delivery.objects.exists()


def test_a_future_delivery_is_refused(course: Course, personas: dict[str, User]) -> None:
    with pytest.raises(ValidationError) as error, translation.override("lv"):
        services.delivery_record(
            actor=personas["provider_case_manager"],
            course=course,
            entry=_entry(
                ServiceLine.COURSE, "transport", datetime.date(2026, 11, 30), quantity="5"
            ),
            today=TODAY,
        )
    assert error.value.message_dict["delivered_on"] == [
        "Pakalpojuma sniegšanas datums (30.11.2026) nevar būt pēc šodienas (29.11.2026)."
    ]


@pytest.fixture
def ended_course(personas: dict[str, User], provider_case: Case) -> Course:
    """A course of 2026-01-10 … 2026-07-08; the post-course window runs to 2028-07-08."""
    manager = personas["provider_case_manager"]
    course = services.course_start(
        actor=manager, case=provider_case, start_date=datetime.date(2026, 1, 10), today=TODAY
    )
    _end(course, manager, datetime.date(2026, 7, 8))
    return course


def test_the_sixth_post_course_consultation_is_refused(
    ended_course: Course, personas: dict[str, User]
) -> None:
    manager = personas["provider_case_manager"]
    services.course_route_choose(
        actor=manager,
        course=ended_course,
        route=AfterCourseRoute.CONSULTATIONS,
        procedural_status="",
        has_state_legal_aid=False,
        support_granted_on=None,
        today=TODAY,
    )
    for month in range(7, 12):
        services.delivery_record(
            actor=manager,
            course=ended_course,
            entry=_entry(
                ServiceLine.AFTER_COURSE_CONSULTATION, "lawyer", datetime.date(2026, month, 9)
            ),
            today=TODAY,
        )

    with pytest.raises(services.DeliveryRefusedError) as refused:
        services.delivery_record(
            actor=manager,
            course=ended_course,
            entry=_entry(
                ServiceLine.AFTER_COURSE_CONSULTATION, "lawyer", datetime.date(2026, 11, 20)
            ),
            today=TODAY,
        )

    assert refused.value.violation.code == "quota_exceeded"
    assert (
        refused.value.violation.rule
        == "Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344, 4. punkts"
    )


def test_under_state_legal_aid_a_lawyer_is_refused_and_a_psychologist_counts(
    ended_course: Course, personas: dict[str, User]
) -> None:
    manager = personas["provider_case_manager"]
    services.course_route_choose(
        actor=manager,
        course=ended_course,
        route=AfterCourseRoute.CRIMINAL_PROCESS_SUPPORT,
        procedural_status=ProceduralStatus.VICTIM,
        has_state_legal_aid=True,
        support_granted_on=None,
        today=TODAY,
    )
    services.delivery_record(
        actor=manager,
        course=ended_course,
        entry=_entry(
            ServiceLine.CRIMINAL_PROCESS_SUPPORT,
            "psychologist_consultation",
            datetime.date(2026, 9, 1),
            quantity="140",
        ),
        today=TODAY,
    )

    with pytest.raises(services.DeliveryRefusedError) as lawyer:
        services.delivery_record(
            actor=manager,
            course=ended_course,
            entry=_entry(
                ServiceLine.CRIMINAL_PROCESS_SUPPORT,
                "lawyer_consultation",
                datetime.date(2026, 9, 2),
            ),
            today=TODAY,
        )
    with pytest.raises(services.DeliveryRefusedError) as too_many:
        services.delivery_record(
            actor=manager,
            course=ended_course,
            entry=_entry(
                ServiceLine.CRIMINAL_PROCESS_SUPPORT,
                "interpreter",
                datetime.date(2026, 9, 3),
                quantity="11",
            ),
            today=TODAY,
        )

    assert lawyer.value.violation.code == "kind_not_allowed"
    assert (
        lawyer.value.violation.rule
        == "Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344, 5. punkts"
    )
    assert too_many.value.violation.code == "quota_exceeded"
    items = dashboard_items(manager, TODAY)
    assert [item.kind for item in items] == ["support_near_cap"]


def test_the_route_cannot_change_under_recorded_deliveries_or_before_the_end(
    ended_course: Course, personas: dict[str, User]
) -> None:
    manager = personas["provider_case_manager"]
    other = granted_provider_case(personas)
    course = services.course_start(actor=manager, case=other, start_date=START, today=TODAY)
    arguments: dict[str, Any] = {
        "procedural_status": "",
        "has_state_legal_aid": False,
        "support_granted_on": None,
        "today": TODAY,
    }
    with pytest.raises(ValidationError) as running:
        services.course_route_choose(
            actor=manager, course=course, route=AfterCourseRoute.CONSULTATIONS, **arguments
        )
    assert running.value.messages == [str(texts.ROUTE_BEFORE_END)]

    with pytest.raises(ValidationError) as no_status:
        services.course_route_choose(
            actor=manager,
            course=ended_course,
            route=AfterCourseRoute.CRIMINAL_PROCESS_SUPPORT,
            **arguments,
        )
    assert no_status.value.message_dict["procedural_status"] == [
        str(texts.PROCEDURAL_STATUS_REQUIRED)
    ]

    services.course_route_choose(
        actor=manager, course=ended_course, route=AfterCourseRoute.CONSULTATIONS, **arguments
    )
    services.delivery_record(
        actor=manager,
        course=ended_course,
        entry=_entry(ServiceLine.AFTER_COURSE_CONSULTATION, "lawyer", datetime.date(2026, 8, 1)),
        today=TODAY,
    )
    with pytest.raises(ValidationError):
        services.course_route_choose(
            actor=manager,
            course=ended_course,
            route=AfterCourseRoute.CRIMINAL_PROCESS_SUPPORT,
            **{**arguments, "procedural_status": ProceduralStatus.WITNESS},
        )
    ended_course.refresh_from_db()
    assert ended_course.after_course_route == AfterCourseRoute.CONSULTATIONS


def test_two_plan_saves_from_the_same_version_one_conflicts_and_nothing_is_overwritten(
    course: Course, personas: dict[str, User]
) -> None:
    manager, head = personas["provider_case_manager"], personas["provider_head"]
    plan = course.plan
    services.plan_update(
        actor=manager, plan=plan, version=1, goals=PlanGoals("Drošs mājoklis", "Darbs")
    )

    with pytest.raises(services.PlanConflictError) as conflict:
        services.plan_update(actor=head, plan=plan, version=1, goals=PlanGoals("Cits", "Cits"))

    assert conflict.value.current.short_term_goals == "Drošs mājoklis"
    plan.refresh_from_db()
    assert (plan.short_term_goals, plan.long_term_goals, plan.version) == (
        "Drošs mājoklis",
        "Darbs",
        2,
    )


def test_tasks_go_only_to_the_providers_own_staff(
    course: Course, personas: dict[str, User], specialist: User
) -> None:
    manager = personas["provider_case_manager"]
    with pytest.raises(ValidationError) as error:
        services.plan_task_add(
            actor=manager,
            plan=course.plan,
            description="Pavadīt uz tiesu",
            responsible=personas["social_worker_a"],
            due_on=TODAY,
        )
    assert error.value.message_dict["responsible"] == [str(texts.RESPONSIBLE_NOT_PROVIDER)]

    task = services.plan_task_add(
        actor=manager,
        plan=course.plan,
        description="Pavadīt uz tiesu",
        responsible=specialist,
        due_on=TODAY,
    )
    services.plan_task_complete(actor=specialist, task=task)
    task.refresh_from_db()
    assert task.is_done


def test_a_review_needs_a_later_next_review(course: Course, personas: dict[str, User]) -> None:
    manager = personas["provider_case_manager"]
    with pytest.raises(ValidationError) as error:
        services.plan_review_add(
            actor=manager,
            plan=course.plan,
            reviewed_on=TODAY,
            notes="",
            next_review_on=TODAY,
            today=TODAY,
        )
    assert error.value.message_dict["next_review_on"] == [str(texts.NEXT_REVIEW_BEFORE_REVIEW)]
    with pytest.raises(ValidationError) as future, translation.override("lv"):
        services.plan_review_add(
            actor=manager,
            plan=course.plan,
            reviewed_on=TODAY + datetime.timedelta(days=1),
            notes="",
            next_review_on=TODAY + datetime.timedelta(days=9),
            today=TODAY,
        )
    assert future.value.message_dict["reviewed_on"] == [
        "Pārskatīšanas datums (30.11.2026) nevar būt pēc šodienas (29.11.2026)."
    ]


def test_dashboard_items_name_what_is_due_by_case_code_only(
    personas: dict[str, User], provider_case: Case
) -> None:
    manager = personas["provider_case_manager"]
    # Last allowed day 2026-12-10: within 14 days of TODAY.
    course = services.course_start(
        actor=manager, case=provider_case, start_date=datetime.date(2026, 6, 14), today=TODAY
    )
    services.plan_review_add(
        actor=manager,
        plan=course.plan,
        reviewed_on=datetime.date(2026, 11, 1),
        notes="",
        next_review_on=datetime.date(2026, 11, 28),
        today=TODAY,
    )
    other = granted_provider_case(personas)
    closing = services.course_start(
        actor=manager, case=other, start_date=datetime.date(2024, 7, 1), today=TODAY
    )
    # Ended 2024-12-20: the window closes 2026-12-20, within 30 days.
    _end(closing, manager, datetime.date(2024, 12, 20))

    items = dashboard_items(manager, TODAY)

    assert [(item.kind, item.case_code, item.due_on, item.is_overdue) for item in items] == [
        ("review_due", provider_case.code, datetime.date(2026, 11, 28), True),
        ("course_ending", provider_case.code, datetime.date(2026, 12, 10), False),
        ("window_closing", other.code, datetime.date(2026, 12, 20), False),
    ]
    assert dashboard_items(personas["social_worker_a"], TODAY) == []
    assert dashboard_items(personas["provider_head"], TODAY) == items


def test_a_copy_of_the_database_shows_neither_the_route_nor_the_status_in_the_proceedings(
    ended_course: Course, personas: dict[str, User]
) -> None:
    services.course_route_choose(
        actor=personas["provider_case_manager"],
        course=ended_course,
        route=AfterCourseRoute.CRIMINAL_PROCESS_SUPPORT,
        procedural_status=ProceduralStatus.WITNESS,
        has_state_legal_aid=True,
        support_granted_on=datetime.date(2026, 7, 21),
        today=TODAY,
    )

    dump = stored_text(Course, AuditEvent)
    secrets = ["criminal_process_support", "witness", "2026-07-21"]
    assert [text for text in secrets if text in dump] == []
    stored = Course.objects.get(pk=ended_course.pk)
    assert (
        stored.after_course_route,
        stored.procedural_status,
        stored.has_state_legal_aid,
        stored.support_granted_on,
    ) == (
        AfterCourseRoute.CRIMINAL_PROCESS_SUPPORT,
        ProceduralStatus.WITNESS,
        True,
        datetime.date(2026, 7, 21),
    )
    chosen = AuditEvent.objects.get(action="course_route_chosen")
    assert chosen.payload == {
        "fields": [
            "after_course_route",
            "has_state_legal_aid",
            "procedural_status",
            "support_granted_on",
        ]
    }
