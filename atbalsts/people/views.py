"""Pages for people: register, search, detail, edit.

Every view: capability (404 for other roles) → fetch and authorise (404 for a record that is
not the actor's) → form → service → render. Identities travel only in POST bodies, never in
addresses (docs/security.md DP-5), and are hidden from error reports.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from atbalsts.access.policy import Action, Capability
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.cases.access import cases_visible_to
from atbalsts.people import services, texts
from atbalsts.people.forms import PersonEditForm, PersonRegisterForm, PersonSearchForm
from atbalsts.people.services import DETAIL_FIELDS, EditConflictError, PersonDetails


def _add_service_error(form: PersonRegisterForm | PersonEditForm, error: ValidationError) -> None:
    form.add_error(None, error)


@sensitive_post_parameters()
@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def person_register(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    form = PersonRegisterForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            case = services.person_register(
                actor=actor,
                details=form.details(),
                is_anonymous=form.cleaned_data["is_anonymous"],
                arrival_stage=form.cleaned_data["arrival_stage"],
                contact_channel=form.cleaned_data["contact_channel"],
                referral_source=form.cleaned_data["referral_source"],
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(
                request,
                texts.PERSON_REGISTERED % {"reference": case.person.reference, "code": case.code},
            )
            return redirect("cases:detail", case.uuid)
    return render(request, "people/register.html", {"form": form})


@sensitive_variables("found")
@sensitive_post_parameters()
@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET", "POST"])
def person_search(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    # Only a POST searches: a GET shows the empty form, whatever its address carries.
    form = PersonSearchForm(request.POST if request.method == "POST" else None)
    found = None
    if form.is_bound and form.is_valid():
        found = services.person_search(
            actor=actor,
            personal_code=form.cleaned_data["personal_code"],
            full_name=form.cleaned_data["full_name"],
        )
        # The terms are not echoed back: the page may stay open on a shared screen.
        form = PersonSearchForm()
    return render(
        request,
        "people/search.html",
        {"form": form, "found": found, "no_results": texts.NO_SEARCH_RESULTS},
    )


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def person_detail(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    found = services.person_read(actor=actor, person_uuid=person_uuid)
    cases = cases_visible_to(actor).filter(person=found.obj).select_related("organisation")
    return render(
        request,
        "people/detail.html",
        {
            "person": found.obj,
            "allowed": {action.value: True for action in found.standing.actions},
            "cases": cases.only("uuid", "code", "status", "opened_on", "organisation__name"),
        },
    )


@sensitive_variables("found", "form")
@sensitive_post_parameters()
@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    found = services.person_read(
        actor=actor, person_uuid=person_uuid, action=Action.EDIT, view="person_edit"
    )
    person = found.obj
    initial = {name: getattr(person, name) for name in DETAIL_FIELDS} | {"version": person.version}
    form = PersonEditForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        is_anonymous=person.is_anonymous,
    )
    if form.is_bound and form.is_valid():
        try:
            services.person_update(
                actor=actor,
                person=person,
                version=form.cleaned_data["version"],
                details=form.details(),
            )
        except EditConflictError as conflict:
            return render(
                request,
                "people/conflict.html",
                {
                    "person": conflict.current,
                    "rows": _compare(form, PersonDetails.of(conflict.current), form.details()),
                    "message": texts.EDIT_CONFLICT,
                },
                status=409,
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, texts.PERSON_UPDATED % {"reference": person.reference})
            return redirect("people:detail", person.uuid)
    return render(request, "people/edit.html", {"form": form, "person": person})


def _compare(
    form: PersonEditForm, theirs: PersonDetails, yours: PersonDetails
) -> list[tuple[str, object, object, bool]]:
    """(label, their value, your value, differs) for every field of the form."""
    rows = []
    for name in DETAIL_FIELDS:
        their_value, your_value = getattr(theirs, name), getattr(yours, name)
        rows.append(
            (str(form.fields[name].label), their_value, your_value, their_value != your_value)
        )
    return rows
