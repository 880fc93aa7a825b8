"""The project's URLs plus views that fail on purpose, for the error-page tests."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from atbalsts.urls import urlpatterns as project_urlpatterns

handler400 = "atbalsts.core.views.error_400"
handler403 = "atbalsts.core.views.error_403"
handler404 = "atbalsts.core.views.error_404"
handler500 = "atbalsts.core.views.error_500"

CANARY = "canary-7f3a-internal-detail"


@login_not_required
def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(CANARY)


@login_not_required
def forbid(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(CANARY)


@login_not_required
def bad_request(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation(CANARY)


@login_not_required
def database_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError(CANARY)


@login_not_required
def connection_closed(request: HttpRequest) -> HttpResponse:
    raise InterfaceError(CANARY)


urlpatterns = [
    path("test-failures/500/", fail),
    path("test-failures/403/", forbid),
    path("test-failures/400/", bad_request),
    path("test-failures/database-down/", database_down),
    path("test-failures/connection-closed/", connection_closed),
    *project_urlpatterns,
]
