from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from atbalsts.core.context import RequestContext, reset_request_context, set_request_context


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, seen through ``PROXY_COUNT`` trusted proxies.

    Every proxy appends the address it was reached from to X-Forwarded-For, so behind N
    proxies the client is the N-th address from the right; anything left of it was written
    by the client and is not trusted. With no proxy configured, or a header shorter than the
    proxies it should have passed (a request that went around them), REMOTE_ADDR is the
    address. The lockout (AU-4) counts failures per this address: behind a proxy,
    REMOTE_ADDR would put every user on one address and lock a caseworker out for everyone.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies: int = settings.PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return str(remote) if remote else None
    return str(remote) if remote else None


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
    """Cache-Control: no-store on every dynamic response (docs/security.md DP-5).

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
