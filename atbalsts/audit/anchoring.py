"""Writing and reading the anchor file with the key kept outside the database (LG-2)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from atbalsts.audit.anchors import Anchor, anchor_line, make_anchor, parse_anchor_line
from atbalsts.audit.selectors import audit_chain_head
from atbalsts.env import ConfigurationError, read_secret_file

NO_KEY = "The audit anchor key file is not configured (ATBALSTS_AUDIT_ANCHOR_KEY_FILE)."


def anchor_key() -> bytes:
    path: Path | None = settings.AUDIT_ANCHOR_KEY_FILE
    if path is None:
        raise ImproperlyConfigured(NO_KEY)
    try:
        return read_secret_file(path).encode("utf-8")
    except ConfigurationError as error:
        raise ImproperlyConfigured(str(error)) from error


def anchor_write(*, path: Path, now: datetime) -> Anchor | None:
    """Append the signed chain head to ``path``; None (and nothing written) for an empty trail."""
    key = anchor_key()
    head = audit_chain_head()
    if head is None:
        return None
    anchor = make_anchor(
        seq=head.seq, row_hash=head.row_hash, occurred_at=head.occurred_at, now=now
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(anchor_line(anchor, key=key) + "\n")
    return anchor


def anchors_read(path: Path) -> list[Anchor]:
    """Every anchor in ``path``, each signature checked (AnchorError names a bad line)."""
    key = anchor_key()
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        parse_anchor_line(line, key=key, number=number)
        for number, line in enumerate(lines, start=1)
        if line.strip()
    ]
