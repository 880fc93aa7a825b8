"""One verification of the audit trail for every caller (docs/security.md LG-2): the keyed hash
chain and the anchors outside the database, with the newest anchor's age.

The chain alone cannot tell a trail cut short at its end from one that simply ended there:
only an anchor can, by still finding its event at its position. Events after the newest
anchor are therefore protected against rewriting (by the seals) but not against removal
from the end, until the next anchor covers them; the result says so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from atbalsts.audit.anchoring import anchors_read
from atbalsts.audit.anchors import Anchor, AnchorError, AnchorVerdict, check_anchors
from atbalsts.audit.chain import ChainVerdict
from atbalsts.audit.selectors import audit_chain_verdict, audit_hash_at

# An anchor is taken daily; an older newest anchor means the anchoring has stopped.
ANCHOR_MAX_AGE = datetime.timedelta(days=1)


@dataclass(frozen=True)
class TrailVerification:
    chain: ChainVerdict
    # None when the anchor file could not be read (see anchor_error).
    anchors: AnchorVerdict | None
    newest_anchor: Anchor | None
    now: datetime.datetime
    anchor_error: str = ""

    @property
    def is_intact(self) -> bool:
        return (
            self.chain.is_intact
            and not self.anchor_error
            and self.anchors is not None
            and self.anchors.is_intact
        )

    @property
    def newest_anchor_age(self) -> datetime.timedelta | None:
        if self.newest_anchor is None:
            return None
        return self.now - datetime.datetime.fromisoformat(self.newest_anchor.anchored_at)

    @property
    def is_anchor_stale(self) -> bool:
        age = self.newest_anchor_age
        return age is None or age > ANCHOR_MAX_AGE

    @property
    def unanchored_after(self) -> int | None:
        """The newest anchored position when events follow it that no anchor covers yet."""
        anchored = self.newest_anchor.seq if self.newest_anchor else 0
        return anchored if self.chain.checked > anchored else None


def audit_trail_verify(*, anchors_path: Path, now: datetime.datetime) -> TrailVerification:
    """Check the keyed chain and every anchor in ``anchors_path`` (absent: no anchor yet).

    Raises ImproperlyConfigured when the chain key is missing: no verdict without it.
    """
    chain = audit_chain_verdict()
    try:
        anchors = anchors_read(anchors_path) if anchors_path.exists() else []
    except (AnchorError, ImproperlyConfigured, OSError) as error:
        return TrailVerification(
            chain=chain, anchors=None, newest_anchor=None, now=now, anchor_error=str(error)
        )
    newest = max(anchors, key=lambda anchor: (anchor.seq, anchor.anchored_at), default=None)
    return TrailVerification(
        chain=chain,
        anchors=check_anchors(anchors, audit_hash_at),
        newest_anchor=newest,
        now=now,
    )
