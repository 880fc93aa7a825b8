from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from atbalsts.core.context import RequestContext, reset_request_context, set_request_context


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: a forwarded header is trusted solely where a proxy overwrites it,
    # and the deployment sets that up in the proxy, not here.
    value = request.META.get("REMOTE_ADDR")
    return str(value) if value else None


class RequestContextMiddleware:
    """Gives every request an id (echoed as X-Request-ID) for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = set_request_context(
            RequestContext(request_id=request_id, client_ip=client_ip(request))
        )
        try:
            response = self.get_response(request)
        finally:
            reset_request_context(token)
        response["X-Request-ID"] = request_id
        return response


class NoStoreMiddleware:
    """Cache-Control: no-store on every dynamic response (SECURITY.md DP-5).

    Signed-in pages must never be kept by a shared or a browser cache, and even the login
    form carries a session-bound CSRF token. Static files never reach this middleware:
    WhiteNoise answers them first, with their own long-lived caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
