from __future__ import annotations

from collections.abc import Iterator

from atbalsts.audit.chain import ChainRow, ChainVerdict, verify_chain
from atbalsts.audit.models import AuditEvent


def _chain_rows(batch_size: int) -> Iterator[ChainRow]:
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        yield ChainRow(
            seq=event.seq,
            prev_hash=event.prev_hash,
            row_hash=event.row_hash,
            fields=event.chain_fields(),
        )


def audit_chain_verdict(*, batch_size: int = 5000) -> ChainVerdict:
    return verify_chain(_chain_rows(batch_size))


def audit_chain_head() -> AuditEvent | None:
    """The last event of the chain, or None while the trail is empty."""
    return AuditEvent.objects.order_by("-seq").only("seq", "row_hash", "occurred_at").first()


def audit_hash_at(seq: int) -> str | None:
    """The stored row hash at position ``seq``, or None if there is no such event."""
    return AuditEvent.objects.filter(seq=seq).values_list("row_hash", flat=True).first()
