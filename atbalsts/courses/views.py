"""Pages of the course, its plan, its service log and what follows it.

Every view: capability (404 for other roles) → the case through the access decision point
(404 for a case that is not the actor's, audited) → form → service or selector → render.
The provider's staff of the owning organisation edit (Action.EDIT); a consented
organisation sees the course and its services only when the consent covers "services"
(Action.VIEW_SERVICES). The plan is the provider's working document: editors only.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from atbalsts.access.policy import Action, Capability
from atbalsts.accounts.models import User
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.cases.models import Case
from atbalsts.cases.services import case_list_rows
from atbalsts.courses import selectors, services, texts
from atbalsts.courses.access import refuse
from atbalsts.courses.forms import (
    AfterCourseForm,
    CourseEndForm,
    CourseFilterForm,
    CourseStartForm,
    DeliveryFilterForm,
    DeliveryForm,
    DeliveryKindForm,
    PlanForm,
    PlanReviewForm,
    PlanTaskForm,
)
from atbalsts.courses.models import Course, CourseStatus, Plan
from atbalsts.rules.catalogue import LISTS, RULE_SET_LABELS
from atbalsts.rules.entitlements import EntitlementsReport

PAGE_SIZE = 25
FILTER_FORM_ID = "filters"
# The plan's task pages are chosen by a GET form of their own, apart from the goals form.
TASK_PAGES_FORM_ID = "task-pages"


def _course(actor: User, case: Case) -> Course:
    course = selectors.course_of_case(case)
    if course is None:
        raise refuse(actor, case, "no_course")
    return course


def _report_context(course: Course) -> dict[str, Any]:
    report: EntitlementsReport = selectors.course_entitlements(course, as_of=timezone.localdate())
    lang = _lang()
    support = report.criminal_process_support
    return {
        "report": report,
        "standing": selectors.course_standing(course, report),
        "rule_set_label": RULE_SET_LABELS[report.rule_set].get(lang),
        "allowed_support_kinds": [
            LISTS["criminal_process_support_kinds"][kind].get(lang)
            for kind in support.allowed_kinds
        ],
    }


def _lang() -> str:
    return get_language() or "lv"


def _form_page(
    request: HttpRequest,
    *,
    case: Case,
    form: Any,
    title: str | Promise,
    submit: str | Promise,
    back: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "courses/form.html",
        {"case": case, "form": form, "title": title, "submit": submit, "back": back}
        | (extra or {}),
    )


@require_capability(Capability.RUN_COURSES)
@require_http_methods(["GET", "POST"])
def course_list(request: HttpRequest) -> HttpResponse:
    """The courses on the provider's own cases, by status or ending soon; codes only."""
    actor = acting_user(request)
    data = request.POST if request.method == "POST" else request.GET
    form = CourseFilterForm(data)
    today = timezone.localdate()
    courses = selectors.course_list(actor=actor, today=today, **form.filters())
    page = Paginator(courses, PAGE_SIZE).get_page(data.get("page"))
    courses_on_page = list(page.object_list)
    case_rows = case_list_rows(actor=actor, cases=[course.case for course in courses_on_page])
    rows = [
        (course, selectors.course_last_allowed_day(course), case_row)
        for course, case_row in zip(courses_on_page, case_rows, strict=True)
    ]
    return render(
        request,
        "courses/list.html",
        {"form": form, "form_id": FILTER_FORM_ID, "page_obj": page, "rows": rows},
    )


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def course_detail(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    found = services.course_read(
        actor=actor, case_uuid=case_uuid, action=Action.VIEW_SERVICES, view="course_detail"
    )
    case = found.obj
    course = selectors.course_of_case(case)
    can_edit = found.standing.allows(Action.EDIT)
    context: dict[str, Any] = {
        "case": case,
        "course": course,
        "can_edit": can_edit,
        "can_start": False,
        "start_obstacle": None,
        "no_course": texts.NO_COURSE,
    }
    if can_edit and course is None:
        obstacle = services.course_start_obstacle(case)
        context["can_start"] = obstacle is None
        if obstacle != texts.COURSE_MAY_NOT_START:
            context["start_obstacle"] = obstacle
    if course is not None:
        context |= _report_context(course)
        context["can_begin"] = can_edit and course.status == CourseStatus.PLANNED
        context["can_end"] = can_edit and course.status != CourseStatus.ENDED
        context["can_choose_route"] = can_edit and course.status == CourseStatus.ENDED
    return render(request, "courses/detail.html", context)


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def course_start(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = services.course_read(
        actor=actor, case_uuid=case_uuid, action=Action.EDIT, view="course_start"
    ).obj
    if selectors.course_of_case(case) is not None:
        raise refuse(actor, case, "course_exists")
    obstacle = services.course_start_obstacle(case)
    if obstacle == texts.COURSE_MAY_NOT_START:
        raise refuse(actor, case, "not_provider")
    if obstacle is not None:
        # The actor keeps this case: say why the course waits instead of a bare 404.
        return render(
            request,
            "courses/cannot_start.html",
            {
                "case": case,
                "title": texts.CANNOT_START_YET,
                "reason": obstacle,
                "back": reverse("courses:detail", args=[case.uuid]),
            },
        )
    form = CourseStartForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.course_start(
                actor=actor,
                case=case,
                start_date=form.cleaned_data["start_date"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.COURSE_STARTED)
            return redirect("courses:detail", case.uuid)
    return _form_page(
        request,
        case=case,
        form=form,
        title=_("Start the course"),
        submit=_("Start the course"),
        back=reverse("cases:detail", args=[case.uuid]),
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["POST"])
def course_begin(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = services.course_read(
        actor=actor, case_uuid=case_uuid, action=Action.EDIT, view="course_begin"
    ).obj
    course = _course(actor, case)
    try:
        services.course_begin(actor=actor, course=course, today=timezone.localdate())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, texts.COURSE_BEGUN)
    return redirect("courses:detail", case.uuid)


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def course_end(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = services.course_read(
        actor=actor, case_uuid=case_uuid, action=Action.EDIT, view="course_end"
    ).obj
    course = _course(actor, case)
    if course.status == CourseStatus.ENDED:
        return redirect("courses:detail", case.uuid)
    form = CourseEndForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.course_end(
                actor=actor, course=course, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.COURSE_ENDED)
            return redirect("courses:detail", case.uuid)
    return _form_page(
        request,
        case=case,
        form=form,
        title=_("End the course"),
        submit=_("Record the end"),
        back=reverse("courses:detail", args=[case.uuid]),
        extra=_report_context(course),
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def after_course(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = services.course_read(
        actor=actor, case_uuid=case_uuid, action=Action.EDIT, view="after_course"
    ).obj
    course = _course(actor, case)
    if course.status != CourseStatus.ENDED:
        return redirect("courses:detail", case.uuid)
    initial = {
        "route": course.after_course_route,
        "procedural_status": course.procedural_status,
        "has_state_legal_aid": course.has_state_legal_aid,
        "support_granted_on": course.support_granted_on,
    }
    form = AfterCourseForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.course_route_choose(
                actor=actor, course=course, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.ROUTE_SAVED)
            return redirect("courses:detail", case.uuid)
    return _form_page(
        request,
        case=case,
        form=form,
        title=_("After the course"),
        submit=_("Save"),
        back=reverse("courses:detail", args=[case.uuid]),
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = services.course_read(
        actor=actor, case_uuid=case_uuid, action=Action.EDIT, view="course_plan"
    ).obj
    the_plan = _plan(actor, case)
    initial = {
        "short_term_goals": the_plan.short_term_goals or "",
        "long_term_goals": the_plan.long_term_goals or "",
        "version": the_plan.version,
    }
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.plan_update(
                actor=actor, plan=the_plan, version=form.cleaned_data["version"], goals=form.goals()
            )
        except services.PlanConflictError as conflict:
            theirs = conflict.current
            yours = form.goals()
            rows = [
                (
                    form.fields[name].label,
                    getattr(theirs, name) or "",
                    getattr(yours, name),
                    (getattr(theirs, name) or "") != getattr(yours, name).strip(),
                )
                for name in ("short_term_goals", "long_term_goals")
            ]
            return render(
                request,
                "courses/plan_conflict.html",
                {"case": case, "rows": rows, "message": texts.PLAN_CONFLICT},
                status=409,
            )
        else:
            messages.success(request, texts.PLAN_SAVED)
            return redirect("courses:plan", case.uuid)
    return render(
        request,
        "courses/plan.html",
        {
            "case": case,
            "plan": the_plan,
            "form": form,
            "tasks": Paginator(selectors.plan_tasks(the_plan), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "form_id": TASK_PAGES_FORM_ID,
            "reviews": selectors.plan_reviews(the_plan),
        },
    )


def _plan(actor: User, case: Case) -> Plan:
    found = Plan.objects.filter(course__case=case).first()
    if found is None:
        raise refuse(actor, case, "no_course")
    return found


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def task_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = services.course_read(
        actor=actor, case_uuid=case_uuid, action=Action.EDIT, view="plan_task_add"
    ).obj
    the_plan = _plan(actor, case)
    form = PlanTaskForm(
        request.POST if request.method == "POST" else None,
        specialists=selectors.provider_specialists(actor),
    )
    if form.is_bound and form.is_valid():
        try:
            services.plan_task_add(actor=actor, plan=the_plan, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.TASK_ADDED)
            return redirect("courses:plan", case.uuid)
    return _form_page(
        request,
        case=case,
        form=form,
        title=_("Add a task to the plan"),
        submit=_("Add the task"),
        back=reverse("courses:plan", args=[case.uuid]),
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["POST"])
def task_done(request: HttpRequest, case_uuid: uuid.UUID, task_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = services.course_read(
        actor=actor, case_uuid=case_uuid, action=Action.EDIT, view="plan_task_done"
    ).obj
    task = (
        selectors.plan_tasks(_plan(actor, case))
        .select_related("plan")
        .filter(uuid=task_uuid)
        .first()
    )
    if task is None:
        raise refuse(actor, case, "no_task")
    services.plan_task_complete(actor=actor, task=task)
    messages.success(request, texts.TASK_DONE)
    return redirect("courses:plan", case.uuid)


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def review_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = services.course_read(
        actor=actor, case_uuid=case_uuid, action=Action.EDIT, view="plan_review_add"
    ).obj
    the_plan = _plan(actor, case)
    form = PlanReviewForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.plan_review_add(
                actor=actor, plan=the_plan, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.REVIEW_ADDED)
            return redirect("courses:plan", case.uuid)
    return _form_page(
        request,
        case=case,
        form=form,
        title=_("Record a plan review"),
        submit=_("Record the review"),
        back=reverse("courses:plan", args=[case.uuid]),
    )


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET", "POST"])
def delivery_list(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    found = services.course_read(
        actor=actor, case_uuid=case_uuid, action=Action.VIEW_SERVICES, view="course_services"
    )
    case = found.obj
    course = _course(actor, case)
    data = request.POST if request.method == "POST" else request.GET
    form = DeliveryFilterForm(data)
    deliveries = selectors.delivery_list(course, **form.filters())
    page = Paginator(deliveries, PAGE_SIZE).get_page(data.get("page"))
    rows = selectors.delivery_rows(page.object_list, _lang())
    return render(
        request,
        "courses/services.html",
        {
            "case": case,
            "course": course,
            "form": form,
            "form_id": FILTER_FORM_ID,
            "page_obj": page,
            "rows": rows,
            "can_edit": found.standing.allows(Action.EDIT),
        }
        | _report_context(course),
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def delivery_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """First the entitlement (a GET form: ``?service=``), then the form of that entitlement
    only. With htmx the entitlement's fields swap in place; without it the page reloads."""
    actor = acting_user(request)
    case = services.course_read(
        actor=actor, case_uuid=case_uuid, action=Action.EDIT, view="delivery_add"
    ).obj
    course = _course(actor, case)
    chosen = request.POST if request.method == "POST" else request.GET
    kind_form = DeliveryKindForm(chosen if "service" in chosen else None)
    service = kind_form.chosen() if kind_form.is_bound else None
    form: DeliveryForm | None = None
    if service is not None:
        form = DeliveryForm(request.POST if request.method == "POST" else None, service=service)
    if form is not None and form.is_bound and form.is_valid():
        try:
            services.delivery_record(
                actor=actor, course=course, entry=form.entry(), today=timezone.localdate()
            )
        except services.DeliveryRefusedError as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.DELIVERY_RECORDED)
            return redirect("courses:services", case.uuid)
    context = {
        "case": case,
        "kind_form": kind_form,
        "form": form,
        "service": service,
        "back": reverse("courses:services", args=[case.uuid]),
    } | _report_context(course)
    if request.headers.get("HX-Request") == "true":
        return render(request, "courses/delivery_form.html#fields", context)
    return render(request, "courses/delivery_form.html", context)
