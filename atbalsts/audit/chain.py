"""The hash chain over audit events (docs/security.md LG-2), as pure functions.

Each event's hash covers the previous event's hash and a canonical JSON of the event, so an
edited, deleted or reordered event breaks every link from that position on, and
verification names the first broken position.

A plain hash can be recomputed by anyone who can write the table, so each event also carries
a seal: an HMAC-SHA256, with the chain key kept outside the database, of its row hash (which
itself covers the event's canonical bytes and, through the previous hash, every earlier
event). Rewriting an event and re-hashing every later one then leaves the seals unmatched
from the rewritten position on. Events from ``keyed_from`` on must be sealed; earlier ones,
written before the key existed, are checked by the plain chain and the anchors alone.
Sealing the 64-character row hash rather than the canonical bytes again keeps the cost of
verification at about one hash of each event.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_bytes(fields: Mapping[str, Any]) -> bytes:
    return json.dumps(
        fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def row_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    digest = hashlib.sha256(prev_hash.encode("ascii"))
    digest.update(canonical_bytes(fields))
    return digest.hexdigest()


def row_seal(key: bytes, row_hash_: str) -> str:
    """The keyed seal of one event: HMAC-SHA256 of its row hash with the chain key."""
    return hmac.digest(key, row_hash_.encode("ascii"), "sha256").hex()


def sealer(key: bytes) -> Callable[[str], str]:
    """:func:`row_seal` for many events: the keyed state is set up once and copied, which
    halves the cost of each seal."""
    keyed = hmac.new(key, digestmod="sha256")

    def seal(row_hash_: str) -> str:
        mac = keyed.copy()
        mac.update(row_hash_.encode("ascii"))
        return mac.hexdigest()

    return seal


@dataclass(frozen=True)
class ChainRow:
    seq: int
    prev_hash: str
    row_hash: str
    fields: Mapping[str, Any]
    seal: str = ""


@dataclass(frozen=True)
class ChainVerdict:
    is_intact: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""
    head_hash: str = GENESIS_HASH


def verify_chain(rows: Iterable[ChainRow], *, key: bytes, keyed_from: int = 1) -> ChainVerdict:
    """Check rows in ascending ``seq`` order; positions start at 1.

    Every event from ``keyed_from`` on, and every event after the first sealed one, must
    carry the seal made with ``key``: removing seals cannot hide a rewrite either.
    """
    expected_seq = 1
    is_sealing = False
    seal_of = sealer(key)
    previous = GENESIS_HASH
    checked = 0
    for row in rows:
        if row.seq != expected_seq:
            return ChainVerdict(
                False, checked, expected_seq, f"event {expected_seq} is missing or out of order"
            )
        if row.prev_hash != previous:
            return ChainVerdict(False, checked, row.seq, "the link to the previous event is broken")
        if row_hash(row.prev_hash, row.fields) != row.row_hash:
            return ChainVerdict(
                False, checked, row.seq, "the event's content does not match its hash"
            )
        if row.seal:
            if not hmac.compare_digest(row.seal, seal_of(row.row_hash)):
                return ChainVerdict(
                    False, checked, row.seq, "the event's seal does not match the chain key"
                )
            is_sealing = True
        elif is_sealing or row.seq >= keyed_from:
            return ChainVerdict(False, checked, row.seq, "the event has no seal")
        previous = row.row_hash
        expected_seq += 1
        checked += 1
    return ChainVerdict(True, checked, head_hash=previous)
