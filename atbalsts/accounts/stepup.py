"""Step-up re-authentication (docs/security.md SE-5): a fresh password and second factor before
an action that must not ride on an old session, such as the emergency override of consent.

The moment of the last full authentication is kept in the session: the sign-in (its start,
which is earlier than its second factor and so errs on the safe side) or the last
re-authentication. Times come from ``django.utils.timezone.now`` so tests can travel.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Concatenate, ParamSpec, cast

from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.forms import AccessibleForm
from atbalsts.accounts.models import User
from atbalsts.accounts.navigation import with_next
from atbalsts.accounts.services import Method
from atbalsts.accounts.sessions import LOGIN_AT_KEY
from atbalsts.audit.services import audit_record

REAUTHENTICATED_AT_KEY = "atbalsts_reauthenticated_at"
RECENT_AUTHENTICATION_MAX_AGE = timedelta(minutes=5)
REAUTHENTICATED_ACTION = "authn_reauthenticated"

# What the re-authentication page says, shared with the tests.
REAUTHENTICATE_INVALID = _("The password or the code is incorrect.")
REAUTHENTICATE_EXPLANATION = _(
    "This action needs you to confirm who you are again: enter your password and a new code "
    "from your authenticator app."
)

P = ParamSpec("P")
_View = Callable[Concatenate[HttpRequest, P], HttpResponse]


def last_authenticated_at(session: SessionBase) -> float | None:
    """The timestamp of the session's last full authentication, or None if it has none."""
    moments = [
        value
        for value in (session.get(LOGIN_AT_KEY), session.get(REAUTHENTICATED_AT_KEY))
        if isinstance(value, int | float)
    ]
    return max(moments) if moments else None


def is_recently_authenticated(
    session: SessionBase,
    *,
    now: datetime,
    max_age: timedelta = RECENT_AUTHENTICATION_MAX_AGE,
) -> bool:
    moment = last_authenticated_at(session)
    return moment is not None and now.timestamp() - moment < max_age.total_seconds()


def reauthentication_record(*, request: HttpRequest, user: User, method: Method) -> None:
    """Password and second factor were confirmed again: note the moment and audit it."""
    with transaction.atomic():
        audit_record(
            actor=user,
            action=REAUTHENTICATED_ACTION,
            object_type="accounts.user",
            object_uuid=user.uuid,
            payload={"method": method.value},
        )
        request.session[REAUTHENTICATED_AT_KEY] = timezone.now().timestamp()


class ReauthenticateForm(AccessibleForm):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("Six digits from the app, or a backup code such as 1234-5678-9012."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )


def reauthenticate_url(next_url: str) -> str:
    return with_next(reverse("accounts:reauthenticate"), next_url)


def require_recent_authentication(
    max_age: timedelta = RECENT_AUTHENTICATION_MAX_AGE,
) -> Callable[[_View[P]], _View[P]]:
    """Run the view only if the user fully authenticated within ``max_age``; otherwise send
    them to confirm their password and code, and back to this address afterwards."""

    def decorator(view: _View[P]) -> _View[P]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not is_recently_authenticated(request.session, now=timezone.now(), max_age=max_age):
                return redirect(reauthenticate_url(request.get_full_path()))
            return view(request, *args, **kwargs)

        return cast("_View[P]", wrapped)

    return decorator
