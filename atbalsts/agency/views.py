"""SIVA's pages: the inbox of submissions by deadline and one submission with its receipt
and decision; the provider's submission, confirmed on a page that shows what SIVA gets."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from atbalsts.access.policy import Capability
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.agency import selectors, services, texts
from atbalsts.agency.access import submission_for
from atbalsts.agency.forms import (
    DecideForm,
    ReceiveForm,
    SubmissionFilterForm,
    SubmitConfirmForm,
)
from atbalsts.agency.models import SubmissionStatus
from atbalsts.cases.services import case_list_rows
from atbalsts.consent.models import InformationCategory
from atbalsts.core.citations import cited
from atbalsts.identification.access import provider_case_for
from atbalsts.rules.catalogue import label

PAGE_SIZE = 25


@require_capability(Capability.DECIDE_AGENCY_SERVICE)
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    data = request.POST if request.method == "POST" else request.GET
    form = SubmissionFilterForm(data)
    submissions = selectors.submission_inbox(actor=actor, **form.filters())
    page = Paginator(submissions, PAGE_SIZE).get_page(data.get("page"))
    today = timezone.localdate()
    on_page = list(page.object_list)
    for submission in on_page:
        submission.overdue = submission.is_overdue(today)
    case_rows = case_list_rows(actor=actor, cases=[submission.case for submission in on_page])
    return render(
        request,
        "agency/inbox.html",
        {
            "form": form,
            "page_obj": page,
            "form_id": "filters",
            "rows": list(zip(on_page, case_rows, strict=True)),
        },
    )


@require_capability(Capability.DECIDE_AGENCY_SERVICE)
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, submission_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    submission = submission_for(actor, submission_uuid)
    post = request.POST if request.method == "POST" else None
    step = post.get("step") if post else None
    initial = {"version": submission.version}
    receive_form = ReceiveForm(post if step == "receive" else None, initial=initial)
    decide_form = DecideForm(post if step == "decide" else None, initial=initial)
    status = 200
    try:
        if step == "receive" and receive_form.is_valid():
            try:
                deadline = services.submission_receive(
                    actor=actor,
                    submission=submission,
                    version=receive_form.cleaned_data["version"],
                    received_on=receive_form.cleaned_data["received_on"],
                )
            except ValidationError as error:
                receive_form.add_error(None, error)
            else:
                date = formats.date_format(deadline.decide_by, "SHORT_DATE_FORMAT")
                messages.success(
                    request, texts.RECEIVED % {"date": date, "rule": cited(deadline.rule)}
                )
                return redirect("agency:detail", submission.uuid)
        is_confirmed = post is not None and post.get("confirmed") == "yes"
        is_changing = post is not None and "change" in post
        if step == "decide" and decide_form.is_valid() and not is_confirmed and not is_changing:
            # A grant or a refusal is final: shown once more, recorded only when confirmed.
            return render(
                request,
                "agency/decide_confirm.html",
                {
                    "submission": submission,
                    "form": decide_form,
                    "lead": texts.DECISION_CONFIRM,
                    "decision": decide_form.decision_label(),
                },
            )
        if step == "decide" and decide_form.is_valid() and is_confirmed and not is_changing:
            data = decide_form.cleaned_data
            try:
                services.submission_decide(
                    actor=actor,
                    submission=submission,
                    version=data["version"],
                    decision=data["decision"],
                    waiting_list_position=data["waiting_list_position"],
                    refusal_reason=data["refusal_reason"],
                )
            except ValidationError as error:
                decide_form.add_error(None, error)
            else:
                messages.success(request, texts.DECIDED)
                return redirect("agency:detail", submission.uuid)
    except services.SubmissionConflictError as conflict:
        submission = conflict.current
        messages.error(request, texts.CONFLICT)
        status = 409
        receive_form = ReceiveForm(initial={"version": submission.version})
        decide_form = DecideForm(initial={"version": submission.version})
    return render(
        request,
        "agency/detail.html",
        {
            "submission": submission,
            "receive_form": receive_form
            if submission.status == SubmissionStatus.SUBMITTED
            else None,
            "decide_form": decide_form
            if submission.status in (SubmissionStatus.RECEIVED, SubmissionStatus.WAITING_LIST)
            else None,
            "overdue": submission.is_overdue(timezone.localdate()),
        },
        status=status,
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """What goes to SIVA, shown for confirmation; it is sent only on a POST carrying the
    confirmation (the submission cannot be withdrawn)."""
    actor = acting_user(request)
    case = provider_case_for(actor, case_uuid)
    preview = selectors.submission_preview(case=case)
    if preview.obstacle is not None:
        messages.error(request, preview.obstacle)
        return redirect("identification:overview", case.uuid)
    form = SubmitConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        if form.is_valid():
            try:
                services.submission_create(actor=actor, case=case)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, texts.SUBMITTED)
            return redirect("identification:overview", case.uuid)
        messages.warning(request, texts.SUBMIT_NOT_CONFIRMED)
    language = get_language() or "lv"
    return render(
        request,
        "agency/submit.html",
        {
            "case": case,
            "form": SubmitConfirmForm(),
            "preview": preview,
            "lead": texts.SUBMIT_CONFIRM_LEAD,
            "criteria": [label("criteria", code, language) for code in preview.criteria],
            "categories": [InformationCategory(code).label for code in preview.categories],
        },
    )
