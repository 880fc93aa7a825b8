"""Writes of the API app: issuing, revoking and using tokens, each with its audit event."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atbalsts.accounts.models import User
from atbalsts.api.models import ApiToken
from atbalsts.api.tokens import token_hash, token_new, token_prefix
from atbalsts.audit.services import audit_record

_OBJECT_TYPE = "api_token"


def api_token_issue(
    *,
    actor: User | None,
    user: User,
    name: str,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Issue a token for ``user``; return it with the raw token, which is never stored.

    ``actor`` is None when an operator issues the token at the command line.
    """
    if not user.is_active:
        raise ValidationError({"user": _("A token cannot be issued to an inactive user.")})
    raw = token_new()
    token = ApiToken(
        user=user,
        name=name,
        token_hash=token_hash(raw),
        prefix=token_prefix(raw),
        expires_at=expires_at,
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
        audit_record(
            actor=actor,
            action="api_token_issued",
            organisation=user.organisation,
            object_type=_OBJECT_TYPE,
            object_uuid=token.uuid,
            payload={"user": str(user.uuid), "prefix": token.prefix},
        )
    return token, raw


def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Revoke a token from now on; revoking a revoked token changes nothing."""
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token_revoked",
            organisation=token.user.organisation,
            object_type=_OBJECT_TYPE,
            object_uuid=token.uuid,
            payload={"user": str(token.user.uuid), "prefix": token.prefix},
        )
    return token


def api_call_record(*, token: ApiToken, endpoint: str) -> None:
    """Note an authorised API call: the token's last use and a ``rules_api_call`` event.

    The payload names the endpoint only; request bodies (screening answers) stay out of the
    audit trail (docs/security.md LG-3).
    """
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        audit_record(
            actor=token.user,
            action="rules_api_call",
            object_type=_OBJECT_TYPE,
            object_uuid=token.uuid,
            payload={"endpoint": endpoint},
        )


def api_call_refused(*, token: ApiToken, endpoint: str) -> None:
    """A valid token whose holder may not use the API (docs/security.md AZ-10: ``authz_fail``)."""
    audit_record(
        actor=token.user,
        action="authz_fail",
        object_type=_OBJECT_TYPE,
        object_uuid=token.uuid,
        payload={"endpoint": endpoint, "reason": "capability"},
    )
