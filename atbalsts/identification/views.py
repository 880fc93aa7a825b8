"""Pages of recognition: the case's recognition overview, convening the commission, its
opinion, and the commission as its member sees it. Decorators → access (case_for) → form →
service → render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from atbalsts.access.policy import Action, Capability, Relation, can
from atbalsts.accounts.models import User
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.agency.selectors import SUBMISSION_HELD, submissions_of_case
from atbalsts.cases.access import case_for
from atbalsts.cases.services import case_list_rows
from atbalsts.identification import selectors, services, texts
from atbalsts.identification.access import member_commission_for, provider_case_for
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
    # A member who does not keep the case reaches the commissions they sit on from here.
    seats = (
        list(selectors.commissions_of_member(actor=actor).filter(case=case))
        if not is_provider and Relation.COMMISSION_MEMBER in found.standing.relations
        else []
    )
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
            "seats": seats,
            "submissions": submissions,
            "can_submit": recognition is not None and submissions is not None and not with_siva,
        },
    )


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def my_commission(request: HttpRequest, commission_uuid: uuid.UUID) -> HttpResponse:
    """What a member needs for the meeting: when and how it meets, who sits on it, the case
    by its code, the case's documents the policy lets a member see and the opinion as
    recorded. Never the person's name (DP-5): the case page shows what the policy allows."""
    # Imported here: attachments' access reads cases' access, which reads this app's
    # selectors for the commission_member relation.
    from atbalsts.attachments.selectors import attachments_of_case

    actor = acting_user(request)
    found = member_commission_for(actor, commission_uuid)
    commission, standing = found.obj, found.standing
    members = list(selectors.members_of_commission(commission=commission))
    is_criteria_shown = commission.is_decided and standing.allows(Action.VIEW_EXPLOITATION)
    criteria = (
        [label("criteria", code, get_language() or "lv") for code in commission.criteria]
        if is_criteria_shown
        else []
    )
    documents = Paginator(attachments_of_case(case=commission.case, standing=standing), PAGE_SIZE)
    services.commission_read(
        actor=actor,
        commission=commission,
        shown=["commission", "attachment_list", *(["criteria"] if is_criteria_shown else [])],
    )
    return render(
        request,
        "identification/my_commission.html",
        {
            "commission": commission,
            "case": commission.case,
            "members": members,
            "own_seats": [m for m in members if m.user_id == actor.pk],
            "is_criteria_shown": is_criteria_shown,
            "criteria": criteria,
            "opinion_note": texts.OPINION_OF_THE_WHOLE
            if commission.is_decided
            else texts.OPINION_NOT_YET,
            "documents": documents.get_page(1),
            # Only the police official has the list of their commissions; other members
            # come from the case's recognition page.
            "is_back_to_list": can(actor.role, Capability.SIT_ON_COMMISSIONS),
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
    is_confirmed = request.POST.get("confirmed") == "yes" and "change" not in request.POST
    if form.is_bound and form.is_valid():
        try:
            services.commission_opinion_date_check(
                commission=commission, today=timezone.localdate()
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.is_bound and form.is_valid() and not is_confirmed and "change" not in request.POST:
        # An opinion is final: shown once more, recorded only when confirmed.
        data = form.cleaned_data
        return render(
            request,
            "identification/decide_confirm.html",
            {
                "form": form,
                "case": case,
                "commission": commission,
                "lead": texts.OPINION_CONFIRM,
                "is_recognised": data["is_recognised"],
                "criteria": [
                    label("criteria", code, get_language() or "lv") for code in data["criteria"]
                ],
            },
        )
    if form.is_bound and form.is_valid() and is_confirmed:
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
    is_changing = "change" in request.POST
    is_confirmed = request.POST.get("confirmed") == "yes" and not is_changing
    if form.is_bound and form.is_valid():
        try:
            services.recognition_date_check(
                document_date=form.cleaned_data["document_date"],
                recognised_on=form.cleaned_data["recognised_on"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.is_bound and form.is_valid() and not is_confirmed and not is_changing:
        # A recognition is final: shown once more, recorded only when confirmed.
        return render(
            request,
            "identification/recognition_confirm.html",
            {"form": form, "case": case, "lead": texts.RECOGNITION_CONFIRM},
        )
    if form.is_bound and form.is_valid() and is_confirmed:
        try:
            services.recognition_record(actor=actor, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.RECOGNITION_RECORDED)
            return redirect("identification:overview", case.uuid)
    return render(request, "identification/recognition.html", {"form": form, "case": case})
