"""Reads of courses, plans and the service log (docs/style.md "Reads"). Every function here is
given a course the caller has already fetched through :mod:`atbalsts.courses.access`, or
takes the actor and narrows to the actor's own organisation."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import ngettext

from atbalsts.access.policy import Capability, Role, can
from atbalsts.courses import texts
from atbalsts.courses.models import (
    AfterCourseRoute,
    Course,
    CourseStatus,
    Delivery,
    Plan,
    PlanReview,
    PlanTask,
    ServiceLine,
)
from atbalsts.dashboard.items import DashboardItem
from atbalsts.rules import entitlements
from atbalsts.rules.catalogue import LISTS
from atbalsts.rules.dates import add_days, add_years
from atbalsts.rules.entitlements import (
    CriminalProcessSupport,
    EntitlementsReport,
    course_last_day,
    evaluate_entitlements,
)
from atbalsts.rules.rulesets import RULE_SETS, rule_set_for

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case

PROVIDER_ROLES = (Role.PROVIDER_CASE_MANAGER, Role.PROVIDER_SPECIALIST, Role.PROVIDER_HEAD)

# How far ahead the dashboard looks (the brief of the dashboards; not a rule of the law).
COURSE_ENDING_DAYS = 14
REVIEW_DUE_DAYS = 7
WINDOW_CLOSING_DAYS = 30
SUPPORT_YEAR_ALERT_SHARE = Decimal("0.8")


ENDING_SOON = "ending_soon"


def course_list(*, actor: User, status: str = "", today: datetime.date) -> QuerySet[Course]:
    """The courses on the actor's organisation's cases, the latest start first.

    ``status`` is a course status, or :data:`ENDING_SOON`: not ended, with the last allowed
    day within :data:`COURSE_ENDING_DAYS` (the dashboard's horizon). The last day is the
    start + the course length - 1 of the rule set in force today (180 days in both No. 889
    and No. 344; docs/domain.md "Course").
    """
    courses = Course.objects.filter(case__organisation_id=actor.organisation_id).select_related(
        "case"
    )
    if status == ENDING_SOON:
        length = rule_set_for(today).course_max_days
        courses = courses.exclude(status=CourseStatus.ENDED).filter(
            start_date__gte=add_days(today, -(length - 1)),
            start_date__lte=add_days(today, COURSE_ENDING_DAYS - (length - 1)),
        )
    elif status:
        courses = courses.filter(status=status)
    return courses.only(
        "uuid",
        "status",
        "start_date",
        "end_date",
        "case__uuid",
        "case__code",
        "case__status",
        # The case list's columns come by the case's keys (atbalsts.cases.selectors).
        "case__organisation",
        "case__person",
    ).order_by("-start_date", "-pk")


def course_last_allowed_day(course: Course) -> datetime.date:
    """The course's last allowed day by the rule set in force on its start date."""
    return course_last_day(course.start_date, rule_set_for(course.start_date))


def course_of_case(case: Case) -> Course | None:
    return Course.objects.filter(case=case).first()


def ledger_delivery(delivery: Delivery) -> entitlements.Delivery:
    return entitlements.Delivery(
        on=delivery.delivered_on,
        service=delivery.service,
        kind=delivery.kind or None,
        hours=Decimal(delivery.quantity),
    )


def support_of(
    route: str, *, granted_on: datetime.date | None, state_legal_aid: bool
) -> CriminalProcessSupport | None:
    if route != AfterCourseRoute.CRIMINAL_PROCESS_SUPPORT:
        return None
    return CriminalProcessSupport(granted_on=granted_on, state_legal_aid=state_legal_aid)


def course_entitlements(
    course: Course, *, as_of: datetime.date, deliveries: list[Delivery] | None = None
) -> EntitlementsReport:
    """What the ledger says of the course's recorded deliveries on ``as_of``."""
    rows = list(course.deliveries.all()) if deliveries is None else deliveries
    return _entitlements(course, as_of=as_of, deliveries=[ledger_delivery(row) for row in rows])


def _entitlements(
    course: Course, *, as_of: datetime.date, deliveries: list[entitlements.Delivery]
) -> EntitlementsReport:
    return evaluate_entitlements(
        as_of=as_of,
        course_start=course.start_date,
        course_end=course.end_date,
        criminal_process_support=support_of(
            course.after_course_route,
            granted_on=course.support_granted_on,
            state_legal_aid=course.has_state_legal_aid,
        ),
        deliveries=deliveries,
    )


# --- What the course page says ----------------------------------------------------------


@dataclass(frozen=True)
class SupportYearLine:
    text: str
    is_current: bool


@dataclass(frozen=True)
class CourseStanding:
    """The course's state and what follows it, in the words of the course page, read from
    the ledger's report (its days, windows and quotas; nothing is counted here again)."""

    phase: str
    course: str
    course_warning: str
    family: str
    consultations: str
    support_years: tuple[SupportYearLine, ...]


PLANNED = "planned"
RUNNING = "running"
PAST_LAST_DAY = "past_last_day"
ENDED = "ended"


def course_standing(course: Course, report: EntitlementsReport) -> CourseStanding:
    """Planned, running (day N of 180 and the last allowed day), past its last allowed day
    without a recorded end, or ended (on which day, after how many days); then the
    consultations for the family, the post-course consultations with their window and the
    criminal-process support hours of each support year."""
    rule_set = RULE_SETS[report.rule_set]
    days = rule_set.course_max_days
    facts = report.course
    last_day = _day(facts.last_allowed_day)
    warning = ""
    if facts.end is not None:
        phase = ENDED
        line = ngettext(
            "Ended on %(end)s; the course lasted %(lasted)s day (at most %(days)s are allowed).",
            "Ended on %(end)s; the course lasted %(lasted)s days (at most %(days)s are allowed).",
            facts.days_used,
        ) % {"end": _day(facts.end), "lasted": facts.days_used, "days": days}
    elif course.status == CourseStatus.PLANNED:
        phase = PLANNED
        line = str(texts.COURSE_STATE_PLANNED) % {
            "start": _day(facts.start),
            "days": days,
            "last_day": last_day,
        }
    else:
        phase = RUNNING
        line = str(texts.COURSE_STATE_RUNNING) % {
            "day": facts.days_used,
            "days": days,
            "last_day": last_day,
            "left": facts.days_left,
        }
        if report.as_of > facts.last_allowed_day:
            phase = PAST_LAST_DAY
            warning = str(texts.COURSE_PAST_LAST_DAY) % {"last_day": last_day}
    if phase == PLANNED and report.as_of >= facts.start:
        warning = str(texts.COURSE_NOT_MARKED_RUNNING)
    return CourseStanding(
        phase=phase,
        course=line,
        course_warning=warning,
        family=_family_line(report, is_ended=phase == ENDED),
        consultations=_consultations_line(report),
        support_years=_support_year_lines(report),
    )


def _family_line(report: EntitlementsReport, *, is_ended: bool) -> str:
    family = report.family_minor_consultations
    message = texts.FAMILY_AFTER_END if is_ended else texts.QUOTA_USED_LEFT
    return str(message) % {
        "used": family.used,
        "allowed": family.allowed,
        "left": family.remaining,
    }


def _consultations_line(report: EntitlementsReport) -> str:
    consultations = report.after_course_consultations
    numbers = {
        "used": consultations.used,
        "allowed": consultations.allowed,
        "left": consultations.remaining,
    }
    if consultations.status == "not_entitled":
        start = report.criminal_process_support.period_start
        if start is None:
            return str(texts.CONSULTATIONS_NOT_ENTITLED)
        return str(texts.CONSULTATIONS_NOT_ENTITLED_FROM) % {"start": _day(start)}
    if consultations.window_start is None or consultations.window_end is None:
        return str(texts.CONSULTATIONS_AFTER_END)
    window = {"start": _day(consultations.window_start), "end": _day(consultations.window_end)}
    if consultations.status == "course_not_ended":
        # The course has ended today: the window opens tomorrow.
        return str(texts.CONSULTATIONS_NOT_YET_OPEN) % (numbers | window)
    if consultations.status == "closed":
        return str(texts.CONSULTATIONS_CLOSED) % (numbers | window)
    return str(texts.CONSULTATIONS_OPEN) % (numbers | window)


def _support_year_lines(report: EntitlementsReport) -> tuple[SupportYearLine, ...]:
    return tuple(
        SupportYearLine(
            text=str(texts.SUPPORT_YEAR)
            % {
                "number": year.number,
                "start": _day(year.start),
                "end": _day(year.end),
                "used": _hours(year.used_hours),
                "cap": _hours(year.cap_hours),
                "left": _hours(year.remaining_hours),
            },
            is_current=year.start <= report.as_of <= year.end,
        )
        for year in report.criminal_process_support.years
    )


def _hours(hours: Decimal) -> str:
    whole = hours == hours.to_integral_value()
    return formats.number_format(int(hours) if whole else hours.normalize())


def delivery_list(course: Course, *, service: str = "") -> QuerySet[Delivery]:
    deliveries = course.deliveries.all()
    if service:
        deliveries = deliveries.filter(service=service)
    return deliveries.order_by("-delivered_on", "-created_at", "pk")


_KIND_LISTS = {
    ServiceLine.COURSE: "course_services",
    ServiceLine.CRIMINAL_PROCESS_SUPPORT: "criminal_process_support_kinds",
}


def delivery_kind_label(service: str, kind: str, lang: str) -> str:
    """The delivered service's name from its catalogue list, in ``lang``."""
    codes = LISTS[_KIND_LISTS.get(ServiceLine(service), "specialists")]
    return codes[kind].get(lang) if kind in codes else kind


def delivery_rows(
    deliveries: Iterable[Delivery], lang: str
) -> list[tuple[Delivery, str, str | None]]:
    """Each delivery with its service's and its specialist's names, for a service table."""
    return [
        (
            delivery,
            delivery_kind_label(delivery.service, delivery.kind, lang),
            LISTS["specialists"][delivery.specialist].get(lang) if delivery.specialist else None,
        )
        for delivery in deliveries
    ]


def plan_tasks(plan: Plan) -> QuerySet[PlanTask]:
    return plan.tasks.select_related("responsible").order_by("is_done", "due_on", "created_at")


def plan_reviews(plan: Plan) -> QuerySet[PlanReview]:
    return plan.reviews.order_by("-reviewed_on", "-created_at")


def provider_specialists(actor: User) -> QuerySet[User]:
    """The active provider staff of the actor's organisation: who may be responsible."""
    from atbalsts.accounts.models import User

    return User.objects.filter(
        organisation_id=actor.organisation_id,
        is_active=True,
        role__in=[role.value for role in PROVIDER_ROLES],
    ).order_by("full_name", "pk")


# --- The dashboard -----------------------------------------------------------------------


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def dashboard_items(actor: User, today: datetime.date) -> list[DashboardItem]:
    """Courses ending within 14 days, plan reviews due, post-course windows closing within
    30 days and support years above 80 % of their cap, for the actor's own organisation."""
    if not can(actor.role, Capability.KEEP_CASES) or actor.role not in PROVIDER_ROLES:
        return []
    courses = list(
        dashboard_candidates(actor.organisation_id, today)
        .select_related("case", "plan")
        .prefetch_related("plan__reviews")
    )
    ledgers = _ledger_deliveries([c.pk for c in courses if _ledger_matters(c)])
    items: list[DashboardItem] = []
    for course in courses:
        items.extend(_course_items(course, today, ledgers.get(course.pk, [])))
    return sorted(items, key=lambda item: (item.due_on, item.case_code, item.kind))


def dashboard_candidates(organisation_id: int, today: datetime.date) -> QuerySet[Course]:
    """The organisation's courses that could give the dashboard an item on ``today``.

    A superset that the ledger then judges: every course not ended, the ended ones whose
    post-course window may close within :data:`WINDOW_CLOSING_DAYS`, and those whose
    criminal-process support period may still run. The bounds take the longest and the
    shortest period of any rule set, with a day to spare, so that no rule set's reading is
    cut off. A provider keeps tens of thousands of ended courses; a few hundred pass.
    """
    window_years = [rs.after_course_window_years for rs in RULE_SETS.values()]
    support_years = max(rs.criminal_process_support_years for rs in RULE_SETS.values())
    # The window closes on the course end + N years: within [today, today + 30 days].
    ended_from = add_days(add_years(today, -max(window_years)), -1)
    ended_to = add_days(add_years(add_days(today, WINDOW_CLOSING_DAYS), -min(window_years)), 1)
    # A support year runs today while the period started less than N years ago.
    support_from = add_days(add_years(today, -support_years), -1)
    support_runs = Q(pk__in=_support_running(organisation_id, support_from))
    return Course.objects.filter(case__organisation_id=organisation_id).filter(
        ~Q(status=CourseStatus.ENDED) | Q(end_date__range=(ended_from, ended_to)) | support_runs
    )


def _support_running(organisation_id: int, support_from: datetime.date) -> list[int]:
    """The ended courses on the criminal-process support route whose period started on or
    after ``support_from``: the route and the date granted are encrypted, so they are read
    and compared here. Only courses with a route chosen are read, three columns each."""
    ended = (
        Course.objects.filter(
            case__organisation_id=organisation_id,
            status=CourseStatus.ENDED,
            after_course_route__isnull=False,
        )
        .only("pk", "uuid", "end_date", "after_course_route", "support_granted_on")
        .order_by()
    )
    running = []
    for course in ended.iterator(chunk_size=2000):
        if course.after_course_route != AfterCourseRoute.CRIMINAL_PROCESS_SUPPORT:
            continue
        # Without a grant date the period runs from the course's end.
        started = course.support_granted_on or course.end_date
        if started is not None and started >= support_from:
            running.append(course.pk)
    return running


def _ledger_matters(course: Course) -> bool:
    # The course's own dates (its last allowed day) need no deliveries; the post-course
    # consultations need an end, and the support hours the support route.
    return (
        course.end_date is not None
        or course.after_course_route == AfterCourseRoute.CRIMINAL_PROCESS_SUPPORT
    )


def _ledger_deliveries(course_ids: list[int]) -> dict[int, list[entitlements.Delivery]]:
    """The ledger's view of the courses' deliveries: four columns, no model instances."""
    ledgers: dict[int, list[entitlements.Delivery]] = {}
    if not course_ids:
        return ledgers
    rows = Delivery.objects.filter(course_id__in=course_ids).values_list(
        "course_id", "delivered_on", "service", "kind", "quantity"
    )
    for course_id, on, service, kind, quantity in rows.iterator(chunk_size=5000):
        delivery = entitlements.Delivery(
            on=on, service=service, kind=kind or None, hours=Decimal(quantity)
        )
        ledgers.setdefault(course_id, []).append(delivery)
    return ledgers


def _item(
    course: Course, kind: str, due_on: datetime.date, label: str | Promise, today: datetime.date
) -> DashboardItem:
    page = "courses:plan" if kind == "review_due" else "courses:detail"
    return DashboardItem(
        kind=kind,
        label=label,
        case_code=course.case.code,
        due_on=due_on,
        is_overdue=due_on < today,
        url=reverse(page, args=[course.case.uuid]),
    )


def _course_items(
    course: Course, today: datetime.date, deliveries: list[entitlements.Delivery]
) -> list[DashboardItem]:
    items: list[DashboardItem] = []
    report = _entitlements(course, as_of=today, deliveries=deliveries)
    if course.status != CourseStatus.ENDED:
        last = report.course.last_allowed_day
        if today <= last <= add_days(today, COURSE_ENDING_DAYS):
            items.append(
                _item(
                    course,
                    "course_ending",
                    last,
                    texts.DASHBOARD_COURSE_ENDING % {"day": _day(last)},
                    today,
                )
            )
        plan = getattr(course, "plan", None)
        reviews = list(plan.reviews.all()) if plan is not None else []
        if reviews:
            due = max(reviews, key=lambda r: (r.reviewed_on, r.created_at)).next_review_on
            if due <= add_days(today, REVIEW_DUE_DAYS):
                items.append(
                    _item(
                        course,
                        "review_due",
                        due,
                        texts.DASHBOARD_REVIEW_DUE % {"day": _day(due)},
                        today,
                    )
                )
    consultations = report.after_course_consultations
    if (
        consultations.status == "open"
        and consultations.remaining > 0
        and consultations.window_end is not None
        and consultations.window_end <= add_days(today, WINDOW_CLOSING_DAYS)
    ):
        end = consultations.window_end
        items.append(
            _item(
                course,
                "window_closing",
                end,
                texts.DASHBOARD_WINDOW_CLOSING % {"day": _day(end)},
                today,
            )
        )
    for year in report.criminal_process_support.years:
        if (
            year.start <= today <= year.end
            and year.used_hours > year.cap_hours * SUPPORT_YEAR_ALERT_SHARE
        ):
            items.append(
                _item(
                    course,
                    "support_near_cap",
                    year.end,
                    texts.DASHBOARD_SUPPORT_NEAR_CAP
                    % {"number": year.number, "used": year.used_hours, "cap": year.cap_hours},
                    today,
                )
            )
    return items
