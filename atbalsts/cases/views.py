"""Pages for cases: list, detail, open, close.

Every view: capability (404 for other roles) → fetch and authorise (404 for a case that is
not the actor's) → form → service or selector → render. Lists show pseudonymous codes, and
the person's name only beside a case whose identity the actor may see; their filters travel
in the POST body (docs/security.md DP-5).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.views.decorators.http import require_http_methods

from atbalsts.access.policy import CATEGORY_ACTIONS, Action, Capability
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.cases import selectors, services, texts
from atbalsts.cases.access import case_for
from atbalsts.cases.forms import CaseCloseForm, CaseListFilterForm, CaseOpenForm
from atbalsts.cases.models import CaseStatus
from atbalsts.consent import services as consent_services
from atbalsts.consent.access import can_manage_consent, can_receive_referrals
from atbalsts.people.services import person_read

PAGE_SIZE = 25
FILTER_FORM_ID = "filters"
# Free-text notes may hold anything the person told: only a reader of every category sees them.
NOTES_NEED = frozenset(CATEGORY_ACTIONS.values())


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET", "POST"])
def case_list(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    data = request.POST if request.method == "POST" else request.GET
    form = CaseListFilterForm(data)
    cases = selectors.case_list(actor=actor, **form.filters())
    page = Paginator(cases, PAGE_SIZE).get_page(data.get("page"))
    rows = services.case_list_rows(actor=actor, cases=list(page.object_list))
    return render(
        request,
        "cases/list.html",
        {"form": form, "page_obj": page, "rows": rows, "form_id": FILTER_FORM_ID},
    )


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def case_detail(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    found = services.case_read(actor=actor, case_uuid=case_uuid)
    actions = found.standing.actions
    return render(
        request,
        "cases/detail.html",
        {
            "case": found.obj,
            "allowed": {action.value: True for action in actions},
            "can_see_notes": actions >= NOTES_NEED,
            "can_close": Action.EDIT in actions and found.obj.status == CaseStatus.OPEN,
            # The same checks as the consent and referral pages, so no link leads to a 404.
            "can_manage_consent": Action.MANAGE_CONSENT in actions and can_manage_consent(actor),
            "can_refer": Action.REFER in actions and can_receive_referrals(actor),
            "referral_outcomes": consent_services.referral_outcomes_read(
                actor=actor, case=found.obj, standing=found.standing
            ),
        },
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    # Opening a case gives the organisation the person's whole record: only the
    # organisation that already keeps them may (a consent's categories are not widened).
    person = person_read(
        actor=actor, person_uuid=person_uuid, action=Action.EDIT, view="case_open"
    ).obj
    form = CaseOpenForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        case = services.case_open(actor=actor, person=person, **form.cleaned_data)
        messages.success(request, texts.CASE_OPENED % {"code": case.code})
        return redirect("cases:detail", case.uuid)
    return render(request, "cases/open.html", {"form": form, "person": person})


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = case_for(actor, case_uuid, Action.EDIT).obj
    if case.status == CaseStatus.CLOSED:
        return redirect("cases:detail", case.uuid)
    form = CaseCloseForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            closed = services.case_close(actor=actor, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            until = formats.date_format(closed.retention_until or "", "SHORT_DATE_FORMAT")
            messages.success(request, texts.CASE_CLOSED % {"code": case.code, "until": until})
            return redirect("cases:detail", case.uuid)
    return render(
        request,
        "cases/close.html",
        {"form": form, "case": case, "retention_years": services.RETENTION_YEARS},
    )
