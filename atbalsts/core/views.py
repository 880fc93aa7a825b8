from __future__ import annotations

import json
import logging

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

logger = logging.getLogger("atbalsts.csp")

_CSP_REPORT_MAX_BYTES = 16_384


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


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
    return render(request, "errors/500.html", status=500)
