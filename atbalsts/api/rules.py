"""The rules API: the law as code (atbalsts.rules), answered over HTTP.

Working days and deadlines use the calendar with the administrators' overrides, read
afresh on every request. Texts (screening explanations, violation messages) come in the
request's language: Latvian unless ``Accept-Language`` asks for English.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Router

from atbalsts.api.schemas import (
    ERROR_RESPONSES,
    AfterCourseConsultationsOut,
    AgencyDeadlineOut,
    AgencyDeadlineQuery,
    CourseOut,
    CriminalProcessSupportOut,
    DefinitionOut,
    EntitlementsIn,
    EntitlementsOut,
    ExplanationOut,
    FamilyMinorConsultationsOut,
    ScreeningIn,
    ScreeningOut,
    SentencingIn,
    SentencingOut,
    SupportYearOut,
    ViolationOut,
    WorkingDaysOut,
    WorkingDaysQuery,
)
from atbalsts.rules.deadlines import agency_deadline
from atbalsts.rules.entitlements import CriminalProcessSupport, Delivery, evaluate_entitlements
from atbalsts.rules.screening import ScreeningInput, screen
from atbalsts.rules.sentencing import sentence
from atbalsts.workcalendar.selectors import working_calendar

router = Router(tags=["rules"])


def _in_english() -> bool:
    return (translation.get_language() or "lv").lower().startswith("en")


def _text(lv: str, en: str) -> str:
    return en if _in_english() else lv


@router.get(
    "/working-days",
    response={200: WorkingDaysOut, **ERROR_RESPONSES},
    url_name="rules_working_days",
    summary="The n-th Latvian working day after a date",
)
def working_days(request: HttpRequest, query: Query[WorkingDaysQuery]) -> WorkingDaysOut:
    day = working_calendar().add_working_days(query.start, query.days)
    return WorkingDaysOut(start=query.start, days=query.days, date=day)


@router.get(
    "/agency-deadline",
    response={200: AgencyDeadlineOut, **ERROR_RESPONSES},
    url_name="rules_agency_deadline",
    summary="The last day for the agency's (SIVA's) decision",
)
def agency_deadline_view(
    request: HttpRequest, query: Query[AgencyDeadlineQuery]
) -> AgencyDeadlineOut:
    deadline = agency_deadline(query.received_on, calendar=working_calendar())
    return AgencyDeadlineOut(
        received_on=deadline.received_on, decide_by=deadline.decide_by, rule_set=deadline.rule_set
    )


@router.post(
    "/screening",
    response={200: ScreeningOut, **ERROR_RESPONSES},
    url_name="rules_screening",
    summary="Signs of trafficking, criteria groups and the legal definition",
)
def screening(request: HttpRequest, data: ScreeningIn) -> ScreeningOut:
    result = screen(
        ScreeningInput(
            assessed_on=data.assessed_on,
            birth_date=data.birth_date,
            age=data.age,
            indicators=tuple(data.indicators),
            criteria=tuple(data.criteria),
            acts=tuple(data.acts),
            means=tuple(data.means),
            purposes=tuple(data.purposes),
        )
    )
    definition = result.definition
    return ScreeningOut(
        rule_set=result.rule_set,
        is_minor=result.is_minor,
        signs_found=result.signs_found,
        refer_to_provider=result.refer_to_provider,
        criteria_groups_met=list(result.criteria_groups_met),
        definition=DefinitionOut(
            act=definition.act,
            means=definition.means,
            means_required=definition.means_required,
            purpose=definition.purpose,
            complete=definition.complete,
        ),
        explanation=[
            ExplanationOut(code=e.code, text=_text(e.text_lv, e.text_en), source=e.source)
            for e in result.explanation
        ],
    )


@router.post(
    "/sentencing",
    response={200: SentencingOut, **ERROR_RESPONSES},
    url_name="rules_sentencing",
    summary="The part of Criminal Law s.154.1 that applies and its punishment",
)
def sentencing(request: HttpRequest, data: SentencingIn) -> SentencingOut:
    result = sentence(tuple(data.circumstances))
    return SentencingOut(
        part=result.part,
        imprisonment_min_years=result.imprisonment_min_years,
        imprisonment_max_years=result.imprisonment_max_years,
        probation_max_years=result.probation_max_years,
    )


@router.post(
    "/entitlements",
    response={200: EntitlementsOut, **ERROR_RESPONSES},
    url_name="rules_entitlements",
    summary="What a person has used and may still receive; deliveries that break a rule",
)
def entitlements(request: HttpRequest, data: EntitlementsIn) -> EntitlementsOut:
    support = data.criminal_process_support
    report = evaluate_entitlements(
        as_of=data.as_of,
        course_start=data.course_start,
        course_end=data.course_end,
        criminal_process_support=(
            CriminalProcessSupport(
                granted_on=support.granted_on, state_legal_aid=support.state_legal_aid
            )
            if support is not None
            else None
        ),
        deliveries=[
            Delivery(on=d.on, service=d.service, kind=d.kind, hours=d.hours)
            for d in data.deliveries
        ],
    )
    course = report.course
    after = report.after_course_consultations
    process = report.criminal_process_support
    family = report.family_minor_consultations
    return EntitlementsOut(
        rule_set=report.rule_set,
        course=CourseOut(
            start=course.start,
            last_allowed_day=course.last_allowed_day,
            end=course.end,
            days_used=course.days_used,
            days_left=course.days_left,
        ),
        after_course_consultations=AfterCourseConsultationsOut(
            available=after.available,
            window_start=after.window_start,
            window_end=after.window_end,
            allowed=after.allowed,
            used=after.used,
            remaining=after.remaining,
        ),
        criminal_process_support=CriminalProcessSupportOut(
            available=process.available,
            allowed_kinds=list(process.allowed_kinds),
            years=[
                SupportYearOut(
                    year=y.number,
                    start=y.start,
                    end=y.end,
                    cap_hours=float(y.cap_hours),
                    used_hours=float(y.used_hours),
                    remaining_hours=float(y.remaining_hours),
                )
                for y in process.years
            ],
        ),
        family_minor_consultations=FamilyMinorConsultationsOut(
            allowed=family.allowed, used=family.used, remaining=family.remaining
        ),
        violations=[
            ViolationOut(
                delivery=v.delivery,
                code=v.code,
                message=_text(v.message_lv, v.message_en),
                rule=v.rule,
            )
            for v in report.violations
        ],
    )
