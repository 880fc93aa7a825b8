"""Session limits and the mandatory second factor (docs/security.md SE-1, AU-1)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from atbalsts.accounts.context_processors import is_fully_signed_in
from atbalsts.accounts.drafts import drafted_paths, form_draft_discard, is_draftable_path
from atbalsts.accounts.models import User
from atbalsts.accounts.navigation import safe_next, second_factor_url, with_next
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
                return_to = _page_being_viewed(request)
                session_expire(request=request, user=user, reason=reason)
                return _redirect(request, with_next(resolve_url(settings.LOGIN_URL), return_to))
            if not _is_background(request):
                session_touch(request.session, now=now)
        return self.get_response(request)


@functools.cache
def _background_paths() -> frozenset[str]:
    """What a page's script asks by itself: it is no sign that the person is there.

    Asking how long the session has left and keeping a draft must not extend the session,
    or an unattended page would keep itself signed in. Only "Stay signed in" (a POST to
    the same address as the question) extends it, explicitly.
    """
    return frozenset({reverse("accounts:form_draft"), reverse("accounts:form_draft_discard")})


def _is_background(request: HttpRequest) -> bool:
    return request.path_info in _background_paths() or (
        request.method == "GET" and request.path_info == reverse("accounts:session")
    )


def _page_being_viewed(request: HttpRequest) -> str | None:
    """The page to come back to after signing in again: the one the person was on."""
    if request.path_info in _background_paths() or request.path_info == reverse("accounts:session"):
        candidate = _same_site_path(request, request.headers.get("Referer"))
    elif request.headers.get("HX-Request") == "true":
        candidate = _same_site_path(request, request.headers.get("HX-Current-URL"))
    elif request.method == "GET":
        candidate = request.get_full_path()
    else:
        # A form sent after the session ended: back to the page it was sent from.
        candidate = _same_site_path(request, request.headers.get("Referer"))
    next_url = safe_next(request, candidate)
    # Only a page of the product: never back to a sign-in step or the API.
    if next_url is None or not is_draftable_path(urlsplit(next_url).path):
        return None
    return next_url


def _same_site_path(request: HttpRequest, url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.get_host():
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


class FormDraftMiddleware:
    """Deletes the draft of a page once its form was sent and accepted.

    A form that was accepted answers with a redirect (or, for htmx, an ``HX-Redirect`` or
    ``HX-Location``). Only a form posted to its own page counts: the page it was sent from
    may hold other forms (switching the language, say) whose sending says nothing of the
    draft. Only pages this session knows to have a draft cost a query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method != "POST" or not _is_accepted(response):
            return response
        user = request.user
        # A password-only session is sent to the second factor with a redirect too.
        if not isinstance(user, User) or not is_fully_signed_in(user):
            return response
        if request.path in drafted_paths(request.session):
            form_draft_discard(
                actor=user, session=request.session, paths=[request.path], reason="submitted"
            )
        return response


def _is_accepted(response: HttpResponse) -> bool:
    if response.status_code in {301, 302, 303}:
        return True
    return 200 <= response.status_code < 300 and (
        "HX-Redirect" in response or "HX-Location" in response
    )


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
