"""Pages of recognition: the case's recognition overview, convening the commission, its
opinion. Decorators → access (case_for) → form → service → render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from atbalsts.access.policy import Action, Capability
from atbalsts.accounts.models import User
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.agency.models import AWAITING_DECISION, SubmissionStatus
from atbalsts.agency.selectors import submissions_of_case
from atbalsts.cases.access import case_for
from atbalsts.cases.services import case_list_rows
from atbalsts.identification import selectors, services, texts
from atbalsts.identification.access import provider_case_for
from atbalsts.identification.forms import (
    CommissionConveneForm,
    CommissionDecideForm,
    CommissionFilterForm,
    RecognitionForm,
)
from atbalsts.identification.models import Commission
from atbalsts.rules.catalogue import label

PAGE_SIZE = 25
FILTER_FORM_ID = "filters"

# Submissions after which the documents are not sent again: those SIVA still has (the
# service refuses another) and a granted service. After a refusal they may be sent again.
SUBMISSION_HELD = frozenset(
    {*AWAITING_DECISION, SubmissionStatus.WAITING_LIST, SubmissionStatus.GRANTED}
)


@require_capability(Capability.SIT_ON_COMMISSIONS)
@require_http_methods(["GET", "POST"])
def my_commissions(request: HttpRequest) -> HttpResponse:
    """The commissions the actor sits on, by meeting date and status, with the person's name
    where the seat shows who they are (DP-5)."""
    actor = acting_user(request)
    data = request.POST if request.method == "POST" else request.GET
    form = CommissionFilterForm(data)
    commissions = selectors.commissions_of_member(actor=actor, status=form.status_filter())
    page_obj = Paginator(commissions, PAGE_SIZE).get_page(data.get("page"))
    on_page = list(page_obj.object_list)
    case_rows = case_list_rows(actor=actor, cases=[commission.case for commission in on_page])
    return render(
        request,
        "identification/my_commissions.html",
        {
            "form": form,
            "form_id": FILTER_FORM_ID,
            "page_obj": page_obj,
            "rows": list(zip(on_page, case_rows, strict=True)),
        },
    )


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def overview(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    """The provider sees everything; a reader with the services category (the consenting
    social service, SIVA) sees SIVA's outcome only."""
    actor = acting_user(request)
    found = case_for(actor, case_uuid, Action.VIEW_SUMMARY)
    case, actions = found.obj, found.standing.actions
    is_provider = Action.EDIT in actions and actor.organisation.type == services.PROVIDER
    language = get_language() or "lv"
    commissions = list(selectors.commissions_of_case(case=case)) if is_provider else []
    for commission in commissions:
        commission.criteria_labels = [  # type: ignore[attr-defined]
            label("criteria", code, language) for code in commission.criteria
        ]
    recognition = selectors.recognition_of_case(case=case) if is_provider else None
    submissions = list(submissions_of_case(case=case)) if Action.VIEW_SERVICES in actions else None
    with_siva = any(s.status in SUBMISSION_HELD for s in submissions or [])
    return render(
        request,
        "identification/overview.html",
        {
            "case": case,
            "is_provider": is_provider,
            "commissions": commissions,
            "recognition": recognition,
            "submissions": submissions,
            "can_submit": recognition is not None and submissions is not None and not with_siva,
        },
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def convene(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = provider_case_for(actor, case_uuid)
    form = CommissionConveneForm(
        request.POST if request.method == "POST" else None,
        provider_users=User.objects.filter(
            organisation_id=actor.organisation_id, is_active=True
        ).order_by("full_name", "username"),
        police_users=User.objects.filter(role="commission_police_member", is_active=True).order_by(
            "full_name", "username"
        ),
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.commission_convene(
                actor=actor,
                case=case,
                meeting_on=data["meeting_on"],
                interview_mode=data["interview_mode"],
                is_person_abroad=data["is_person_abroad"],
                members=form.members(),
                language=get_language() or "lv",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.COMMISSION_CONVENED)
            return redirect("identification:overview", case_uuid)
    return render(request, "identification/convene.html", {"form": form, "case": case})


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, commission_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    commission = Commission.objects.filter(uuid=commission_uuid).only("case__uuid").first()
    if commission is None:
        raise Http404
    case = provider_case_for(actor, commission.case.uuid)
    commission = Commission.objects.get(pk=commission.pk)
    if commission.is_decided:
        return redirect("identification:overview", case.uuid)
    form = CommissionDecideForm(
        request.POST if request.method == "POST" else None,
        initial={"version": commission.version},
    )
    status = 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.commission_decide(
                actor=actor,
                commission=commission,
                version=data["version"],
                is_recognised=data["is_recognised"],
                criteria=data["criteria"],
                justification=data["justification"],
                protocol_number=data["protocol_number"],
            )
        except services.DecisionConflictError:
            messages.error(request, texts.DECISION_CONFLICT)
            status = 409
            return render(
                request,
                "identification/decide.html",
                {"form": None, "case": case, "commission": commission, "conflict": True},
                status=status,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.COMMISSION_DECIDED)
            return redirect("identification:overview", case.uuid)
    return render(
        request,
        "identification/decide.html",
        {"form": form, "case": case, "commission": commission},
        status=status,
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def recognition(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = provider_case_for(actor, case_uuid)
    if selectors.recognition_of_case(case=case) is not None:
        return redirect("identification:overview", case.uuid)
    form = RecognitionForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.recognition_record(actor=actor, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.RECOGNITION_RECORDED)
            return redirect("identification:overview", case.uuid)
    return render(request, "identification/recognition.html", {"form": form, "case": case})
