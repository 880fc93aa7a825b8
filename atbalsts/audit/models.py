from __future__ import annotations

import uuid
from datetime import UTC
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core.protection import Protection


class AppendOnlyError(Exception):
    """Audit events are never changed or removed."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be updated.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One append-only, hash-chained entry of the audit trail (docs/security.md LG-1, LG-2).

    The payload never holds special-category plaintext (LG-3): services put codes, counts
    and identifiers in it, never names, addresses or free text.
    """

    seq = models.BigIntegerField(unique=True, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_uuid = models.UUIDField(null=True, blank=True)
    purpose = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    row_hash = models.CharField(max_length=64, editable=False)
    # HMAC of row_hash with the chain key (atbalsts/audit/chain.py); empty only for events
    # written before the key existed.
    seal = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "seq": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "occurred_at": Protection.P1_INTERNAL,
        "actor": Protection.P2_PERSONAL,
        "organisation": Protection.P1_INTERNAL,
        "action": Protection.P1_INTERNAL,
        "object_type": Protection.P1_INTERNAL,
        "object_uuid": Protection.P1_INTERNAL,
        "purpose": Protection.P2_PERSONAL,
        "request_id": Protection.P1_INTERNAL,
        "client_ip": Protection.P2_PERSONAL,
        "payload": Protection.P2_PERSONAL,
        "prev_hash": Protection.P1_INTERNAL,
        "row_hash": Protection.P1_INTERNAL,
        "seal": Protection.P1_INTERNAL,
    }

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_uuid", "seq"], name="audit_object_idx"),
            models.Index(fields=["actor", "seq"], name="audit_actor_idx"),
            models.Index(fields=["action", "occurred_at"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def chain_fields(self) -> dict[str, Any]:
        return chain_fields_of(
            seq=self.seq,
            uuid_=self.uuid,
            occurred_at=self.occurred_at,
            actor_id=self.actor_id,
            organisation_id=self.organisation_id,
            action=self.action,
            object_type=self.object_type,
            object_uuid=self.object_uuid,
            purpose=self.purpose,
            request_id=self.request_id,
            client_ip=self.client_ip,
            payload=self.payload,
        )


# The columns of an event the chain covers, with its two hashes and its seal: in this order
# wherever events are read or written in bulk.
CHAIN_COLUMNS = (
    "seq",
    "uuid",
    "occurred_at",
    "actor_id",
    "organisation_id",
    "action",
    "object_type",
    "object_uuid",
    "purpose",
    "request_id",
    "client_ip",
    "payload",
    "prev_hash",
    "row_hash",
    "seal",
)


def chain_fields_of(
    *,
    seq: int,
    uuid_: uuid.UUID,
    occurred_at: Any,
    actor_id: int | None,
    organisation_id: int | None,
    action: str,
    object_type: str,
    object_uuid: uuid.UUID | None,
    purpose: str,
    request_id: str,
    client_ip: str | None,
    payload: Any,
) -> dict[str, Any]:
    """The exact values the hash covers, in forms that survive a database round trip."""
    return {
        "seq": seq,
        "uuid": str(uuid_),
        "at": occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": actor_id,
        "org": organisation_id,
        "action": action,
        "object_type": object_type,
        "object_uuid": str(object_uuid) if object_uuid else None,
        "purpose": purpose,
        "request_id": request_id,
        "ip": client_ip,
        "payload": payload,
    }
