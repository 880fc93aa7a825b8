from __future__ import annotations

import json
import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
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
FALLBACK_503_BODY = (
    "Pakalpojums īslaicīgi nav pieejams. Lūdzu, mēģiniet vēlreiz pēc minūtes.\n"
    "The service is briefly unavailable. Please try again in a minute.\n"
)
# What the 503 page promises: the database is back within a minute after a restart or a
# fail-over, and Django reconnects by itself (CONN_HEALTH_CHECKS in atbalsts/env.py).
RETRY_AFTER_SECONDS = 60


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


def _database_unreachable(exception: BaseException | None) -> bool:
    """Whether ``exception`` is, or was raised while handling, a lost database connection.

    Django turns some of those into other errors: a session that cannot be saved at the end
    of the request becomes SessionInterrupted, a "bad request".
    """
    seen: set[int] = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _database_unreachable(exception):
        return service_unavailable(request)
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """A generic page that needs neither the database nor the request (docs/security.md LG-5).

    Whatever failed may be the database or a context processor, so the page is rendered
    without a request context; if even that fails, a fixed text is sent. A database that
    cannot be reached (restarted, failing over) is a passing outage, not a fault in the
    product: that gets :func:`service_unavailable` instead.
    """
    # Django calls this handler inside its ``except`` block (response_for_exception), so the
    # exception that got here is the one being handled, whether a view or a middleware (the
    # session and the user are loaded in middleware) raised it.
    if _database_unreachable(sys.exc_info()[1]):
        return service_unavailable(request)
    try:
        body = render_to_string("errors/500.html")
    except Exception:  # the last resort must answer whatever went wrong
        error_logger.exception("error_page_failed")
        return HttpResponseServerError(FALLBACK_500_BODY, content_type="text/plain; charset=utf-8")
    return HttpResponseServerError(body)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After while the database cannot be reached (docs/security.md RE-6).

    Rendered like the 500 page: without the request context or the database.
    """
    try:
        body = render_to_string("errors/503.html")
    except Exception:  # the last resort must answer whatever went wrong
        error_logger.exception("error_page_failed")
        response = HttpResponse(
            FALLBACK_503_BODY, content_type="text/plain; charset=utf-8", status=503
        )
    else:
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
