"""Signing in (password, then the second factor), enrolment, signing out, the lockout page."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import segno
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from atbalsts.accounts import drafts, services, stepup, texts
from atbalsts.accounts.forms import CodeForm, LoginForm
from atbalsts.accounts.lockout import is_locked_out, second_factor_failure_count
from atbalsts.accounts.models import TotpDevice, User
from atbalsts.accounts.navigation import (
    NEXT_FIELD,
    after_login_url,
    safe_next,
    second_factor_url,
)
from atbalsts.accounts.services import LockReason, Outcome, Stage
from atbalsts.accounts.sessions import idle_seconds_left, session_extend, session_pop_end_reason

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def _next(request: HttpRequest) -> str | None:
    return safe_next(request, request.POST.get(NEXT_FIELD) or request.GET.get(NEXT_FIELD))


def _is_verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(callable(is_verified) and is_verified())


def _signed_in_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 -- LoginRequiredMiddleware let only users in
    return user


def _find_user(username: str) -> User | None:
    """The account a failed attempt was aimed at, for the audit trail only."""
    return User.objects.filter(username__iexact=username).first()


@sensitive_post_parameters("password")
@sensitive_variables("password")
@login_not_required
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next(request)
    if request.user.is_authenticated and request.method == "GET":
        if _is_verified(request):
            return redirect(after_login_url(next_url))
        return redirect(second_factor_url(_signed_in_user(request), next_url=next_url))

    ended = session_pop_end_reason(request.session) if request.method == "GET" else None
    form = LoginForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        username = form.cleaned_data["username"]
        password = form.cleaned_data["password"]
        was_locked = is_locked_out(request, username=username)
        user = authenticate(request, username=username, password=password)
        if isinstance(user, User):
            services.user_login(request=request, user=user)
            return redirect(second_factor_url(user, next_url=next_url))
        target = _find_user(username)
        if was_locked:
            services.login_lockout_record(
                user=target, stage=Stage.PASSWORD, reason=LockReason.REFUSED
            )
            return lockout_response(request)
        services.login_failure_record(user=target)
        if getattr(request, "axes_locked_out", False):
            services.login_lockout_record(
                user=target, stage=Stage.PASSWORD, reason=LockReason.LIMIT_REACHED
            )
            return lockout_response(request)
        # Unknown user and wrong password: the same status, page and message (AU-6), and
        # the typed username is not echoed back (it might be the password).
        form = LoginForm()
        form.set_error("password", texts.INVALID_CREDENTIALS)
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "ended_message": ended.message if ended is not None else None,
            "next": next_url,
        },
    )


def _qr_data_uri(device: TotpDevice) -> str:
    return str(
        segno.make(device.config_url(), error="m").svg_data_uri(scale=5, border=4, omitsize=True)
    )


def _grouped(secret: str, size: int = 4) -> str:
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    """First sign-in: add an authenticator app, confirm it with a code, see the backup codes."""
    user = _signed_in_user(request)
    next_url = _next(request)
    if _is_verified(request):
        return redirect(after_login_url(next_url))
    try:
        device = services.totp_device_create(user=user)
    except services.AlreadyEnrolledError:
        return redirect(second_factor_url(user, next_url=next_url))

    form = CodeForm(
        request.POST if request.method == "POST" else None, help_text=texts.ENROL_CODE_HELP
    )
    if form.is_valid():
        codes = services.totp_device_confirm(user=user, code=form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            _second_factor_passed(request, device)
            # Shown in this response only: the codes are never stored in plaintext, not even
            # in the session, so there is nothing to show them from again.
            return render(
                request,
                "accounts/backup_codes.html",
                {
                    "codes": codes,
                    "continue_url": after_login_url(next_url),
                    "shown_once_message": texts.BACKUP_CODES_SHOWN_ONCE,
                },
            )
        form = CodeForm(help_text=texts.ENROL_CODE_HELP)
        form.set_error("code", texts.INVALID_CODE)
    secret = device.base32_key
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr_data_uri": _qr_data_uri(device),
            "secret": _grouped(secret),
            "issuer": getattr(settings, "OTP_TOTP_ISSUER", "Atbalsts"),
            "next": next_url,
        },
    )


def _second_factor_passed(request: HttpRequest, device: Any) -> None:
    otp_login(request, device)
    # A new session key after the second factor too (docs/security.md SE-2).
    request.session.cycle_key()
    rotate_token(request)
    # The pages left with a draft when an earlier session ended offer it back.
    drafts.form_drafts_remember(
        session=request.session, actor=_signed_in_user(request), now=timezone.now()
    )


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    """The second factor: a code from the authenticator app or one backup code."""
    user = _signed_in_user(request)
    next_url = _next(request)
    if _is_verified(request):
        return redirect(after_login_url(next_url))
    if not TotpDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(second_factor_url(user, next_url=next_url))

    form = CodeForm(
        request.POST if request.method == "POST" else None, help_text=texts.VERIFY_CODE_HELP
    )
    if request.method == "POST" and is_locked_out(request, username=user.username):
        services.second_factor_lockout_end(request=request, user=user, reason=LockReason.REFUSED)
        return lockout_response(request)
    if form.is_valid():
        result = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        if result.outcome is Outcome.VERIFIED:
            _second_factor_passed(request, result.device)
            return redirect(after_login_url(next_url))
        # A throttled attempt checked no code, so it does not count towards the lockout.
        if result.outcome is Outcome.INVALID and second_factor_failure_count(
            request, username=user.username
        ):
            services.second_factor_lockout_end(
                request=request, user=user, reason=LockReason.LIMIT_REACHED
            )
            return lockout_response(request)
        message = (
            texts.code_throttled(result.seconds_to_wait(now=timezone.now()))
            if result.outcome is Outcome.THROTTLED
            else texts.INVALID_CODE
        )
        form = CodeForm(help_text=texts.VERIFY_CODE_HELP)
        form.set_error("code", message)
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only): flush the session and tell the browser to forget this site."""
    services.user_logout(request=request, user=_signed_in_user(request))
    response = redirect(settings.LOGOUT_REDIRECT_URL)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: Any = None,
    *args: Any,
    **kwargs: Any,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the page shown during a cool-off, with status 429."""
    cool_off = settings.AXES_COOLOFF_TIME
    response = render(
        request,
        "accounts/lockout.html",
        {"message": texts.LOCKOUT_MESSAGE},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


@sensitive_post_parameters("password", "code")
@sensitive_variables("password")
@require_http_methods(["GET", "POST"])
def reauthenticate_view(request: HttpRequest) -> HttpResponse:
    """Step-up (docs/security.md SE-5): the password and a second-factor code once more.

    Failures count towards the same lockout as signing in; a lockout ends the session.
    """
    user = _signed_in_user(request)
    next_url = _next(request)
    form = stepup.ReauthenticateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and is_locked_out(request, username=user.username):
        services.second_factor_lockout_end(request=request, user=user, reason=LockReason.REFUSED)
        return lockout_response(request)
    if form.is_valid():
        password = form.cleaned_data["password"]
        checked = authenticate(request, username=user.username, password=password)
        if not isinstance(checked, User) or checked.pk != user.pk:
            services.login_failure_record(user=user)
            if getattr(request, "axes_locked_out", False):
                services.second_factor_lockout_end(
                    request=request, user=user, reason=LockReason.LIMIT_REACHED
                )
                return lockout_response(request)
            message: str | _StrPromise = stepup.REAUTHENTICATE_INVALID
        else:
            result = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
            if result.outcome is Outcome.VERIFIED:
                stepup.reauthentication_record(request=request, user=user, method=result.method)
                return redirect(after_login_url(next_url))
            if result.outcome is Outcome.INVALID and second_factor_failure_count(
                request, username=user.username
            ):
                services.second_factor_lockout_end(
                    request=request, user=user, reason=LockReason.LIMIT_REACHED
                )
                return lockout_response(request)
            message = (
                texts.code_throttled(result.seconds_to_wait(now=timezone.now()))
                if result.outcome is Outcome.THROTTLED
                else stepup.REAUTHENTICATE_INVALID
            )
        form = stepup.ReauthenticateForm()
        form.set_error("password", message)
    return render(
        request,
        "accounts/reauthenticate.html",
        {"form": form, "next": next_url, "explanation": stepup.REAUTHENTICATE_EXPLANATION},
    )


# --- Staying signed in and drafts ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def session_view(request: HttpRequest) -> HttpResponse:
    """How long this session has left: GET only asks, POST ("Stay signed in") extends it."""
    now = timezone.now()
    if request.method == "POST":
        session_extend(request.session, now=now)
    return JsonResponse({"idle_seconds_left": idle_seconds_left(request.session, now=now)})


def _json_error(status: int) -> JsonResponse:
    return JsonResponse({"error": status}, status=status)


@require_http_methods(["GET", "POST"])
def form_draft_view(request: HttpRequest) -> HttpResponse:
    """GET ?path=: the user's own draft of that page. POST: keep a draft (JSON)."""
    if request.method == "GET":
        return _form_draft_get(request)
    return _form_draft_post(request)


def _form_draft_get(request: HttpRequest) -> HttpResponse:
    path = request.GET.get("path", "")
    if not drafts.is_draftable_path(path):
        return _json_error(400)
    draft = drafts.form_draft_for(actor=_signed_in_user(request), path=path, now=timezone.now())
    if draft is None:
        return _json_error(404)
    return JsonResponse(
        {"saved_at": draft.saved_at.isoformat(), "forms": drafts.form_draft_content(draft)}
    )


@sensitive_variables("body", "forms")
def _form_draft_post(request: HttpRequest) -> HttpResponse:
    if int(request.META.get("CONTENT_LENGTH") or 0) > drafts.FORM_DRAFT_MAX_BYTES:
        return _json_error(413)
    try:
        body = json.loads(request.body)
        if not isinstance(body, dict) or not isinstance(body.get("path"), str):
            return _json_error(400)
        forms = drafts.draft_forms_parse(body.get("forms"))
        drafts.form_draft_save(
            actor=_signed_in_user(request),
            session=request.session,
            path=body["path"],
            forms=forms,
            now=timezone.now(),
        )
    except ValueError:  # DraftError and JSONDecodeError are ValueErrors
        return _json_error(400)
    return HttpResponse(status=204)


@require_POST
def form_draft_discard_view(request: HttpRequest) -> HttpResponse:
    """The user chose not to restore the draft of a page: delete it."""
    path = request.POST.get("path", "")
    if not drafts.is_draftable_path(path):
        return _json_error(400)
    drafts.form_draft_discard(
        actor=_signed_in_user(request), session=request.session, paths=[path], reason="discarded"
    )
    return HttpResponse(status=204)
