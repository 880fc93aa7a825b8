from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from atbalsts.access.policy import Capability, can
from atbalsts.audit.chain import ChainRow, ChainVerdict, verify_chain
from atbalsts.audit.keying import chain_key
from atbalsts.audit.models import CHAIN_COLUMNS, AuditEvent, chain_fields_of
from atbalsts.audit.objects import CodeMatch, objects_for_code, parse_code

if TYPE_CHECKING:
    from atbalsts.accounts.models import User


def _chain_rows(batch_size: int) -> Iterator[ChainRow]:
    # Plain rows, not model instances: verification reads every event there is.
    rows = AuditEvent.objects.order_by("seq").values_list(*CHAIN_COLUMNS)
    for (
        seq,
        uuid_,
        occurred_at,
        actor_id,
        organisation_id,
        action,
        object_type,
        object_uuid,
        purpose,
        request_id,
        client_ip,
        payload,
        prev_hash,
        row_hash,
        seal,
    ) in rows.iterator(chunk_size=batch_size):
        yield ChainRow(
            seq=seq,
            prev_hash=prev_hash,
            row_hash=row_hash,
            seal=seal,
            fields=chain_fields_of(
                seq=seq,
                uuid_=uuid_,
                occurred_at=occurred_at,
                actor_id=actor_id,
                organisation_id=organisation_id,
                action=action,
                object_type=object_type,
                object_uuid=object_uuid,
                purpose=purpose,
                request_id=request_id,
                client_ip=client_ip,
                payload=payload,
            ),
        )


def audit_chain_verdict(*, batch_size: int = 5000) -> ChainVerdict:
    """The whole chain checked, seals included; ImproperlyConfigured without the chain key."""
    return verify_chain(
        _chain_rows(batch_size), key=chain_key(), keyed_from=settings.AUDIT_CHAIN_KEYED_FROM
    )


def audit_chain_head() -> AuditEvent | None:
    """The last event of the chain, or None while the trail is empty."""
    return AuditEvent.objects.order_by("-seq").only("seq", "row_hash", "occurred_at").first()


def audit_hash_at(seq: int) -> str | None:
    """The stored row hash at position ``seq``, or None if there is no such event."""
    return AuditEvent.objects.filter(seq=seq).values_list("row_hash", flat=True).first()


def audit_events_for(
    *,
    actor: User,
    object_uuid: uuid.UUID | None = None,
    object_uuids: Collection[uuid.UUID] | None = None,
    username: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events the data-protection officer searches, newest first; empty for anyone else.

    ``object_uuids`` (the records found for a code) narrows to events about any of them; an
    empty collection finds nothing."""
    if not can(actor.role, Capability.VIEW_AUDIT_TRAIL):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("actor", "organisation").order_by("-seq")
    if object_uuid is not None:
        events = events.filter(object_uuid=object_uuid)
    if object_uuids is not None:
        events = events.filter(object_uuid__in=list(object_uuids))
    if username:
        events = events.filter(actor__username=username)
    if action:
        events = events.filter(action=action)
    zone = timezone.get_current_timezone()
    if date_from is not None:
        start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone)
        events = events.filter(occurred_at__gte=start)
    if date_to is not None:
        end = datetime.datetime.combine(
            date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        events = events.filter(occurred_at__lt=end)
    return events


def audit_object_search(text: str) -> CodeMatch:
    """The records the officer means by what was typed: an identifier, a case code (AT-…) or
    a person reference (P-…), in any letter case and spacing. Only codes are compared; no
    identity is decrypted."""
    try:
        record = uuid.UUID(text.strip())
    except ValueError:
        code = parse_code(text)
        return objects_for_code(code) if code else CodeMatch(record=None, objects=[])
    return CodeMatch(record=record, objects=[record])
