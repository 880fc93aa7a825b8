"""Anchors of the audit chain outside the database (docs/security.md LG-2).

An anchor is the chain head at one moment — position, row hash, time — signed with an HMAC
key that is not in the database, and appended as one JSON line to a file that is not in the
database either. Someone able to rewrite the table and re-hash it from end to end still
cannot make it match an anchor taken before: :func:`check_anchors` names the first anchored
position whose hash differs. Pure functions; the key and the hashes are parameters.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from atbalsts.audit.chain import canonical_bytes


@dataclass(frozen=True)
class Anchor:
    seq: int
    row_hash: str
    occurred_at: str
    anchored_at: str

    def signed_fields(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "row_hash": self.row_hash,
            "occurred_at": self.occurred_at,
            "anchored_at": self.anchored_at,
        }


class AnchorError(ValueError):
    """An anchor line that cannot be read or whose signature does not match."""


def key_id(key: bytes) -> str:
    """A short, non-secret name of the key, so that a rotated key is recognised."""
    return hashlib.sha256(b"audit-anchor-key-id" + key).hexdigest()[:12]


def _mac(key: bytes, anchor: Anchor) -> str:
    return hmac.new(key, canonical_bytes(anchor.signed_fields()), hashlib.sha256).hexdigest()


def anchor_line(anchor: Anchor, *, key: bytes) -> str:
    """The JSON line written to the anchor file."""
    record = {**anchor.signed_fields(), "key_id": key_id(key), "mac": _mac(key, anchor)}
    return json.dumps(record, sort_keys=True, separators=(",", ":"))


def parse_anchor_line(line: str, *, key: bytes, number: int) -> Anchor:
    """Read one line and check its signature; ``number`` is its line number, for messages."""
    try:
        record = json.loads(line)
        anchor = Anchor(
            seq=int(record["seq"]),
            row_hash=str(record["row_hash"]),
            occurred_at=str(record["occurred_at"]),
            anchored_at=str(record["anchored_at"]),
        )
        mac = str(record["mac"])
    except (ValueError, KeyError, TypeError) as error:
        raise AnchorError(f"anchor line {number} cannot be read") from error
    if not hmac.compare_digest(mac, _mac(key, anchor)):
        raise AnchorError(f"anchor line {number} is not signed with the anchor key")
    return anchor


def make_anchor(*, seq: int, row_hash: str, occurred_at: datetime, now: datetime) -> Anchor:
    return Anchor(
        seq=seq,
        row_hash=row_hash,
        occurred_at=occurred_at.isoformat(),
        anchored_at=now.isoformat(),
    )


@dataclass(frozen=True)
class AnchorVerdict:
    is_intact: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""


def check_anchors(anchors: Iterable[Anchor], hash_at: Callable[[int], str | None]) -> AnchorVerdict:
    """Every anchored position must still hold the anchored hash; name the first that does not."""
    checked = 0
    for anchor in sorted(anchors, key=lambda item: item.seq):
        current = hash_at(anchor.seq)
        if current is None:
            return AnchorVerdict(
                False, checked, anchor.seq, "the anchored event is missing (truncated chain)"
            )
        if not hmac.compare_digest(current, anchor.row_hash):
            return AnchorVerdict(
                False, checked, anchor.seq, "the event no longer has its anchored hash"
            )
        checked += 1
    return AnchorVerdict(True, checked)
