"""Documents as PDF, one view a document: capability → the record through
:mod:`atbalsts.documents.access` (404 for "not found" and "not yours") → the document built
from what the reader may see → rendered in memory, audited, sent as an attachment that no
cache keeps."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from atbalsts.access.policy import Capability
from atbalsts.administration.access import acting_user, require_capability
from atbalsts.agency.models import AWAITING_DECISION
from atbalsts.audit.services import audit_authz_fail
from atbalsts.documents import access, content, selectors, services
from atbalsts.documents.rendering import Document


def _pdf_response(
    request: HttpRequest, document: Document, *, object_type: str, object_uuid: uuid.UUID | None
) -> HttpResponse:
    pdf = services.document_generate(
        actor=acting_user(request),
        document=document,
        object_type=object_type,
        object_uuid=object_uuid,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _staff_language(request: HttpRequest) -> str:
    return selectors.staff_language(request.GET.get("language") or get_language())


def _client_language(request: HttpRequest) -> str:
    return content.document_language(request.GET.get("language") or get_language())


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def commission_protocol(request: HttpRequest, commission_uuid: uuid.UUID) -> HttpResponse:
    found = access.commission_for_protocol(acting_user(request), commission_uuid)
    document = selectors.commission_protocol(found.obj, found.standing, _staff_language(request))
    return _pdf_response(request, document, object_type="commission", object_uuid=found.obj.uuid)


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def agency_submission(request: HttpRequest, submission_uuid: uuid.UUID) -> HttpResponse:
    found = access.submission_for_document(acting_user(request), submission_uuid)
    document = selectors.agency_submission(found.obj, found.standing, _staff_language(request))
    return _pdf_response(
        request, document, object_type="agency_submission", object_uuid=found.obj.uuid
    )


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def agency_decision(request: HttpRequest, submission_uuid: uuid.UUID) -> HttpResponse:
    actor = acting_user(request)
    found = access.submission_for_document(actor, submission_uuid)
    if found.obj.status in AWAITING_DECISION:
        # No decision yet, so no letter: the same 404 as for any document that does not exist.
        audit_authz_fail(
            actor=actor,
            resource_type="agency_decision",
            object_uuid=submission_uuid,
            reason="not_decided",
        )
        raise Http404
    document = selectors.agency_decision(found.obj, found.standing, _staff_language(request))
    return _pdf_response(
        request, document, object_type="agency_submission", object_uuid=found.obj.uuid
    )


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def consent_form(request: HttpRequest, consent_uuid: uuid.UUID) -> HttpResponse:
    consent = access.consent_for_form(acting_user(request), consent_uuid)
    document = selectors.consent_form(consent, _client_language(request))
    return _pdf_response(request, document, object_type="consent", object_uuid=consent.uuid)


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def information_request(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    found = access.request_for_document(acting_user(request), request_uuid)
    document = selectors.information_request(
        found.request, found.is_reply_visible, _staff_language(request)
    )
    return _pdf_response(
        request, document, object_type="information_request", object_uuid=found.request.uuid
    )


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def course_summary(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    found = access.course_for_summary(acting_user(request), case_uuid)
    document = selectors.course_summary(found.obj, found.standing, _staff_language(request))
    return _pdf_response(request, document, object_type="case", object_uuid=case_uuid)


@require_capability(Capability.READ_CASE_DATA)
@require_http_methods(["GET"])
def rights_leaflet(request: HttpRequest) -> HttpResponse:
    document = selectors.rights_leaflet(acting_user(request), _client_language(request))
    return _pdf_response(request, document, object_type="rights_leaflet", object_uuid=None)
