"""Pages of the system administrator: organisations and user accounts.

Every view: capability check (404 for any other role) → fetch through access → form →
service or selector → render. List filters and search terms travel in the POST body, never
in the address (docs/security.md DP-5); a plain GET shows the first page.
"""

from __future__ import annotations

import copy
import uuid
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods

from atbalsts.access.policy import Capability
from atbalsts.administration import selectors, services, texts
from atbalsts.administration.access import (
    acting_user,
    organisation_for_admin,
    require_capability,
    user_for_admin,
)
from atbalsts.administration.forms import (
    OrganisationCreateForm,
    OrganisationEditForm,
    OrganisationFilterForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)

PAGE_SIZE = 25
FILTER_FORM_ID = "filters"


def _list_data(request: HttpRequest) -> QueryDict:
    if request.method == "POST":
        return request.POST
    # A link may carry a non-sensitive filter (an organisation's UUID); a search term in an
    # address would end up in logs and browser history, so it is dropped.
    data = request.GET.copy()
    data.pop("q", None)
    return data


_M = TypeVar("_M", bound=Model)


def _page(data: QueryDict, items: QuerySet[_M]) -> Page[_M]:
    return Paginator(items, PAGE_SIZE).get_page(data.get("page"))


def _add_service_error(form: BaseForm, error: ValidationError) -> None:
    """Put a service's refusal next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def _confirm(
    request: HttpRequest,
    *,
    title: str,
    explanation: str | Promise,
    button_label: str | Promise,
    is_danger: bool,
    cancel_url: str,
    errors: list[str] | None = None,
) -> HttpResponse:
    return render(
        request,
        "administration/confirm.html",
        {
            "title": title,
            "explanation": explanation,
            "button_label": button_label,
            "is_danger": is_danger,
            "cancel_url": cancel_url,
            "errors": errors or [],
        },
    )


# Organisations


@require_capability(Capability.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "POST"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    data = _list_data(request)
    form = OrganisationFilterForm(data)
    organisations = selectors.organisation_list(actor=actor, **form.filters())
    return render(
        request,
        "administration/organisation_list.html",
        {"form": form, "page_obj": _page(data, organisations), "form_id": FILTER_FORM_ID},
    )


@require_capability(Capability.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    form = OrganisationCreateForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=actor,
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                organisation_type=form.cleaned_data["type"],
                region=form.cleaned_data["region"],
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, texts.ORGANISATION_CREATED % {"name": organisation.name})
            return redirect("administration:organisation_list")
    return render(
        request,
        "administration/organisation_form.html",
        {"form": form, "title": _("Add an organisation"), "organisation": None},
    )


@require_capability(Capability.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, organisation_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    organisation = organisation_for_admin(actor=actor, organisation_uuid=organisation_uuid)
    # The form works on a copy: the page keeps the saved name while the form shows the input.
    form = OrganisationEditForm(
        request.POST if request.method == "POST" else None, instance=copy.copy(organisation)
    )
    if form.is_bound and form.is_valid():
        try:
            saved = services.organisation_update(
                actor=actor,
                organisation=organisation,
                name=form.cleaned_data["name"],
                organisation_type=form.cleaned_data["type"],
                region=form.cleaned_data["region"],
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, texts.ORGANISATION_UPDATED % {"name": saved.name})
            return redirect("administration:organisation_list")
    return render(
        request,
        "administration/organisation_form.html",
        {"form": form, "title": _("Edit organisation"), "organisation": organisation},
    )


@require_capability(Capability.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "POST"])
def organisation_deactivate(request: HttpRequest, organisation_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    organisation = organisation_for_admin(actor=actor, organisation_uuid=organisation_uuid)
    edit_url = reverse("administration:organisation_edit", args=[organisation.uuid])
    if not organisation.is_active:
        return redirect(edit_url)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.organisation_deactivate(actor=actor, organisation=organisation)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, texts.ORGANISATION_DEACTIVATED % {"name": organisation.name})
            return redirect("administration:organisation_list")
    return _confirm(
        request,
        title=_("Deactivate “%(name)s”?") % {"name": organisation.name},
        explanation=_(
            "Nobody can be placed in a deactivated organisation. Its records and its history "
            "are kept, and it can be reactivated later."
        ),
        button_label=_("Deactivate organisation"),
        is_danger=True,
        cancel_url=edit_url,
        errors=errors,
    )


@require_capability(Capability.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "POST"])
def organisation_reactivate(request: HttpRequest, organisation_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    organisation = organisation_for_admin(actor=actor, organisation_uuid=organisation_uuid)
    edit_url = reverse("administration:organisation_edit", args=[organisation.uuid])
    if organisation.is_active:
        return redirect(edit_url)
    if request.method == "POST":
        services.organisation_reactivate(actor=actor, organisation=organisation)
        messages.success(request, texts.ORGANISATION_REACTIVATED % {"name": organisation.name})
        return redirect("administration:organisation_list")
    return _confirm(
        request,
        title=_("Reactivate “%(name)s”?") % {"name": organisation.name},
        explanation=_(
            "Users can again be placed in this organisation. Its deactivated users stay "
            "deactivated until you reactivate them one by one."
        ),
        button_label=_("Reactivate organisation"),
        is_danger=False,
        cancel_url=edit_url,
    )


# User accounts


@require_capability(Capability.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_list(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    data = _list_data(request)
    form = UserFilterForm(data, organisations=selectors.organisation_list(actor=actor))
    users = selectors.user_list(actor=actor, **form.filters())
    return render(
        request,
        "administration/user_list.html",
        {"form": form, "page_obj": _page(data, users), "form_id": FILTER_FORM_ID},
    )


@sensitive_variables("new_user")
@require_capability(Capability.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    form = UserCreateForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.organisation_choices(actor=actor),
    )
    if form.is_bound and form.is_valid():
        try:
            new_user = services.user_create(
                actor=actor,
                username=form.cleaned_data["username"],
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            # Shown in this response only, never stored or redirected: a reload cannot show
            # the password again (the form would refuse the taken username).
            return render(
                request,
                "administration/user_created.html",
                {
                    "new_user": new_user.user,
                    "initial_password": new_user.initial_password,
                    "message": texts.USER_CREATED % {"username": new_user.user.username},
                },
            )
    return render(
        request,
        "administration/user_form.html",
        {"form": form, "title": _("Create a user account"), "account": None},
    )


@require_capability(Capability.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    account = user_for_admin(actor=actor, user_uuid=user_uuid)
    form = UserEditForm(
        request.POST if request.method == "POST" else None,
        instance=copy.copy(account),
        organisations=selectors.organisation_choices(actor=actor, including=account.organisation),
    )
    if form.is_bound and form.is_valid():
        try:
            saved = services.user_update(
                actor=actor,
                user=account,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, texts.USER_UPDATED % {"username": saved.username})
            return redirect("administration:user_list")
    return render(
        request,
        "administration/user_form.html",
        {"form": form, "title": _("Edit user account"), "account": account},
    )


@require_capability(Capability.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_deactivate(request: HttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    account = user_for_admin(actor=actor, user_uuid=user_uuid)
    edit_url = reverse("administration:user_edit", args=[account.uuid])
    if not account.is_active:
        return redirect(edit_url)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.user_deactivate(actor=actor, user=account)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, texts.USER_DEACTIVATED % {"username": account.username})
            return redirect("administration:user_list")
    return _confirm(
        request,
        title=_("Deactivate the account “%(username)s”?") % {"username": account.username},
        explanation=_(
            "The user is signed out everywhere at once and can no longer sign in. The "
            "account and its history are kept, and it can be reactivated later."
        ),
        button_label=_("Deactivate account"),
        is_danger=True,
        cancel_url=edit_url,
        errors=errors,
    )


@require_capability(Capability.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_reactivate(request: HttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    account = user_for_admin(actor=actor, user_uuid=user_uuid)
    edit_url = reverse("administration:user_edit", args=[account.uuid])
    if account.is_active:
        return redirect(edit_url)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.user_reactivate(actor=actor, user=account)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, texts.USER_REACTIVATED % {"username": account.username})
            return redirect("administration:user_list")
    return _confirm(
        request,
        title=_("Reactivate the account “%(username)s”?") % {"username": account.username},
        explanation=_(
            "The user can sign in again with their password and second factor, with the "
            "role and organisation shown on the account."
        ),
        button_label=_("Reactivate account"),
        is_danger=False,
        cancel_url=edit_url,
        errors=errors,
    )
