"""Bearer tokens for the JSON API.

Only the SHA-256 of a token is stored: the token itself is shown once, when it is issued.
A 32-byte random token has far more entropy than a guess can cover, so a fast unsalted hash
is enough and lets a request find its token by an indexed lookup instead of a scan.

Every token starts with :data:`TOKEN_MARKER`, so a token pasted into a ticket, a log or a
repository is recognised by secret scanners, and never starts with "-" (which command
lines would take for an option). Tokens issued before the marker have none; they keep
working, and their prefix is their first 8 characters.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core.protection import Protection

TOKEN_MARKER = "atb_"  # noqa: S105 - the public marker of every token, not a secret
# The marker and the first 8 random characters: what operators see and name a token by.
TOKEN_PREFIX_LENGTH = len(TOKEN_MARKER) + 8


class ApiToken(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=TOKEN_PREFIX_LENGTH, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "user": Protection.P1_INTERNAL,
        "name": Protection.P1_INTERNAL,
        # A one-way hash of a high-entropy secret: useless without the token itself.
        "token_hash": Protection.P1_INTERNAL,
        "prefix": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
        "last_used_at": Protection.P1_INTERNAL,
        "revoked_at": Protection.P1_INTERNAL,
        "expires_at": Protection.P1_INTERNAL,
    }

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    def is_usable_at(self, moment: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or moment < self.expires_at)
