"""Writing the audit trail. Every service that changes or reads protected data calls
:func:`audit_record` inside its own transaction, so the event and the change commit together.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from atbalsts.audit.chain import GENESIS_HASH, row_hash, row_seal
from atbalsts.audit.keying import chain_key_or_none
from atbalsts.audit.models import AuditEvent
from atbalsts.core.context import current_request_context

if TYPE_CHECKING:
    from atbalsts.accounts.models import Organisation, User

security_logger = logging.getLogger("atbalsts.security")

# Any constant: the advisory lock that serialises appends to the chain on PostgreSQL.
_CHAIN_LOCK_KEY = 0x61756469


def _lock_chain() -> None:
    # SQLite already serialises writers (IMMEDIATE transactions); PostgreSQL needs a lock so
    # that two concurrent appends cannot both take the same predecessor.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def audit_record(
    *,
    actor: User | None,
    action: str,
    organisation: Organisation | None = None,
    object_type: str = "",
    object_uuid: uuid.UUID | None = None,
    purpose: str = "",
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, within the caller's transaction."""
    context = current_request_context()
    if organisation is None and actor is not None:
        organisation = actor.organisation
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "row_hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        event = AuditEvent(
            seq=seq,
            occurred_at=timezone.now(),
            actor=actor,
            organisation=organisation,
            action=action,
            object_type=object_type,
            object_uuid=object_uuid,
            purpose=purpose,
            request_id=context.request_id if context else "",
            client_ip=context.client_ip if context else None,
            payload=payload or {},
            prev_hash=prev_hash,
        )
        event.row_hash = row_hash(prev_hash, event.chain_fields())
        key = chain_key_or_none()
        if key is not None:
            event.seal = row_seal(key, event.row_hash)
        # Field validation only: the actor and organisation are instances the caller already
        # holds, and the sequence number is unique by construction under the chain lock (and
        # by the database's unique index), so re-checking them would cost four queries on
        # every audited request.
        event.full_clean(
            exclude=["row_hash", "prev_hash", "seal", "actor", "organisation"],
            validate_unique=False,
            validate_constraints=False,
        )
        event.save(force_insert=True)
    return event


def audit_authz_fail(
    *,
    actor: User | None,
    resource_type: str,
    object_uuid: uuid.UUID | None = None,
    reason: str = "",
    page: str = "",
) -> AuditEvent:
    """Record a refused access (docs/security.md AZ-10, LG-4 ``authz_fail``).

    Call it wherever access is refused, just before raising the 404 (or 403):
    ``resource_type`` is a code ("case", "audit_trail"), ``object_uuid`` the opaque identifier
    asked for, ``reason`` a code ("not_in_scope", "missing_capability"), ``page`` the refused
    view's name when a guard shared by many pages refused it. No value of the record, no name
    and no search term goes in. An anonymous visitor is recorded without actor.
    """
    security_logger.warning(
        "authz_fail",
        extra={
            "user_uuid": str(actor.uuid) if actor else None,
            "resource_type": resource_type,
            "object_uuid": str(object_uuid) if object_uuid else None,
            "reason": reason,
            "page": page,
        },
    )
    payload = {"reason": reason, "page": page}
    return audit_record(
        actor=actor,
        action="authz_fail",
        object_type=resource_type,
        object_uuid=object_uuid,
        payload={key: value for key, value in payload.items() if value},
    )


def audit_trail_viewed(
    *,
    actor: User,
    view: str,
    object_uuid: uuid.UUID | None = None,
    filters: list[str] | None = None,
) -> AuditEvent:
    """Reading the trail is itself audited (docs/security.md LG-1): which page, which object and
    the names (not the values) of the filters used."""
    return audit_record(
        actor=actor,
        action="audit_trail_viewed",
        object_type="audit_trail",
        object_uuid=object_uuid,
        payload={"view": view, "filters": sorted(filters or [])},
    )
