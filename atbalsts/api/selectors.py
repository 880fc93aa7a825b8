"""Reads of the API app."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from atbalsts.api.models import ApiToken
from atbalsts.api.tokens import token_hash


def api_token_for_raw(raw: str) -> ApiToken | None:
    """The usable token a request presents, or None: unknown, revoked, expired, or its
    user deactivated. One indexed lookup on the hash, never a scan."""
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(token_hash=token_hash(raw))
        .first()
    )
    if token is None or not token.is_usable_at(timezone.now()) or not token.user.is_active:
        return None
    return token


def api_tokens_with_prefix(prefix: str) -> QuerySet[ApiToken]:
    """For operators at the command line, who identify a token by its first characters."""
    return ApiToken.objects.select_related("user", "user__organisation").filter(prefix=prefix)
