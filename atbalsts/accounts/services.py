"""Writes of the accounts context: signing in and out, second-factor devices, session ends.

Each service writes its audit event in the same transaction as its change (docs/style.md). Audit
payloads hold only methods, stages, reasons and counts: never a typed username, a password,
a code or a key.
"""

from __future__ import annotations

import enum
import math
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from atbalsts.accounts.models import (
    BACKUP_CODE_ALPHABET,
    BACKUP_CODE_COUNT,
    BACKUP_CODE_GROUP,
    BACKUP_CODE_LENGTH,
    TOTP_DIGITS,
    TOTP_KEY_BYTES,
    BackupCode,
    BackupCodeDevice,
    Organisation,
    TotpDevice,
    User,
    second_factor_retry_at,
)
from atbalsts.accounts.sessions import ENDED_REASON_KEY, EndReason, session_mark_start
from atbalsts.audit.services import audit_record


class Action(enum.StrEnum):
    LOGIN_SUCCESS = "authn_login_success"
    LOGIN_FAIL = "authn_login_fail"
    LOGIN_LOCK = "authn_login_lock"
    MFA_SUCCESS = "authn_mfa_success"
    MFA_FAIL = "authn_mfa_fail"
    MFA_ENROLLED = "authn_mfa_enrolled"
    MFA_PROVISIONED = "authn_mfa_provisioned"
    BACKUP_CODES_ISSUED = "authn_backup_codes_issued"
    BACKUP_CODE_USED = "authn_backup_code_used"
    LOGOUT = "authn_logout"
    SESSION_EXPIRED = "session_expired"


class Stage(enum.StrEnum):
    PASSWORD = "password"  # noqa: S105 -- the name of a sign-in step, not a secret
    SECOND_FACTOR = "second_factor"


class LockReason(enum.StrEnum):
    # This failure reached the limit and started the cool-off.
    LIMIT_REACHED = "limit_reached"
    # The attempt came during a cool-off and was refused without being checked.
    REFUSED = "refused"


class Method(enum.StrEnum):
    TOTP = "totp"
    BACKUP_CODE = "backup_code"


class Outcome(enum.StrEnum):
    VERIFIED = "verified"
    INVALID = "invalid"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class SecondFactorResult:
    outcome: Outcome
    method: Method
    device: TotpDevice | BackupCodeDevice | None = None
    # For a throttled attempt: when the device checks codes again.
    retry_at: datetime | None = None

    def seconds_to_wait(self, *, now: datetime) -> int:
        if self.retry_at is None:
            return 0
        return max(1, math.ceil((self.retry_at - now).total_seconds()))


class AlreadyEnrolledError(Exception):
    """The user already has a confirmed authenticator; only an administrator can reset it."""


_USER_OBJECT = "accounts.user"
_TOTP_OBJECT = "accounts.totpdevice"
_BACKUP_OBJECT = "accounts.backupcodedevice"


def _plain(payload: dict[str, Any]) -> dict[str, Any]:
    """Enum members as their plain values, so the stored payload is ordinary JSON."""
    return {
        key: value.value if isinstance(value, enum.Enum) else value
        for key, value in payload.items()
    }


def _audit(
    *,
    actor: User | None,
    action: Action,
    object_type: str,
    object_uuid: uuid.UUID | None,
    organisation: Organisation | None = None,
    **payload: Any,
) -> None:
    audit_record(
        actor=actor,
        action=action.value,
        organisation=organisation,
        object_type=object_type,
        object_uuid=object_uuid,
        payload=_plain(payload),
    )


def _user_event(*, actor: User | None, user: User | None, action: Action, **payload: Any) -> None:
    _audit(
        actor=actor,
        action=action,
        organisation=user.organisation if user is not None else None,
        object_type=_USER_OBJECT if user is not None else "",
        object_uuid=user.uuid if user is not None else None,
        **payload,
    )


# --- Password step ---------------------------------------------------------------------------


def user_login(*, request: HttpRequest, user: User) -> None:
    """The password was right: start a password-only session under a new session key.

    ``django.contrib.auth.login`` issues the new key (``cycle_key``) and rotates the CSRF
    token; the second factor is still to come (SecondFactorRequiredMiddleware).
    """
    with transaction.atomic():
        auth_login(request, user)
        # Signing in again with the password alone must not carry over an earlier second
        # factor (Django keeps the session data when the same user signs in again), or the
        # password would renew a session's 12 hours by itself.
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        session_mark_start(request.session, now=timezone.now())
        _user_event(actor=user, user=user, action=Action.LOGIN_SUCCESS, stage=Stage.PASSWORD)


def login_failure_record(*, user: User | None) -> None:
    """A wrong password; ``user`` is None when no such user exists.

    The typed username is never recorded: people sometimes type their password into it.
    """
    with transaction.atomic():
        _user_event(actor=user, user=user, action=Action.LOGIN_FAIL, stage=Stage.PASSWORD)


def login_lockout_record(*, user: User | None, stage: Stage, reason: LockReason) -> None:
    with transaction.atomic():
        _user_event(actor=user, user=user, action=Action.LOGIN_LOCK, stage=stage, reason=reason)


# --- Enrolment -------------------------------------------------------------------------------


def totp_device_create(*, user: User) -> TotpDevice:
    """The user's unconfirmed authenticator, created with a fresh key when there is none."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is not None:
            if device.confirmed:
                raise AlreadyEnrolledError
            return device
        device = TotpDevice(user=user, name="authenticator", confirmed=False)
        device.set_key(secrets.token_bytes(TOTP_KEY_BYTES))
        device.full_clean()
        device.save(force_insert=True)
        return device


def totp_device_confirm(*, user: User, code: str) -> list[str] | None:
    """Confirm the user's new authenticator with a current code.

    Returns the new backup codes (to be shown once), or None when the code is wrong.
    """
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            return None
        if device.confirmed:
            raise AlreadyEnrolledError
        if not device.verify_token(code):
            return None
        device.confirmed = True
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed", "confirmed_at"])
        _audit(
            actor=user,
            action=Action.MFA_ENROLLED,
            object_type=_TOTP_OBJECT,
            object_uuid=device.uuid,
            method=Method.TOTP,
        )
        _audit(
            actor=user,
            action=Action.MFA_SUCCESS,
            object_type=_TOTP_OBJECT,
            object_uuid=device.uuid,
            method=Method.TOTP,
        )
        return _backup_codes_replace(user=user, actor=user)


def _new_backup_code() -> str:
    raw = "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
    groups = range(0, BACKUP_CODE_LENGTH, BACKUP_CODE_GROUP)
    return "-".join(raw[start : start + BACKUP_CODE_GROUP] for start in groups)


def _backup_codes_replace(*, user: User, actor: User | None) -> list[str]:
    device, _created = BackupCodeDevice.objects.select_for_update().get_or_create(
        user=user, defaults={"name": "backup codes", "confirmed": True}
    )
    # Unused old codes stop working; used ones stay as the record of their use.
    device.codes.filter(used_at__isnull=True).delete()
    codes = [_new_backup_code() for _ in range(BACKUP_CODE_COUNT)]
    BackupCode.objects.bulk_create(
        [BackupCode(device=device, code_hash=device.code_hash(code)) for code in codes]
    )
    device.throttle_reset(commit=True)
    _audit(
        actor=actor,
        action=Action.BACKUP_CODES_ISSUED,
        organisation=user.organisation,
        object_type=_BACKUP_OBJECT,
        object_uuid=device.uuid,
        count=len(codes),
    )
    return codes


def backup_codes_issue(*, user: User) -> list[str]:
    """A fresh set of backup codes for ``user``, replacing the unused old ones.

    The codes are returned once, to be shown once; only their keyed hashes are stored.
    """
    with transaction.atomic():
        return _backup_codes_replace(user=user, actor=user)


def second_factor_provision(*, user: User) -> tuple[str, list[str]]:
    """For seed and demo data: a confirmed authenticator and fresh backup codes.

    Keeps an existing confirmed authenticator (an unconfirmed one is replaced, since its key
    may have been shown on an abandoned enrolment page) and returns its base32 key together
    with a new set of backup codes.
    """
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is not None and not device.confirmed:
            device.delete()
            device = None
        if device is None:
            device = TotpDevice(
                user=user, name="authenticator", confirmed=True, confirmed_at=timezone.now()
            )
            device.set_key(secrets.token_bytes(TOTP_KEY_BYTES))
            device.full_clean()
            device.save(force_insert=True)
            _audit(
                actor=None,
                action=Action.MFA_PROVISIONED,
                organisation=user.organisation,
                object_type=_TOTP_OBJECT,
                object_uuid=device.uuid,
                method=Method.TOTP,
            )
        return device.base32_key, _backup_codes_replace(user=user, actor=None)


# --- Second-factor step ----------------------------------------------------------------------


def code_method(code: str) -> Method:
    """Six digits are an authenticator code; anything else is read as a backup code."""
    compact = "".join(code.split())
    if len(compact) == TOTP_DIGITS and compact.isascii() and compact.isdigit():
        return Method.TOTP
    return Method.BACKUP_CODE


def second_factor_verify(*, user: User, code: str) -> SecondFactorResult:
    """Check an authenticator or backup code of ``user`` and record the outcome.

    The device row is locked for the check, so a code cannot be accepted twice by two
    concurrent requests. The caller persists a success in the session (django_otp.login)
    and reports a failure to the lockout (atbalsts.accounts.lockout).
    """
    method = code_method(code)
    compact = "".join(code.split())
    with transaction.atomic():
        device: TotpDevice | BackupCodeDevice | None
        if method is Method.TOTP:
            device = (
                TotpDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
        else:
            device = (
                BackupCodeDevice.objects.select_for_update()
                .filter(user=user, confirmed=True)
                .first()
            )
        retry_at = second_factor_retry_at(device) if device is not None else None
        if retry_at is not None:
            outcome = Outcome.THROTTLED
        elif device is not None and device.verify_token(compact):
            outcome = Outcome.VERIFIED
        else:
            outcome = Outcome.INVALID
        object_type = _TOTP_OBJECT if method is Method.TOTP else _BACKUP_OBJECT
        object_uuid = device.uuid if device is not None else None
        if outcome is Outcome.VERIFIED:
            if isinstance(device, BackupCodeDevice):
                _audit(
                    actor=user,
                    action=Action.BACKUP_CODE_USED,
                    object_type=object_type,
                    object_uuid=object_uuid,
                    remaining=device.unused_count(),
                )
            _audit(
                actor=user,
                action=Action.MFA_SUCCESS,
                object_type=object_type,
                object_uuid=object_uuid,
                method=method,
            )
        else:
            _audit(
                actor=user,
                action=Action.MFA_FAIL,
                object_type=object_type,
                object_uuid=object_uuid,
                method=method,
                reason=outcome,
            )
    return SecondFactorResult(
        outcome=outcome,
        method=method,
        device=device if outcome is Outcome.VERIFIED else None,
        retry_at=retry_at,
    )


# --- Ending sessions -------------------------------------------------------------------------


def user_logout(*, request: HttpRequest, user: User) -> None:
    """Sign out: flush the server-side session (a new, empty one takes its key's place)."""
    with transaction.atomic():
        _user_event(actor=user, user=user, action=Action.LOGOUT)
        auth_logout(request)


def session_expire(*, request: HttpRequest, user: User, reason: EndReason) -> None:
    """End a session that outlived a limit, and leave the reason for the login page."""
    with transaction.atomic():
        _user_event(actor=user, user=user, action=Action.SESSION_EXPIRED, reason=reason)
        auth_logout(request)
    request.session[ENDED_REASON_KEY] = reason.value


def second_factor_lockout_end(*, request: HttpRequest, user: User, reason: LockReason) -> None:
    """A lockout reached the second-factor step: record it and end the half-open session."""
    with transaction.atomic():
        _user_event(
            actor=user,
            user=user,
            action=Action.LOGIN_LOCK,
            stage=Stage.SECOND_FACTOR,
            reason=reason,
        )
        auth_logout(request)
