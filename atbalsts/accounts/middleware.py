"""Session limits and the mandatory second factor (SECURITY.md SE-1, AU-1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import timezone

from atbalsts.accounts.models import User
from atbalsts.accounts.navigation import second_factor_url
from atbalsts.accounts.services import session_expire
from atbalsts.accounts.sessions import session_end_reason, session_touch


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    # An htmx request would swap the login page into a fragment; ask for a full navigation.
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class SessionLimitMiddleware:
    """Ends a signed-in session after 15 idle minutes or 12 hours in all, on the server.

    The limits come from ``settings.SESSION_IDLE_TIMEOUT`` and
    ``settings.SESSION_ABSOLUTE_LIMIT``; the start and the last request are kept in the
    session. An ended session is flushed, audited (``session_expired``) and the user is sent
    to the login page, which says why.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and user.is_authenticated:
            now = timezone.now()
            reason = session_end_reason(request.session, now=now)
            if reason is not None:
                session_expire(request=request, user=user, reason=reason)
                return _redirect(request, resolve_url(settings.LOGIN_URL))
            session_touch(request.session, now=now)
        return self.get_response(request)


# The only views a session that has passed the password but not the second factor may
# reach. Everything else, including every page added later, needs the second factor.
SECOND_FACTOR_EXEMPT_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:verify",
        "accounts:enrol",
        "set_language",
        "core:csp_report",
    }
)


class SecondFactorRequiredMiddleware:
    """Sends a password-only session to the second-factor step from every other URL.

    It comes after ``LoginRequiredMiddleware`` (which sends anonymous users to the login
    page) and after django_otp's ``OTPMiddleware`` (which provides ``user.is_verified``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or _is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_EXEMPT_VIEWS:
            return None
        # The JSON API authenticates every request by its bearer token and never by the
        # session cookie, so a half-finished browser sign-in has no bearing on it.
        if match is not None and match.app_name == "api":
            return None
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        assert isinstance(user, User)  # noqa: S101 -- authenticated users are always ours
        next_url = request.get_full_path() if request.method == "GET" else None
        return _redirect(request, second_factor_url(user, next_url=next_url))


def _is_verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(callable(is_verified) and is_verified())
