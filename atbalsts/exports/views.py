"""Pages of the exports app: export permissions (system administrator), export jobs and their
approval (holders of an export permission), SIVA's register of recipients.

Every view: decorators → access → form → service or selector → render. Filters and search
terms of the register travel in the POST body, never in the address (docs/security.md DP-5).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from atbalsts.access.policy import Capability, ExportKind, can, may_be_granted_export
from atbalsts.accounts.models import Organisation, OrganisationType
from atbalsts.accounts.stepup import last_authenticated_at, require_recent_authentication
from atbalsts.administration.access import acting_user, require_capability, user_for_admin
from atbalsts.audit.services import audit_authz_fail, audit_record
from atbalsts.exports import selectors, services, texts
from atbalsts.exports.access import (
    exportable_kinds,
    granted_exports,
    job_for_approver,
    job_for_requester,
    require_some_export,
)
from atbalsts.exports.costs import cost_lines
from atbalsts.exports.forms import (
    ApprovalForm,
    ExportRequestForm,
    GrantChangeForm,
    RegisterFilterForm,
)
from atbalsts.exports.models import ApprovalStatus, ExportJob, JobStatus
from atbalsts.exports.passphrases import passphrase_keep, passphrase_take, passphrase_waiting
from atbalsts.exports.recipients import REGISTER_COLUMNS, SHOWS_ADDRESS, recipients_for
from atbalsts.exports.registry import definition

PAGE_SIZE = 25
REGISTER_PAGE_SIZE = 50
FILTER_FORM_ID = "filters"


def _add_service_error(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


# Export permissions (system administrator; docs/security.md EX-1, SE-5)


@require_capability(Capability.MANAGE_EXPORT_PERMISSIONS)
@require_recent_authentication()
@require_http_methods(["GET", "POST"])
def user_permissions(request: HttpRequest, user_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    account = user_for_admin(actor=actor, user_uuid=user_uuid)
    offered = [kind for kind in ExportKind if may_be_granted_export(account.role, kind)]
    form = GrantChangeForm(request.POST if request.method == "POST" else None, kinds=offered)
    if form.is_bound and form.is_valid():
        kind = ExportKind(form.cleaned_data["kind"])
        values = {"user": account.username, "export": texts.KIND_LABELS[kind.value]}
        try:
            if form.cleaned_data["change"] == GrantChangeForm.GIVE:
                services.export_grant_give(actor=actor, user=account, kind=kind)
                message = texts.GRANT_GIVEN % values
            else:
                services.export_grant_withdraw(actor=actor, user=account, kind=kind)
                message = texts.GRANT_WITHDRAWN % values
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, message)
            return redirect("exports:user_permissions", account.uuid)
    granted = granted_exports(account)
    return render(
        request,
        "exports/user_permissions.html",
        {
            "account": account,
            "form": form,
            "rows": [
                {
                    "kind": kind.value,
                    "label": texts.KIND_LABELS[kind.value],
                    "is_granted": kind.value in granted,
                }
                for kind in offered
            ],
            # Left over from an earlier role: kept, but they grant nothing (policy.may_export).
            "inert": sorted(set(granted) - {kind.value for kind in offered}),
        },
    )


# Export jobs (docs/security.md EX-2..EX-4)


@require_some_export
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    page = Paginator(selectors.jobs_of(actor=actor), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "exports/job_list.html",
        {
            "page_obj": page,
            "kind_labels": texts.KIND_LABELS,
            "awaiting_count": selectors.jobs_awaiting_approval(actor=actor).count(),
        },
    )


@require_some_export
@require_recent_authentication()
@require_http_methods(["GET", "POST"])
def job_request(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    kinds = exportable_kinds(actor)
    initial = {"kind": request.GET.get("kind", "")}
    form = ExportRequestForm(
        request.POST if request.method == "POST" else None, kinds=kinds, initial=initial
    )
    status = 200
    if form.is_bound and form.is_valid():
        try:
            requested = services.export_job_request(
                actor=actor,
                kind=ExportKind(form.cleaned_data["kind"]),
                purpose=form.cleaned_data["purpose"],
                authenticated_at=last_authenticated_at(request.session),
            )
        except ValidationError as error:
            _add_service_error(form, error)
            if any(getattr(e, "code", None) == "rate_limited" for e in error.error_list):
                status = 429
        else:
            passphrase_keep(
                request.session, job_uuid=requested.job.uuid, passphrase=requested.passphrase
            )
            services.export_job_start(job=requested.job, passphrase=requested.passphrase)
            messages.info(request, texts.REQUESTED)
            return redirect("exports:job_detail", requested.job.uuid)
    return render(
        request,
        "exports/job_request.html",
        {"form": form, "bulk_threshold": settings.EXPORT_BULK_THRESHOLD},
        status=status,
    )


def _job_context(request: HttpRequest, job: ExportJob) -> dict[str, Any]:
    now = timezone.now()
    passphrase = None
    if job.status == JobStatus.DONE and job.approval_status != ApprovalStatus.REFUSED:
        passphrase = passphrase_take(request.session, job_uuid=job.uuid)
    elif job.is_finished:
        # Failed or deleted: the passphrase opens nothing; drop it.
        passphrase_take(request.session, job_uuid=job.uuid)
    export = definition(job.kind)
    return {
        "job": job,
        "kind_label": texts.KIND_LABELS[job.kind],
        "passphrase": passphrase,
        "is_downloadable": job.is_downloadable(now),
        "is_expired": job.status == JobStatus.EXPIRED or now >= job.expires_at,
        "passphrase_waiting": passphrase_waiting(request.session, job_uuid=job.uuid),
        "awaiting_message": texts.AWAITING_APPROVAL % {"threshold": settings.EXPORT_BULK_THRESHOLD},
        "file_stem": export.file_stem if export else job.kind,
        "cost_lines": cost_lines(job.summary) if job.status == JobStatus.DONE else [],
        # Where a release was too coarse to be useful, the aggregate statistics instead.
        "statistics_instead": job.status == JobStatus.DONE
        and job.summary.get("is_useful") is False
        and can(job.requested_by.role, Capability.VIEW_STATISTICS),
        "texts": texts,
    }


@require_some_export
@require_GET
def job_detail(request: HttpRequest, job_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    job = job_for_requester(actor=actor, job_uuid=job_uuid)
    return render(request, "exports/job_detail.html", _job_context(request, job))


@require_some_export
@require_GET
def job_progress(request: HttpRequest, job_uuid: uuid.UUID) -> HttpResponse:
    """The progress part of the job page, polled by htmx until the job has finished."""
    actor = acting_user(request)
    job = job_for_requester(actor=actor, job_uuid=job_uuid)
    return render(request, "exports/job_detail.html#progress", _job_context(request, job))


@require_some_export
@require_GET
def job_download(request: HttpRequest, job_uuid: uuid.UUID) -> HttpResponseBase:
    actor = acting_user(request)
    job = job_for_requester(actor=actor, job_uuid=job_uuid)
    if not job.is_downloadable(timezone.now()):
        # Not ready, awaiting approval or deleted: the job page says which.
        return redirect("exports:job_detail", job.uuid)
    try:
        path = services.export_job_download(actor=actor, job=job)
    except PermissionDenied:
        audit_authz_fail(
            actor=actor, resource_type="export", object_uuid=job.uuid, reason="not_downloadable"
        )
        raise Http404 from None
    export = definition(job.kind)
    stem = export.file_stem if export else job.kind
    filename = f"atbalsts-{stem}-{timezone.localtime(job.created_at):%Y%m%d-%H%M}.zip"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=filename, content_type="application/zip"
    )


# Approval of bulk exports by a second person (docs/security.md EX-2)


@require_some_export
@require_GET
def approval_list(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    jobs = selectors.jobs_awaiting_approval(actor=actor)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "exports/approval_list.html", {"page_obj": page, "kind_labels": texts.KIND_LABELS}
    )


@require_some_export
@require_recent_authentication()
@require_http_methods(["GET", "POST"])
def approval(request: HttpRequest, job_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    job = job_for_approver(actor=actor, job_uuid=job_uuid)
    form = ApprovalForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            if form.cleaned_data["decision"] == ApprovalForm.APPROVE:
                services.export_job_approve(actor=actor, job=job)
                message = texts.APPROVED
            else:
                services.export_job_refuse(actor=actor, job=job)
                message = texts.REFUSED
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, message)
            return redirect("exports:approval_list")
    return render(
        request,
        "exports/approval.html",
        {
            "job": job,
            "form": form,
            "kind_label": texts.KIND_LABELS[job.kind],
            "is_awaiting": job.approval_status == ApprovalStatus.AWAITING
            and job.status == JobStatus.DONE
            and timezone.now() < job.expires_at,
        },
    )


# SIVA's register of recipients (Cabinet Regulation No. 344 §2.2)


def _register_data(request: HttpRequest) -> QueryDict:
    # A plain GET shows the first page without filters: search terms never travel in the
    # address (DP-5).
    return request.POST if request.method == "POST" else QueryDict()


@require_capability(Capability.VIEW_RECIPIENT_REGISTER)
@require_http_methods(["GET", "POST"])
def recipient_register(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    data = _register_data(request)
    providers = Organisation.objects.filter(type=OrganisationType.SERVICE_PROVIDER).order_by("name")
    form = RegisterFilterForm(data, providers=providers)
    rows = recipients_for(actor=actor, **form.filters())
    page = Paginator(rows, REGISTER_PAGE_SIZE).get_page(data.get("page"))
    # Every look at the register is audited with the people it showed (docs/security.md LG-1).
    audit_record(
        actor=actor,
        action="sensitive_read",
        object_type="recipient_register",
        payload={
            "view": "recipient_register",
            "by": form.used(),
            "page": page.number,
            "results": [str(row.case.person.uuid) for row in page.object_list],
        },
    )
    return render(
        request,
        "exports/recipient_register.html",
        {
            "form": form,
            "form_id": FILTER_FORM_ID,
            "page_obj": page,
            "columns": REGISTER_COLUMNS,
            "shows_address": SHOWS_ADDRESS,
            "may_export": ExportKind.RECIPIENT_REGISTER in exportable_kinds(actor),
        },
    )
