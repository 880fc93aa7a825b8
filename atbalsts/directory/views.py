"""Partner directory pages: the list for every signed-in role; adding, editing and
deactivating for the system administrator. Web addresses are shown as text, never as links
that open by themselves (the reader copies them deliberately)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from atbalsts.access.policy import Capability, can
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.audit.services import audit_authz_fail
from atbalsts.directory import selectors, services, texts
from atbalsts.directory.forms import ContactFilterForm, ContactForm
from atbalsts.directory.models import Contact

PAGE_SIZE = 25
FILTER_FORM_ID = "filters"


def _contact_for_admin(request: HttpRequest, contact_uuid: uuid.UUID) -> Contact:
    contact = Contact.objects.filter(uuid=contact_uuid, is_active=True).first()
    if contact is None:
        audit_authz_fail(
            actor=acting_user(request),
            resource_type="contact",
            object_uuid=contact_uuid,
            reason="not_found",
        )
        raise Http404
    return contact


@require_http_methods(["GET", "POST"])
def contact_list(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    form = ContactFilterForm(request.POST if request.method == "POST" else None)
    contacts = selectors.contact_list(query=form.query_value() if form.is_bound else "")
    data = request.POST if request.method == "POST" else request.GET
    page = Paginator(contacts, PAGE_SIZE).get_page(data.get("page"))
    return render(
        request,
        "directory/list.html",
        {
            "form": form,
            "page_obj": page,
            "form_id": FILTER_FORM_ID,
            "can_manage": can(actor.role, Capability.MANAGE_ORGANISATIONS),
        },
    )


@require_capability(Capability.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    form = ContactForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            contact = services.contact_create(actor=actor, details=form.details())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.CONTACT_ADDED % {"name": contact.name})
            return redirect("directory:list")
    return render(request, "directory/form.html", {"form": form, "contact": None})


@require_capability(Capability.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, contact_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    contact = _contact_for_admin(request, contact_uuid)
    initial = {
        "code": contact.code,
        "name": contact.name,
        "phones": "\n".join(contact.phones),
        "trust_line": contact.trust_line,
        "email": contact.email,
        "address": contact.address,
        "web": contact.web,
        "version": contact.version,
    }
    form = ContactForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.contact_update(
                actor=actor,
                contact=contact,
                version=form.cleaned_data["version"] or 0,
                details=form.details(),
            )
        except services.ContactConflictError:
            form.add_error(None, texts.CONTACT_CONFLICT)
            return render(
                request, "directory/form.html", {"form": form, "contact": contact}, status=409
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.CONTACT_SAVED % {"name": contact.name})
            return redirect("directory:list")
    return render(request, "directory/form.html", {"form": form, "contact": contact})


@require_capability(Capability.MANAGE_ORGANISATIONS)
@require_http_methods(["GET", "POST"])
def contact_deactivate(request: HttpRequest, contact_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    contact = _contact_for_admin(request, contact_uuid)
    if request.method == "POST":
        services.contact_deactivate(actor=actor, contact=contact)
        messages.success(request, texts.CONTACT_DEACTIVATED % {"name": contact.name})
        return redirect("directory:list")
    return render(request, "directory/deactivate.html", {"contact": contact})
