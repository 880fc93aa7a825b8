"""Where a signing-in user goes next."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from atbalsts.accounts.models import TotpDevice, User

NEXT_FIELD = "next"


def safe_next(request: HttpRequest, value: str | None) -> str | None:
    """``value`` if it is a local path of this site, else None (no open redirect)."""
    if not value:
        return None
    if url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and value.startswith("/"):
        return value
    return None


def with_next(url: str, next_url: str | None) -> str:
    return f"{url}?{urlencode({NEXT_FIELD: next_url})}" if next_url else url


def second_factor_url(user: User, *, next_url: str | None = None) -> str:
    """The verification page, or the enrolment page for a user without an authenticator."""
    has_authenticator = TotpDevice.objects.filter(user=user, confirmed=True).exists()
    name = "accounts:verify" if has_authenticator else "accounts:enrol"
    return with_next(reverse(name), next_url)


def after_login_url(next_url: str | None) -> str:
    return next_url or resolve_url(settings.LOGIN_REDIRECT_URL)
