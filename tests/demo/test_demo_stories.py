"""The demo's fictional cases: one at every stage of the mechanism, loaded once."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from atbalsts.accounts.models import User
from atbalsts.agency.models import AgencySubmission, SubmissionStatus
from atbalsts.audit.selectors import audit_chain_verdict
from atbalsts.cases.models import Case
from atbalsts.casework.models import (
    CaseManagement,
    CaseStep,
    FamilyTask,
    FollowUpContact,
    InformationRequest,
    InformationRequestStatus,
)
from atbalsts.consent.models import Consent, ConsentWithdrawal, Referral, ReferralStatus
from atbalsts.core.fields import blind_index_lookup
from atbalsts.courses.models import (
    AfterCourseRoute,
    Course,
    CourseStatus,
    Delivery,
    PlanReview,
    PlanTask,
)
from atbalsts.dashboard.collector import dashboard_items
from atbalsts.demo.data import WHAT_TO_TRY
from atbalsts.demo.scenarios import PEOPLE, STORIES
from atbalsts.demo.services import demo_data_load
from atbalsts.identification.models import Commission, CommissionRole, CommissionStatus
from atbalsts.people.models import Person
from atbalsts.rules.personal_code import parse_personal_code
from atbalsts.screening.models import Screening, ScreeningStatus
from atbalsts.screening.selectors import screening_result
from tests.accounts.helpers import force_login_verified
from tests.core.pages import tags

pytestmark = pytest.mark.django_db

COUNTED = (
    Person,
    Case,
    Screening,
    Consent,
    ConsentWithdrawal,
    Referral,
    Commission,
    AgencySubmission,
    Course,
    PlanTask,
    PlanReview,
    Delivery,
    CaseManagement,
    FamilyTask,
    FollowUpContact,
    InformationRequest,
)


@pytest.fixture(autouse=True)
def _private_var_dir(tmp_path: Path, settings: pytest.FixtureRequest) -> None:
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _person(story: str) -> Person:
    return Person.objects.get(personal_code_index__in=blind_index_lookup(PEOPLE[story].code))


def _case(story: str, organisation: str) -> Case:
    return Case.objects.get(person=_person(story), organisation__code=organisation)


def test_loading_twice_duplicates_nothing() -> None:
    first = demo_data_load()
    counts = _counts()
    second = demo_data_load()

    assert first.stories_loaded == [story.key for story in STORIES]
    assert second.stories_loaded == []
    assert _counts() == counts
    assert Person.objects.count() == len(STORIES)
    assert [(h.username, h.case_code) for h in second.hints] == [
        (h.username, h.case_code) for h in first.hints
    ]


def test_the_demo_people_are_fictional_with_personal_codes_that_pass_the_checks() -> None:
    demo_data_load()

    codes = [person.code for person in PEOPLE.values()]
    assert len(set(codes)) == len(codes)
    for person in PEOPLE.values():
        parsed = parse_personal_code(person.code, today=timezone.localdate())
        assert (parsed.code, parsed.birth_date) == (person.code, person.birth_date)
        stored = _person(next(key for key, value in PEOPLE.items() if value is person))
        assert stored.personal_code == person.code
    anonymous = Person.objects.get(is_anonymous=True)
    assert anonymous.personal_code in (None, "")
    assert Case.objects.get(person=anonymous).organisation.code == "madona-sd"


def test_the_stages_before_the_course_are_there() -> None:
    demo_data_load()
    today = timezone.localdate()

    draft = Screening.objects.get(case=_case("screening_draft", "daugavpils-sd"))
    assert draft.status == ScreeningStatus.DRAFT
    done = Screening.objects.get(case=_case("screening_done", "riga-sd"))
    assert done.status == ScreeningStatus.COMPLETED
    assert screening_result(done).refer_to_provider

    waiting = Referral.objects.get(case=_case("referral_sent", "riga-sd"))
    assert (waiting.status, waiting.recipient.code) == (ReferralStatus.SENT, "drosa-maja")

    positive = Commission.objects.get(case=_case("commission_positive", "drosa-maja"))
    assert positive.status == CommissionStatus.RECOGNISED
    assert positive.case.referral_received.status == ReferralStatus.ACCEPTED
    police = positive.members.get(commission_role=CommissionRole.POLICE_OFFICIAL)
    assert police.user.username == "police.member"
    convened = Commission.objects.get(case=_case("commission_convened", "drosa-maja"))
    assert convened.status == CommissionStatus.CONVENED

    due = AgencySubmission.objects.get(case=_case("siva_due", "drosa-maja"))
    assert due.status == SubmissionStatus.RECEIVED
    assert due.decide_by is not None
    assert due.decide_by <= today
    granted = AgencySubmission.objects.get(case=_case("siva_granted", "marta"))
    assert granted.status == SubmissionStatus.GRANTED
    on_list = AgencySubmission.objects.get(case=_case("siva_waiting", "drosa-maja"))
    assert (on_list.status, on_list.waiting_list_position) == (SubmissionStatus.WAITING_LIST, 3)


def test_courses_and_what_follows_them_are_there() -> None:
    demo_data_load()
    today = timezone.localdate()

    running = Course.objects.get(case=_case("course_running", "drosa-maja"))
    assert running.status == CourseStatus.RUNNING
    assert running.plan.tasks.count() == 2
    assert running.plan.reviews.get().next_review_on == today
    assert running.deliveries.count() == 3
    ending = Course.objects.get(case=_case("course_ending", "marta"))
    assert ending.status == CourseStatus.RUNNING
    assert 0 <= (ending.start_date + datetime.timedelta(days=179) - today).days <= 14

    consultations = Course.objects.get(case=_case("course_consultations", "drosa-maja"))
    assert consultations.status == CourseStatus.ENDED
    assert consultations.after_course_route == AfterCourseRoute.CONSULTATIONS
    assert consultations.deliveries.filter(service="after_course_consultation").count() == 4
    support = Course.objects.get(case=_case("course_support", "drosa-maja"))
    assert support.after_course_route == AfterCourseRoute.CRIMINAL_PROCESS_SUPPORT
    assert (
        sum(d.quantity for d in support.deliveries.filter(service="criminal_process_support")) == 10
    )


def test_municipal_case_management_is_at_each_step_with_consents_and_requests() -> None:
    demo_data_load()
    today = timezone.localdate()

    steps = {
        "casework_assessment": ("madona-sd", CaseStep.ASSESSMENT),
        "casework_target_group": ("daugavpils-sd", CaseStep.TARGET_GROUP_RISK),
        "casework_plan": ("madona-sd", CaseStep.PLAN),
        "casework_evaluation": ("riga-sd", CaseStep.EVALUATION),
        "casework_follow_up": ("daugavpils-sd", CaseStep.FOLLOW_UP),
    }
    for story, (organisation, step) in steps.items():
        assert CaseManagement.objects.get(case=_case(story, organisation)).step == step
    follow_up = FollowUpContact.objects.get(
        management__case=_case("casework_follow_up", "daugavpils-sd")
    )
    assert follow_up.due_on == today
    assert follow_up.done_on is None

    request = InformationRequest.objects.get(case=_case("course_running", "riga-sd"))
    assert request.status == InformationRequestStatus.ANSWERED
    assert request.provider.code == "drosa-maja"

    withdrawn = Consent.objects.get(person=_person("consent_withdrawn"))
    assert ConsentWithdrawal.objects.filter(consent=withdrawn).exists()

    organisations = set(Case.objects.values_list("organisation__code", flat=True))
    assert organisations == {"riga-sd", "daugavpils-sd", "madona-sd", "drosa-maja", "marta"}


@pytest.mark.parametrize(
    "username",
    [
        "riga.social",
        "riga.head",
        "daugavpils.social",
        "madona.social",
        "dm.case",
        "dm.specialist",
        "dm.head",
        "marta.case",
        "siva.coord",
    ],
)
def test_the_dashboards_have_something_due(username: str) -> None:
    demo_data_load()

    user = User.objects.get(username=username)
    assert dashboard_items(user, timezone.localdate())


def test_the_trail_is_intact_after_the_stories() -> None:
    demo_data_load()
    demo_data_load()

    assert audit_chain_verdict().is_intact


def test_the_command_prints_what_to_try_with_case_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("seed_demo")
    output = capsys.readouterr().out

    assert "What to try" in output
    running = _case("course_running", "drosa-maja")
    assert f"{running.code:<12} running course: plan, tasks, review due today" in output
    for username in WHAT_TO_TRY:
        assert f"\n  {username}\n" in output


@pytest.mark.parametrize(
    ("username", "story", "organisation"),
    [
        ("riga.social", "casework_evaluation", "riga-sd"),
        ("dm.case", "siva_due", "drosa-maja"),
        ("siva.coord", "siva_due", "drosa-maja"),
        ("marta.case", "course_ending", "marta"),
    ],
)
def test_a_demo_user_sees_the_due_case_on_the_dashboard_page(
    client: Client, username: str, story: str, organisation: str
) -> None:
    demo_data_load()
    force_login_verified(client, User.objects.get(username=username))

    response = client.get(reverse("dashboard:home"))

    assert response.status_code == 200
    assert _case(story, organisation).code in response.content.decode()


def test_every_demo_draft_screening_continues_to_its_step_page(client: Client) -> None:
    demo_data_load()
    drafts = Screening.objects.filter(status=ScreeningStatus.DRAFT).select_related("created_by")
    assert drafts
    for draft in drafts:
        force_login_verified(client, draft.created_by)
        prefix = reverse("screening:detail", args=[draft.uuid]) + "step/"
        pages = [
            client.get(reverse("screening:detail", args=[draft.uuid])),
            client.get(reverse("screening:case_list", args=[draft.case.uuid])),
        ]
        links = [
            href
            for page in pages
            for attrs in tags(page, "a")
            if (href := attrs.get("href")) is not None and href.startswith(prefix)
        ]
        assert len(links) == 2, draft.case.code
        for link in links:
            assert client.get(link).status_code == 200, link


def test_a_demo_seeded_with_the_earlier_codes_is_not_given_a_second_copy() -> None:
    demo_data_load()
    for person in PEOPLE.values():
        Person.objects.filter(personal_code_index__in=blind_index_lookup(person.code)).update(
            personal_code_index=blind_index_lookup(person.earlier_code)[0]
        )
    counts = _counts()

    again = demo_data_load()

    assert again.stories_loaded == []
    assert _counts() == counts
