from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from atbalsts.accounts.models import User
from atbalsts.workcalendar.access import (
    calendar_manager_required,
    calendar_override_for_manager,
)
from atbalsts.workcalendar.forms import CalendarOverrideForm, YearFilterForm
from atbalsts.workcalendar.selectors import calendar_overrides_for
from atbalsts.workcalendar.services import calendar_override_add, calendar_override_remove

OVERRIDES_PER_PAGE = 25


def _actor(request: HttpRequest) -> User:
    # calendar_manager_required has already made sure of it.
    assert isinstance(request.user, User)  # noqa: S101
    return request.user


def _list_url(year: int) -> str:
    return f"{reverse('workcalendar:override_list')}?year={year}"


@calendar_manager_required
@require_GET
def override_list(request: HttpRequest) -> HttpResponse:
    filter_form = YearFilterForm(request.GET or None)
    year: int | None = filter_form.cleaned_data["year"] if filter_form.is_valid() else None
    overrides = calendar_overrides_for(actor=_actor(request), year=year)
    page = Paginator(overrides, OVERRIDES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workcalendar/override_list.html",
        {"filter_form": filter_form, "year": year, "page": page},
    )


@calendar_manager_required
@require_http_methods(["GET", "POST"])
def override_add(request: HttpRequest) -> HttpResponse:
    form = CalendarOverrideForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            override = calendar_override_add(
                actor=_actor(request),
                date=form.cleaned_data["date"],
                kind=form.cleaned_data["kind"],
                reference=form.cleaned_data["reference"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(date)s is now marked as: %(kind)s.")
                % {"date": date_format(override.date), "kind": override.get_kind_display()},
            )
            return redirect(_list_url(override.date.year))
    return render(request, "workcalendar/override_form.html", {"form": form})


@calendar_manager_required
@require_http_methods(["GET", "POST"])
def override_remove(request: HttpRequest, override_uuid: uuid.UUID) -> HttpResponse:
    override = calendar_override_for_manager(actor=_actor(request), override_uuid=override_uuid)
    if request.method == "POST":
        calendar_override_remove(actor=_actor(request), override=override)
        messages.success(
            request,
            _("The override of %(date)s was removed.") % {"date": date_format(override.date)},
        )
        return redirect(_list_url(override.date.year))
    return render(request, "workcalendar/override_confirm_remove.html", {"override": override})
