"""Case management pages of the municipal social service, and the provider's inbox of
written information requests.

Every view: capability → fetch and authorise (atbalsts.casework.access; 404 for a case that
is not the actor's) → form → service or selector → render.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from atbalsts.access.policy import Capability
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.casework import access, selectors, services, texts
from atbalsts.casework.forms import (
    ActivityForm,
    AdvanceForm,
    FamilyTaskForm,
    FamilyTaskUpdateForm,
    FollowUpRecordForm,
    FollowUpScheduleForm,
    InboxFilterForm,
    InformationRequestForm,
    ManagementForm,
    ReplyForm,
)
from atbalsts.casework.guidance import STEP_GUIDANCE
from atbalsts.casework.models import STEP_TRANSITIONS, CaseStep
from atbalsts.consent.forms import ConfirmForm
from atbalsts.rules import catalogue

PAGE_SIZE = 25
FILTER_FORM_ID = "filters"


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET"])
def management_detail(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = access.managed_case_for(actor, case_uuid)
    management = services.case_management_read(actor=actor, case=case, view="casework_detail")
    step = management.step if management else CaseStep.ASSESSMENT
    context = {
        "case": case,
        "management": management,
        "step_label": CaseStep(step).label,
        "steps": [(value, label, value == step) for value, label in CaseStep.choices],
        "next_steps": [(s, CaseStep(s).label) for s in sorted(STEP_TRANSITIONS[step])],
        "guidance_codes": STEP_GUIDANCE[step],
        "activities": management.activities.all() if management else [],
        "follow_ups": management.follow_ups.all() if management else [],
        "family_tasks": management.family_tasks.all() if management else [],
        "requests": selectors.information_requests_of(case=case),
        "needs_labels": _labels(
            "needs", management.needs if management else [], request.LANGUAGE_CODE
        ),
        "risk_group_labels": _labels(
            "risk_groups", management.risk_groups if management else [], request.LANGUAGE_CODE
        ),
        "family_task_labels": dict(catalogue.choices("family_tasks", request.LANGUAGE_CODE)),
    }
    return render(request, "casework/detail.html", context)


def _labels(list_name: str, codes: list[str], language: str) -> list[str]:
    return [catalogue.label(list_name, code, language) for code in codes]


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def management_edit(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = access.managed_case_for(actor, case_uuid)
    management = services.case_management_read(actor=actor, case=case, view="casework_edit")
    initial: dict[str, object] = {"version": 0}
    if management is not None:
        initial = {**services.ManagementDetails.of(management).__dict__}
        initial["version"] = management.version
    form = ManagementForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.case_management_save(
                actor=actor,
                case=case,
                version=form.cleaned_data["version"],
                details=form.details(),
            )
        except services.EditConflictError as conflict:
            form.add_error(None, texts.CONFLICT)
            return render(
                request,
                "casework/edit.html",
                {"form": form, "case": case, "conflict": conflict.current},
                status=409,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.MANAGEMENT_SAVED)
            return redirect("casework:detail", case.uuid)
    return render(request, "casework/edit.html", {"form": form, "case": case})


@require_capability(Capability.KEEP_CASES)
@require_POST
def management_advance(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = access.managed_case_for(actor, case_uuid)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, texts.STEP_NOT_ALLOWED)
        return redirect("casework:detail", case.uuid)
    management = services.case_management_open(actor=actor, case=case)
    try:
        management = services.case_management_advance(
            actor=actor,
            management=management,
            version=form.cleaned_data["version"],
            step=form.cleaned_data["step"],
        )
    except services.EditConflictError:
        messages.error(request, texts.CONFLICT)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, texts.STEP_CHANGED % {"step": CaseStep(management.step).label})
    return redirect("casework:detail", case.uuid)


def _add_page(
    request: HttpRequest,
    case_uuid: uuid.UUID,
    form_class: type[ActivityForm] | type[FollowUpScheduleForm] | type[FamilyTaskForm],
    title: str,
) -> HttpResponse:
    actor = acting_user(request)
    case = access.managed_case_for(actor, case_uuid)
    form = form_class(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        management = services.case_management_open(actor=actor, case=case)
        data = form.cleaned_data
        try:
            if isinstance(form, ActivityForm):
                services.plan_activity_add(actor=actor, management=management, **data)
                message = texts.ACTIVITY_ADDED
            elif isinstance(form, FollowUpScheduleForm):
                services.follow_up_schedule(actor=actor, management=management, **data)
                message = texts.FOLLOW_UP_SCHEDULED
            else:
                services.family_task_add(actor=actor, management=management, **data)
                message = texts.FAMILY_TASK_ADDED
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect("casework:detail", case.uuid)
    return render(request, "casework/form.html", {"form": form, "case": case, "title": title})


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def activity_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    return _add_page(request, case_uuid, ActivityForm, "activity")


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def follow_up_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    return _add_page(request, case_uuid, FollowUpScheduleForm, "follow_up")


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def family_task_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    return _add_page(request, case_uuid, FamilyTaskForm, "family_task")


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def follow_up_record(request: HttpRequest, follow_up_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    follow_up = access.follow_up_for(actor, follow_up_uuid)
    case = follow_up.management.case
    form = FollowUpRecordForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.follow_up_record(actor=actor, follow_up=follow_up, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.FOLLOW_UP_RECORDED)
            return redirect("casework:detail", case.uuid)
    return render(
        request,
        "casework/form.html",
        {"form": form, "case": case, "title": "follow_up_record", "follow_up": follow_up},
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def family_task_edit(request: HttpRequest, task_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    family_task = access.family_task_for(actor, task_uuid)
    case = family_task.management.case
    form = FamilyTaskUpdateForm(
        request.POST if request.method == "POST" else None,
        initial={"status": family_task.status, "notes": family_task.notes},
    )
    if form.is_bound and form.is_valid():
        services.family_task_update(actor=actor, family_task=family_task, **form.cleaned_data)
        messages.success(request, texts.FAMILY_TASK_UPDATED)
        return redirect("casework:detail", case.uuid)
    label = catalogue.label("family_tasks", family_task.task, request.LANGUAGE_CODE)
    return render(
        request,
        "casework/form.html",
        {"form": form, "case": case, "title": "family_task_edit", "task_label": label},
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = access.managed_case_for(actor, case_uuid)
    providers = selectors.request_providers(case=case)
    form = InformationRequestForm(
        request.POST if request.method == "POST" else None, providers=providers
    )
    if form.is_bound and form.is_valid():
        provider = form.cleaned_data["provider"]
        try:
            services.information_request_send(
                actor=actor, case=case, provider=provider, question=form.cleaned_data["question"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.REQUEST_SENT % {"provider": provider.name})
            return redirect("casework:detail", case.uuid)
    return render(
        request,
        "casework/request_create.html",
        {"form": form, "case": case, "has_providers": providers.exists()},
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def request_inbox(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    access.require_answering_provider(actor)
    data = request.POST if request.method == "POST" else request.GET
    form = InboxFilterForm(request.POST if request.method == "POST" else None)
    requests = selectors.information_request_inbox(actor=actor)
    status = form.status_value() if form.is_bound else ""
    if status:
        requests = requests.filter(status=status)
    page = Paginator(requests, PAGE_SIZE).get_page(data.get("page"))
    return render(
        request,
        "casework/inbox.html",
        {"form": form, "page_obj": page, "form_id": FILTER_FORM_ID},
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def request_reply(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    info_request = access.request_for_provider(actor, request_uuid)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.information_request_answer(
                actor=actor, request=info_request, reply=form.reply()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.REQUEST_ANSWERED)
            return redirect("casework:request_inbox")
    return render(
        request, "casework/request_reply.html", {"form": form, "info_request": info_request}
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def takeover(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """A confirmation page; the case is taken over only on POST."""
    actor = acting_user(request)
    shared_case = access.shared_case_for_takeover(actor, case_uuid)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            management = services.case_take_over(actor=actor, shared_case=shared_case)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.TAKEN_OVER % {"code": management.case.code})
            return redirect("casework:detail", management.case.uuid)
    return render(
        request,
        "casework/takeover.html",
        {
            "form": form,
            "case": shared_case,
            "explanation": texts.TAKEOVER_EXPLANATION
            % {"organisation": shared_case.organisation.name},
            "has_consent": selectors.takeover_consents(
                shared_case=shared_case, recipient=actor.organisation
            ).exists(),
            "no_consent": texts.TAKEOVER_NEEDS_CONSENT,
        },
    )
