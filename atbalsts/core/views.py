from __future__ import annotations

import json
import logging

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from atbalsts.access.policy import Capability, can
from atbalsts.accounts.models import User
from atbalsts.core.navigation import sections_for

logger = logging.getLogger("atbalsts.csp")
error_logger = logging.getLogger("atbalsts.errors")

_CSP_REPORT_MAX_BYTES = 16_384

# The last resort when even the 500 template cannot be rendered: both languages, no markup
# that could need anything else.
FALLBACK_500_BODY = (
    "Radās kļūda. Lūdzu, mēģiniet vēlreiz vēlāk.\nSomething went wrong. Please try again later.\n"
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):  # LoginRequiredMiddleware lets no anonymous user reach here
        raise Http404
    return render(
        request,
        "core/home.html",
        {
            "organisation": user.organisation,
            "tasks": sections_for(user.role),
            "can_read_case_data": can(user.role, Capability.READ_CASE_DATA),
        },
    )


@csrf_exempt  # Browsers send CSP reports without a CSRF token.
@login_not_required
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    body = request.body[:_CSP_REPORT_MAX_BYTES]
    try:
        report = json.loads(body).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if isinstance(report, dict):
        logger.warning(
            "csp_violation",
            extra={
                "directive": str(report.get("violated-directive", ""))[:200],
                "blocked": str(report.get("blocked-uri", ""))[:200],
            },
        )
    return HttpResponse(status=204)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """A generic page that needs neither the database nor the request (SECURITY.md LG-5).

    Whatever failed may be the database or a context processor, so the page is rendered
    without a request context; if even that fails, a fixed text is sent.
    """
    try:
        body = render_to_string("errors/500.html")
    except Exception:  # the last resort must answer whatever went wrong
        error_logger.exception("error_page_failed")
        return HttpResponseServerError(FALLBACK_500_BODY, content_type="text/plain; charset=utf-8")
    return HttpResponseServerError(body)
