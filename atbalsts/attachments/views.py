"""Pages of a case's attached documents: the list, attaching one, downloading and withdrawing
it (docs/security.md FU-1). Decorators → access → form → service or selector → render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from atbalsts.access.policy import Action, Capability
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.attachments import cleaning, selectors, services, texts
from atbalsts.attachments.access import attachment_for, may_attach
from atbalsts.attachments.forms import AttachmentFilterForm, AttachmentUploadForm
from atbalsts.attachments.uploads import BoundedMemoryUploadHandler
from atbalsts.cases.access import case_for
from atbalsts.cases.models import CaseStatus

PAGE_SIZE = 25
FILTER_FORM_ID = "filters"


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET", "POST"])
def attachment_list(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    found = case_for(actor, case_uuid, Action.VIEW_SUMMARY)
    # Filters and the page travel in the POST body, like every list's (DP-5).
    form = AttachmentFilterForm(request.POST if request.method == "POST" else None)
    kind = form.cleaned_data["kind"] if form.is_bound and form.is_valid() else ""
    attachments = selectors.attachments_of_case(case=found.obj, standing=found.standing, kind=kind)
    page = Paginator(attachments, PAGE_SIZE).get_page(request.POST.get("page"))
    services.attachment_list_read(actor=actor, case=found.obj)
    return render(
        request,
        "attachments/list.html",
        {
            "case": found.obj,
            "form": form,
            "form_id": FILTER_FORM_ID,
            "page_obj": page,
            "can_attach": may_attach(found.standing) and found.obj.status == CaseStatus.OPEN,
        },
    )


@csrf_exempt  # Only so that the upload handler can be set; _upload checks the token.
@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def attachment_upload(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    # Before anything reads the body: keep the document in memory, never in a temporary file.
    request.upload_handlers = [BoundedMemoryUploadHandler(request, limit=cleaning.MAX_BYTES)]
    return _upload(request, case_uuid)


@csrf_protect
def _upload(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    case = case_for(actor, case_uuid, Action.EDIT).obj
    if case.status == CaseStatus.CLOSED:
        messages.error(request, texts.CASE_CLOSED)
        return redirect("attachments:list", case.uuid)
    is_post = request.method == "POST"
    form = AttachmentUploadForm(
        request.POST if is_post else None, request.FILES if is_post else None
    )
    if form.is_bound and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            services.attachment_upload(
                actor=actor,
                case=case,
                kind=data["kind"],
                description=data["description"],
                original_name=data["original_name"],
                document=data["document"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.UPLOADED % {"code": case.code})
            return redirect("attachments:list", case.uuid)
    return render(request, "attachments/upload.html", {"case": case, "form": form})


@require_capability(Capability.READ_CASE_DATA)
@require_GET
def attachment_download(request: HttpRequest, attachment_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    attachment = attachment_for(actor, attachment_uuid).obj
    data = services.attachment_download(actor=actor, attachment=attachment)
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    # Should a browser render it after all, nothing in it runs or reaches the site's origin.
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_capability(Capability.KEEP_CASES)
@require_http_methods(["GET", "POST"])
def attachment_withdraw(request: HttpRequest, attachment_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    attachment = attachment_for(actor, attachment_uuid, is_withdrawal=True).obj
    if request.method == "POST":
        services.attachment_withdraw(actor=actor, attachment=attachment)
        messages.success(request, texts.WITHDRAWN)
        return redirect("attachments:list", attachment.case.uuid)
    return render(request, "attachments/withdraw.html", {"attachment": attachment})
