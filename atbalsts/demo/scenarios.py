"""The demo's process data: fictional people and cases at every stage of the mechanism.

Everything is written through the apps' own services, so each record is validated and
audited as if a user had entered it. Dates are counted from ``timezone.localdate()`` so the
dashboards always have something due. A person of the demo is known by a fixed, obviously
fake personal code (``DDMMYY-000NN``) found through the blind index: a story whose person
exists is skipped, so loading twice duplicates nothing.

The one write that is not a service call: a submission to SIVA is stamped with the moment
it is saved, and SIVA cannot receive it before that day, so a demo submission that should
have been received days ago is given an earlier submission day first (``_backdate``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from atbalsts.accounts.models import Organisation, User
from atbalsts.agency import services as agency
from atbalsts.agency.models import AgencySubmission
from atbalsts.cases.models import Case
from atbalsts.casework import services as casework
from atbalsts.casework.models import CaseStep
from atbalsts.consent import services as consent
from atbalsts.consent.models import Consent
from atbalsts.core.fields import blind_index_lookup
from atbalsts.courses import services as courses
from atbalsts.courses.models import Course
from atbalsts.identification import services as identification
from atbalsts.people.models import Person
from atbalsts.people.services import PersonDetails, person_register
from atbalsts.rules.deadlines import agency_deadline
from atbalsts.rules.personal_code import old_form_code
from atbalsts.screening import services as screening
from atbalsts.workcalendar.selectors import working_calendar


@dataclass(frozen=True)
class DemoPerson:
    code: str  # the fake personal code
    first_name: str
    last_name: str
    birth_date: datetime.date
    sex: str = "female"
    # The code the demo gave before codes were checked: a demo database seeded then
    # still finds its people by it, and is not given a second copy of each.
    earlier_code: str = ""


@dataclass(frozen=True)
class Story:
    key: str
    person: DemoPerson | None  # None: the anonymous contact
    keeper: str  # username of the user who registers the person
    build: Callable[[Context, Case], None]


class Context:
    """The demo users and organisations by code, and the day the demo is loaded."""

    def __init__(self) -> None:
        self.users = {u.username: u for u in User.objects.select_related("organisation")}
        self.organisations = {o.code: o for o in Organisation.objects.all()}
        self.today = timezone.localdate()

    def days(self, n: int) -> datetime.date:
        return self.today + datetime.timedelta(days=n)

    def user(self, username: str) -> User:
        return self.users[username]

    def org(self, code: str) -> Organisation:
        return self.organisations[code]


def _p(number: int, first: str, last: str, birth: str, sex: str = "female") -> DemoPerson:
    day = datetime.date.fromisoformat(birth)
    return DemoPerson(
        _fake_code(day, number), first, last, day, sex, earlier_code=f"{day:%d%m%y}-000{number:02d}"
    )


def _fake_code(day: datetime.date, number: int) -> str:
    """A code that passes the personal code's checks (rules/personal_code.py), its serial
    the story's number: the first of number, 100 + number, … that has a check digit."""
    for serial in range(number, 1000, 100):
        try:
            return old_form_code(day, serial)
        except ValueError:
            continue
    raise ValueError(f"no demo code for story {number}")


# Invented surnames built on "paraugs" (sample), "piemērs" (example), "izdomāts" (made up).
PEOPLE = {
    "screening_draft": _p(1, "Līga", "Paraudziņa", "1994-03-15"),
    "screening_done": _p(2, "Marta", "Piemēriņa", "1999-07-02"),
    "referral_sent": _p(3, "Evija", "Izdomāte", "2001-11-20"),
    "commission_positive": _p(4, "Alise", "Paraudze", "1997-05-08"),
    "commission_convened": _p(5, "Jānis", "Izdomātais", "1989-01-30", "male"),
    "siva_due": _p(6, "Sanita", "Piemērniece", "1995-09-12"),
    "siva_granted": _p(7, "Dita", "Paraugiete", "2000-02-25"),
    "siva_waiting": _p(8, "Roberts", "Piemērs", "1986-12-04", "male"),
    "course_running": _p(9, "Inga", "Izdomātā", "1993-06-18"),
    "course_ending": _p(10, "Kitija", "Paraugveida", "1998-10-10"),
    "course_consultations": _p(11, "Zane", "Piemērsone", "1990-04-22"),
    "course_support": _p(12, "Artūrs", "Izdomiņš", "1984-08-14", "male"),
    "casework_assessment": _p(13, "Vija", "Paraudzīte", "1979-02-11"),
    "casework_target_group": _p(14, "Olga", "Piemērova", "1982-12-29"),
    "casework_plan": _p(15, "Laila", "Izdomniece", "1996-07-07"),
    "casework_evaluation": _p(16, "Ruta", "Paraugsone", "1991-03-03"),
    "casework_follow_up": _p(17, "Baiba", "Piemērīte", "1988-11-11"),
    "consent_withdrawn": _p(18, "Anete", "Izdomiete", "2002-01-19"),
}

_SIGNS = (
    ("migration", "documents_confiscated"),
    ("employment", "low_or_no_pay"),
    ("safety", "violence_threats"),
)
_CRITERIA = ["movement.recruited", "dependency.id_documents_taken", "threats.basic_needs_denied"]


# Steps shared by the stories


def _screen(ctx: Context, case: Case, actor: User, *, complete: bool, days_ago: int) -> None:
    draft = screening.screening_start(actor=actor, case=case, assessed_on=ctx.days(-days_ago))
    # One sign on each of the first three areas, saved as the interviewer's steps would.
    indicators: list[str] = []
    for step, sign in _SIGNS:
        indicators.append(sign)
        draft = screening.screening_save_step(
            actor=actor,
            screening=draft,
            version=draft.version,
            step=step,
            values={"indicators": list(indicators)},
        )
    if complete:
        screening.screening_complete(actor=actor, screening=draft, version=draft.version)


def _referral_consent(ctx: Context, case: Case, actor: User, recipient: str) -> Consent:
    return consent.consent_record(
        actor=actor,
        person=case.person,
        recipient=ctx.org(recipient),
        purpose="referral",
        categories=["identity", "contact", "exploitation", "health"],
        given_on=ctx.days(-3),
        evidence_reference="DEMO-PIEKRIŠANA-" + case.code,
    )


def _refer(ctx: Context, case: Case, actor: User, recipient: str, manager: str) -> Case:
    """Refer ``case`` with consent and let ``manager`` of ``recipient`` accept it."""
    given = _referral_consent(ctx, case, actor, recipient)
    referral = consent.referral_send(
        actor=actor, case=case, recipient=ctx.org(recipient), consent=given
    )
    accepted = consent.referral_accept(actor=ctx.user(manager), referral=referral)
    return Case.objects.get(referral_received=accepted)


def _commission(ctx: Context, case: Case, *, meeting_in: int, decide: bool) -> None:
    manager = ctx.user("dm.case")
    commission = identification.commission_convene(
        actor=manager,
        case=case,
        meeting_on=ctx.days(meeting_in),
        interview_mode="in_person",
        is_person_abroad=False,
        members=[
            (manager, "social_worker"),
            (ctx.user("dm.specialist"), "psychologist"),
            (ctx.user("dm.lawyer"), "lawyer"),
            (ctx.user("police.member"), "other"),
        ],
    )
    if decide:
        identification.commission_decide(
            actor=manager,
            commission=commission,
            version=commission.version,
            is_recognised=True,
            criteria=_CRITERIA,
            justification="Demo: pazīmes un kritēriji konstatēti intervijā.",
            protocol_number=f"DEMO-PROT-{case.code}",
        )


def _recognise(ctx: Context, case: Case, actor: User, *, days_ago: int) -> None:
    identification.recognition_record(
        actor=actor,
        case=case,
        basis="criminal_proceedings_decision",
        proceedings_status="victim",
        document_reference=f"DEMO-KP-{case.code}",
        document_date=ctx.days(-days_ago),
        document_issuer="Valsts policija (demo)",
        recognised_on=ctx.days(-days_ago),
    )


def _backdate(submission: AgencySubmission, day: datetime.date) -> AgencySubmission:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    AgencySubmission.objects.filter(pk=submission.pk).update(submitted_at=moment)
    submission.refresh_from_db()
    return submission


def _submit(
    ctx: Context, case: Case, actor: User, *, received_on: datetime.date, decision: str = ""
) -> AgencySubmission:
    submission = _backdate(agency.submission_create(actor=actor, case=case), received_on)
    coordinator = ctx.user("siva.coord")
    agency.submission_receive(
        actor=coordinator,
        submission=submission,
        version=submission.version,
        received_on=received_on,
    )
    if decision:
        submission = agency.submission_decide(
            actor=coordinator,
            submission=submission,
            version=submission.version,
            decision=decision,
            waiting_list_position=3 if decision == "waiting_list" else None,
        )
        # SIVA decided the day after receipt (within its three working days), before the
        # course that follows it.
        moment = timezone.make_aware(
            datetime.datetime.combine(received_on + datetime.timedelta(days=1), datetime.time(10))
        )
        AgencySubmission.objects.filter(pk=submission.pk).update(decided_at=moment)
        submission.refresh_from_db()
    return submission


def _granted_course(ctx: Context, case: Case, actor: User, *, start_days_ago: int) -> Course:
    _recognise(ctx, case, actor, days_ago=start_days_ago + 10)
    _submit(ctx, case, actor, received_on=ctx.days(-start_days_ago - 7), decision="grant")
    return courses.course_start(
        actor=actor, case=case, start_date=ctx.days(-start_days_ago), today=ctx.today
    )


def _deliver(
    ctx: Context,
    course: Course,
    actor: User,
    service: str,
    kind: str,
    *,
    on: datetime.date,
    quantity: str,
    specialist: str = "",
) -> None:
    courses.delivery_record(
        actor=actor,
        course=course,
        entry=courses.DeliveryInput(
            service=service,
            kind=kind,
            specialist=specialist,
            quantity=Decimal(quantity),
            minor_children=0,
            delivered_on=on,
        ),
        today=ctx.today,
    )


def _ended_course(ctx: Context, case: Case, actor: User) -> Course:
    course = _granted_course(ctx, case, actor, start_days_ago=260)
    return courses.course_end(
        actor=actor,
        course=course,
        end_date=ctx.days(-260 + 170),
        end_reason="completed",
        end_note="",
        today=ctx.today,
    )


def _manage(
    ctx: Context, case: Case, actor: User, step: CaseStep, *, evaluation_in: int = 30
) -> None:
    """Walk the municipal case management up to ``step``, filling what each step needs."""
    management = casework.case_management_open(actor=actor, case=case)
    order = [
        CaseStep.TARGET_GROUP_RISK,
        CaseStep.PLAN,
        CaseStep.EVALUATION,
        CaseStep.FOLLOW_UP,
    ]
    details = casework.ManagementDetails(
        interview_notes="Demo: pirmā saruna sociālajā dienestā.",
        needs=["safety_housing", "identity_documents"],
        home_visit_on=ctx.days(-20),
        risk_level="medium",
        risk_groups=["unemployed_jobseekers", "low_income_or_debts"],
        plan_notes="Demo: dzīvesvieta, dokumenti, darba meklējumi.",
        evaluation_due_on=ctx.days(evaluation_in),
        evaluation_outcome="close" if step == CaseStep.FOLLOW_UP else "",
        closure_reason="goals_reached" if step == CaseStep.FOLLOW_UP else "",
    )
    management = casework.case_management_save(
        actor=actor, case=case, version=management.version, details=details
    )
    for next_step in order[: [CaseStep.ASSESSMENT, *order].index(step)]:
        management = casework.case_management_advance(
            actor=actor, management=management, version=management.version, step=next_step
        )
        if next_step == CaseStep.PLAN:
            casework.plan_activity_add(
                actor=actor,
                management=management,
                kind="own_services",
                starts_on=ctx.days(-14),
                ends_on=None,
                notes="Demo: psihologa konsultācijas sociālajā dienestā.",
            )
            casework.family_task_add(
                actor=actor,
                management=management,
                task="assess_family",
                status="in_progress",
                notes="",
            )
    if step == CaseStep.FOLLOW_UP:
        casework.follow_up_schedule(actor=actor, management=management, due_on=ctx.today)


# The stories


def _anonymous(ctx: Context, case: Case) -> None:
    """An anonymous contact at the social service: nothing more yet."""


def _screening_draft(ctx: Context, case: Case) -> None:
    _screen(ctx, case, ctx.user("daugavpils.social"), complete=False, days_ago=9)


def _screening_done(ctx: Context, case: Case) -> None:
    _screen(ctx, case, ctx.user("riga.social"), complete=True, days_ago=2)


def _referral_sent(ctx: Context, case: Case) -> None:
    worker = ctx.user("riga.social")
    _screen(ctx, case, worker, complete=True, days_ago=4)
    given = _referral_consent(ctx, case, worker, "drosa-maja")
    consent.referral_send(actor=worker, case=case, recipient=ctx.org("drosa-maja"), consent=given)


def _commission_positive(ctx: Context, case: Case) -> None:
    worker = ctx.user("daugavpils.social")
    _screen(ctx, case, worker, complete=True, days_ago=12)
    received = _refer(ctx, case, worker, "drosa-maja", "dm.case")
    _commission(ctx, received, meeting_in=-5, decide=True)


def _commission_convened(ctx: Context, case: Case) -> None:
    worker = ctx.user("riga.social")
    _screen(ctx, case, worker, complete=True, days_ago=6)
    received = _refer(ctx, case, worker, "drosa-maja", "dm.case")
    _commission(ctx, received, meeting_in=2, decide=False)


def _siva_due(ctx: Context, case: Case) -> None:
    """Received by SIVA long enough ago that its decision is due today or overdue."""
    calendar = working_calendar()
    received_on = ctx.days(-1)
    while agency_deadline(received_on, calendar=calendar).decide_by > ctx.today:
        received_on -= datetime.timedelta(days=1)
    manager = ctx.user("dm.case")
    _recognise(ctx, case, manager, days_ago=(ctx.today - received_on).days + 2)
    _submit(ctx, case, manager, received_on=received_on)


def _siva_granted(ctx: Context, case: Case) -> None:
    manager = ctx.user("marta.case")
    _recognise(ctx, case, manager, days_ago=6)
    _submit(ctx, case, manager, received_on=ctx.days(-2), decision="grant")


def _siva_waiting(ctx: Context, case: Case) -> None:
    manager = ctx.user("dm.case")
    _recognise(ctx, case, manager, days_ago=8)
    _submit(ctx, case, manager, received_on=ctx.days(-4), decision="waiting_list")


def _course_running(ctx: Context, case: Case) -> None:
    """Referred by Rīga, a running course at Drošā māja with a plan, and Rīga's written
    information request answered under the person's consent."""
    worker = ctx.user("riga.social")
    manager = ctx.user("dm.case")
    received = _refer(ctx, case, worker, "drosa-maja", "dm.case")
    course = _granted_course(ctx, received, manager, start_days_ago=60)
    plan = course.plan
    plan = courses.plan_update(
        actor=manager,
        plan=plan,
        version=plan.version,
        goals=courses.PlanGoals(
            short_term_goals="Demo: drošs patvērums, dokumentu atjaunošana.",
            long_term_goals="Demo: darbs un patstāvīga dzīve.",
        ),
    )
    courses.plan_task_add(
        actor=manager,
        plan=plan,
        description="Demo: pieteikt personas apliecības atjaunošanu.",
        responsible=manager,
        due_on=ctx.days(3),
    )
    courses.plan_task_add(
        actor=manager,
        plan=plan,
        description="Demo: psihologa konsultāciju cikls.",
        responsible=ctx.user("dm.specialist"),
        due_on=ctx.days(-2),
    )
    courses.plan_review_add(
        actor=manager,
        plan=plan,
        reviewed_on=ctx.days(-30),
        notes="Demo: mērķi pārskatīti.",
        next_review_on=ctx.today,
        today=ctx.today,
    )
    _deliver(ctx, course, manager, "course", "accommodation", on=ctx.days(-30), quantity="30")
    _deliver(
        ctx,
        course,
        manager,
        "course",
        "consultation",
        on=ctx.days(-20),
        quantity="2",
        specialist="psychologist",
    )
    _deliver(ctx, course, manager, "course", "transport", on=ctx.days(-10), quantity="12.50")
    consent.consent_record(
        actor=manager,
        person=case.person,
        recipient=ctx.org("riga-sd"),
        purpose="information_request",
        categories=["services"],
        given_on=ctx.days(-7),
        evidence_reference="DEMO-PIEKRIŠANA-INFO-" + received.code,
    )
    request = casework.information_request_send(
        actor=worker,
        case=case,
        provider=ctx.org("drosa-maja"),
        question="Demo: lūdzam informāciju par pakalpojumu apjomu un progresu.",
    )
    casework.information_request_answer(
        actor=manager,
        request=request,
        reply=casework.Reply(
            scope="Demo: patvērums, psihologa konsultācijas.",
            progress="Demo: stabils, mērķi tiek sasniegti.",
            recommendations="Demo: pēc kursa atbalsts dzīvesvietas meklēšanā.",
        ),
    )
    _manage(ctx, case, worker, CaseStep.PLAN)


def _course_ending(ctx: Context, case: Case) -> None:
    manager = ctx.user("marta.case")
    course = _granted_course(ctx, case, manager, start_days_ago=170)
    _deliver(ctx, course, manager, "course", "education_employment", on=ctx.days(-15), quantity="6")


def _course_consultations(ctx: Context, case: Case) -> None:
    manager = ctx.user("dm.case")
    course = _ended_course(ctx, case, manager)
    courses.course_route_choose(
        actor=manager,
        course=course,
        route="consultations",
        procedural_status="",
        has_state_legal_aid=False,
        support_granted_on=None,
        today=ctx.today,
    )
    for weeks, specialist in enumerate(["lawyer", "psychologist", "social_worker", "lawyer"]):
        on = ctx.days(-60 + 14 * weeks)
        _deliver(ctx, course, manager, "after_course_consultation", specialist, on=on, quantity="1")


def _course_support(ctx: Context, case: Case) -> None:
    manager = ctx.user("dm.case")
    course = _ended_course(ctx, case, manager)
    courses.course_route_choose(
        actor=manager,
        course=course,
        route="criminal_process_support",
        procedural_status="victim",
        has_state_legal_aid=False,
        support_granted_on=ctx.days(-80),
        today=ctx.today,
    )
    _deliver(
        ctx,
        course,
        manager,
        "criminal_process_support",
        "lawyer_consultation",
        on=ctx.days(-40),
        quantity="6",
    )
    _deliver(
        ctx,
        course,
        manager,
        "criminal_process_support",
        "court_representation",
        on=ctx.days(-9),
        quantity="4",
    )


def _casework(
    step: CaseStep, username: str, *, evaluation_in: int = 30
) -> Callable[[Context, Case], None]:
    def build(ctx: Context, case: Case) -> None:
        _manage(ctx, case, ctx.user(username), step, evaluation_in=evaluation_in)

    return build


def _consent_withdrawn(ctx: Context, case: Case) -> None:
    worker = ctx.user("madona.social")
    given = _referral_consent(ctx, case, worker, "marta")
    consent.consent_withdraw(actor=worker, consent=given, withdrawn_on=ctx.days(-1))


STORIES: tuple[Story, ...] = (
    Story("anonymous", None, "madona.social", _anonymous),
    Story("screening_draft", PEOPLE["screening_draft"], "daugavpils.social", _screening_draft),
    Story("screening_done", PEOPLE["screening_done"], "riga.social", _screening_done),
    Story("referral_sent", PEOPLE["referral_sent"], "riga.social", _referral_sent),
    Story(
        "commission_positive",
        PEOPLE["commission_positive"],
        "daugavpils.social",
        _commission_positive,
    ),
    Story(
        "commission_convened", PEOPLE["commission_convened"], "riga.social", _commission_convened
    ),
    Story("siva_due", PEOPLE["siva_due"], "dm.case", _siva_due),
    Story("siva_granted", PEOPLE["siva_granted"], "marta.case", _siva_granted),
    Story("siva_waiting", PEOPLE["siva_waiting"], "dm.case", _siva_waiting),
    Story("course_running", PEOPLE["course_running"], "riga.social", _course_running),
    Story("course_ending", PEOPLE["course_ending"], "marta.case", _course_ending),
    Story("course_consultations", PEOPLE["course_consultations"], "dm.case", _course_consultations),
    Story("course_support", PEOPLE["course_support"], "dm.case", _course_support),
    Story(
        "casework_assessment",
        PEOPLE["casework_assessment"],
        "madona.social",
        _casework(CaseStep.ASSESSMENT, "madona.social"),
    ),
    Story(
        "casework_target_group",
        PEOPLE["casework_target_group"],
        "daugavpils.social",
        _casework(CaseStep.TARGET_GROUP_RISK, "daugavpils.social"),
    ),
    Story(
        "casework_plan",
        PEOPLE["casework_plan"],
        "madona.social",
        _casework(CaseStep.PLAN, "madona.social", evaluation_in=-3),
    ),
    Story(
        "casework_evaluation",
        PEOPLE["casework_evaluation"],
        "riga.social",
        _casework(CaseStep.EVALUATION, "riga.social", evaluation_in=-1),
    ),
    Story(
        "casework_follow_up",
        PEOPLE["casework_follow_up"],
        "daugavpils.social",
        _casework(CaseStep.FOLLOW_UP, "daugavpils.social"),
    ),
    Story("consent_withdrawn", PEOPLE["consent_withdrawn"], "madona.social", _consent_withdrawn),
)


def demo_person(story: Story, ctx: Context) -> Person | None:
    """The story's person if it was loaded before."""
    if story.person is None:
        keeper = ctx.user(story.keeper)
        return (
            Person.objects.filter(
                is_anonymous=True, registered_by=keeper.organisation, created_by=keeper
            )
            .order_by("pk")
            .first()
        )
    return (
        Person.objects.filter(
            personal_code_index__in=[
                *blind_index_lookup(story.person.code),
                *blind_index_lookup(story.person.earlier_code),
            ]
        )
        .order_by("pk")
        .first()
    )


def _register(story: Story, ctx: Context) -> Case:
    keeper = ctx.user(story.keeper)
    is_provider = keeper.organisation.type == "service_provider"
    if story.person is None:
        details = PersonDetails()
    else:
        details = PersonDetails(
            first_name=story.person.first_name,
            last_name=story.person.last_name,
            personal_code=story.person.code,
            birth_date=story.person.birth_date,
            sex=story.person.sex,
            citizenship_group="latvia",
        )
    return person_register(
        actor=keeper,
        details=details,
        is_anonymous=story.person is None,
        arrival_stage="before_course",
        contact_channel="phone" if story.person is None else "in_person",
        referral_source="state_police" if is_provider else "self",
    )


def stories_load(ctx: Context) -> list[str]:
    """Load every story whose person is not there yet; the keys of those loaded."""
    loaded = []
    for story in STORIES:
        if demo_person(story, ctx) is not None:
            continue
        story.build(ctx, _register(story, ctx))
        loaded.append(story.key)
    return loaded


def story_case_codes(ctx: Context) -> dict[str, dict[str, str]]:
    """Story key -> organisation code -> the code of that organisation's case of the person."""
    codes: dict[str, dict[str, str]] = {}
    for story in STORIES:
        person = demo_person(story, ctx)
        if person is None:
            continue
        codes[story.key] = {
            case.organisation.code: case.code
            for case in Case.objects.filter(person=person).select_related("organisation")
        }
    return codes
