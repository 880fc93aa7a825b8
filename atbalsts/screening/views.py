"""Pages of the guided screening interview.

Every view: capability (404 for other roles) → fetch and authorise through the case's
access (404 for a screening or case that is not the actor's) → form → service or selector
→ render. Reads of a screening are audited as ``sensitive_read``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone, translation
from django.views.decorators.http import require_http_methods

from atbalsts.access.policy import Capability
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.cases.access import case_for
from atbalsts.directory.selectors import contact_list
from atbalsts.documents import content as documents_content
from atbalsts.rules.rulesets import rule_set_for
from atbalsts.screening import selectors, services, texts
from atbalsts.screening.access import HEALTH, READ, WRITE
from atbalsts.screening.display import screening_answer, screening_recorded
from atbalsts.screening.forms import (
    STEP_FORMS,
    InformedForm,
    LeafletLanguageForm,
    ScreeningFilterForm,
    ScreeningStartForm,
    StepForm,
)
from atbalsts.screening.models import STEPS, Screening

PAGE_SIZE = 25
FILTER_FORM_ID = "filters"
GUIDANCE = {
    "start": (texts.GUIDANCE_START,),
    "migration": (texts.GUIDANCE_MIGRATION, texts.GUIDANCE_HOW_TO_ASK),
    "employment": (texts.GUIDANCE_EMPLOYMENT, texts.GUIDANCE_HOW_TO_ASK),
    "safety": (texts.GUIDANCE_SAFETY, texts.GUIDANCE_HOW_TO_ASK),
    "social_ties": (texts.GUIDANCE_SOCIAL_TIES, texts.GUIDANCE_HOW_TO_ASK),
    "observations": (texts.GUIDANCE_OBSERVATIONS,),
    "criteria": (texts.GUIDANCE_CRITERIA,),
    "definition": (texts.GUIDANCE_DEFINITION,),
    "needs": (texts.GUIDANCE_NEEDS,),
    "summary": (texts.GUIDANCE_SUMMARY,),
}


def _language() -> str:
    return translation.get_language() or "lv"


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET", "POST"])
def screening_case_list(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    found = case_for(actor, case_uuid, READ)
    data = request.POST if request.method == "POST" else request.GET
    form = ScreeningFilterForm(data)
    screenings = selectors.screening_list(case=found.obj, **form.filters())
    page = Paginator(screenings, PAGE_SIZE).get_page(data.get("page"))
    latest = services.screening_latest_read(actor=actor, case=found.obj)
    return render(
        request,
        "screening/case_list.html",
        {
            "latest": latest,
            "answer": screening_answer(selectors.screening_result(latest)) if latest else None,
            "case": found.obj,
            "form": form,
            "page_obj": page,
            "form_id": FILTER_FORM_ID,
            "can_edit": found.standing.allows(WRITE),
        },
    )


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def screening_start(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = case_for(actor, case_uuid, WRITE).obj
    form = ScreeningStartForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            screening = services.screening_start(actor=actor, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.SCREENING_STARTED)
            return redirect("screening:step", screening.uuid, STEPS[1])
    return render(request, "screening/start.html", {"form": form, "case": case})


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def screening_detail(request: HttpRequest, screening_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    found = services.screening_read(
        actor=actor, screening_uuid=screening_uuid, view="screening_detail"
    )
    screening = found.obj
    can_see_health = found.standing.allows(HEALTH)
    return render(
        request,
        "screening/detail.html",
        {
            "screening": screening,
            "case": screening.case,
            "answer": screening_answer(selectors.screening_result(screening)),
            "recorded": screening_recorded(screening, can_see_health=can_see_health),
            "notes": [
                (texts.STEP_TITLES[area], getattr(screening, f"{area}_notes"))
                for area in ("migration", "employment", "safety", "social_ties")
            ],
            "can_see_health": can_see_health,
            "health_hidden_text": texts.HEALTH_HIDDEN,
            "can_edit": found.standing.allows(WRITE) and screening.is_draft,
            "can_inform": found.standing.allows(WRITE),
        },
    )


def _shown(field: forms.Field, value: Any) -> str:
    """A step field's value as the page shows it: choice labels, not codes."""
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)  # type: ignore[arg-type]
        return "; ".join(str(labels.get(code, code)) for code in value or [])
    return "" if value is None else str(value)


def _compare(
    form: StepForm, current: Screening, *, can_see_health: bool
) -> list[tuple[str, str, str, bool]]:
    """(label, their value, your value, differs) for every field of the step."""
    theirs = type(form)(screening=current, can_see_health=can_see_health).initial
    rows = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        their_value = _shown(field, theirs.get(name))
        your_value = _shown(field, form.cleaned_data.get(name))
        rows.append((str(field.label), their_value, your_value, their_value != your_value))
    return rows


def _next_step(step: str, go: str) -> str | None:
    index = STEPS.index(step)
    if go == "back":
        return STEPS[max(index - 1, 0)]
    if go == "next":
        return STEPS[min(index + 1, len(STEPS) - 1)]
    return None


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def screening_step(request: HttpRequest, screening_uuid: uuid.UUID, step: str) -> HttpResponse:
    actor = acting_user(request)
    if step not in STEP_FORMS:
        raise Http404
    found = services.screening_read(
        actor=actor, screening_uuid=screening_uuid, action=WRITE, view=f"screening_step:{step}"
    )
    screening = found.obj
    if not screening.is_draft:
        messages.info(request, texts.ALREADY_COMPLETED)
        return redirect("screening:detail", screening.uuid)
    can_see_health = found.standing.allows(HEALTH)
    form_class: type[StepForm] = STEP_FORMS[step]
    form = form_class(
        request.POST if request.method == "POST" else None,
        screening=screening,
        can_see_health=can_see_health,
    )
    if form.is_bound and form.is_valid():
        try:
            services.screening_save_step(
                actor=actor,
                screening=screening,
                version=form.cleaned_data["version"],
                step=step,
                values=form.values(),
            )
        except services.ScreeningEditConflictError as conflict:
            return render(
                request,
                "screening/conflict.html",
                {
                    "screening": conflict.current,
                    "step": step,
                    "message": texts.EDIT_CONFLICT,
                    "rows": _compare(form, conflict.current, can_see_health=can_see_health),
                },
                status=409,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            target = _next_step(step, request.POST.get("go", "next"))
            if target is None:
                messages.success(request, texts.SAVED_FOR_LATER)
                return redirect("screening:case_list", screening.case.uuid)
            return redirect("screening:step", screening.uuid, target)
    index = STEPS.index(step)
    context: dict[str, Any] = {
        "screening": screening,
        "case": screening.case,
        "form": form,
        "step": step,
        "step_title": texts.STEP_TITLES[step],
        "steps": [(code, texts.STEP_TITLES[code]) for code in STEPS],
        "step_number": index + 1,
        "step_count": len(STEPS),
        "is_first": index == 0,
        "is_last": index == len(STEPS) - 1,
        "guidance": GUIDANCE[step],
        "health_hidden": step == "needs" and not can_see_health,
        "health_hidden_text": texts.HEALTH_HIDDEN,
    }
    if step == "summary":
        context["answer"] = screening_answer(selectors.screening_result(screening))
        context["recorded"] = screening_recorded(screening, can_see_health=can_see_health)
    return render(request, "screening/step.html", context)


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["POST"])
def screening_complete(request: HttpRequest, screening_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    found = services.screening_read(
        actor=actor, screening_uuid=screening_uuid, action=WRITE, view="screening_complete"
    )
    screening = found.obj
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        # A form that did not come from the summary page: show the summary again.
        return redirect("screening:step", screening.uuid, STEPS[-1])
    try:
        services.screening_complete(actor=actor, screening=screening, version=version)
    except services.ScreeningEditConflictError as conflict:
        return render(
            request,
            "screening/conflict.html",
            {"screening": conflict.current, "step": "summary", "message": texts.EDIT_CONFLICT},
            status=409,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, texts.SCREENING_COMPLETED)
    return redirect("screening:detail", screening.uuid)


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def screening_informed(request: HttpRequest, screening_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    found = services.screening_read(
        actor=actor, screening_uuid=screening_uuid, action=WRITE, view="screening_informed"
    )
    screening = found.obj
    form = InformedForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.screening_mark_informed(
                actor=actor, screening=screening, informed_on=form.cleaned_data["informed_on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            day = formats.date_format(form.cleaned_data["informed_on"], "SHORT_DATE_FORMAT")
            messages.success(request, texts.PERSON_INFORMED % {"date": day})
            return redirect("screening:detail", screening.uuid)
    return render(
        request,
        "screening/informed.html",
        {"form": form, "screening": screening, "case": screening.case},
    )


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def rights_leaflet(request: HttpRequest) -> HttpResponse:
    """The rights leaflet to print and hand over; no personal data on it. The same text as
    its PDF (atbalsts.documents.content), in the four languages it is issued in."""
    acting_user(request)
    form = LeafletLanguageForm(request.GET)
    language = (form.cleaned_data.get("language") if form.is_valid() else "") or _language()
    leaflet = documents_content.leaflet(language, rule_set_for(timezone.localdate()))
    return render(
        request,
        "screening/leaflet.html",
        {"form": form, "leaflet": leaflet, "contacts": contact_list()},
    )
