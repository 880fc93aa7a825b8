"""The hash chain over audit events (SECURITY.md LG-2), as pure functions.

Each event's hash covers the previous event's hash and a canonical JSON of the event, so an
edited, deleted or reordered event breaks every link from that position on, and
verification names the first broken position.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
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


@dataclass(frozen=True)
class ChainRow:
    seq: int
    prev_hash: str
    row_hash: str
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class ChainVerdict:
    is_intact: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""
    head_hash: str = GENESIS_HASH


def verify_chain(rows: Iterable[ChainRow]) -> ChainVerdict:
    """Check rows in ascending ``seq`` order; positions start at 1."""
    expected_seq = 1
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
        previous = row.row_hash
        expected_seq += 1
        checked += 1
    return ChainVerdict(True, checked, head_hash=previous)
