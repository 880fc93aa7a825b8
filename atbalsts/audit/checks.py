"""Deploy checks of the audit trail (docs/security.md LG-2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def anchor_key_configured(**kwargs: Any) -> list[CheckMessage]:
    """The chain can only be anchored with a key file outside the database."""
    path: Path | None = settings.AUDIT_ANCHOR_KEY_FILE
    if path is None or not path.is_file():
        return [
            Error(
                "The audit anchor key file is missing.",
                hint="Set ATBALSTS_AUDIT_ANCHOR_KEY_FILE to a file holding a random secret.",
                id="audit.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def chain_key_configured(**kwargs: Any) -> list[CheckMessage]:
    """Without the chain key events are written unsealed and verification refuses to run."""
    path: Path | None = settings.AUDIT_CHAIN_KEY_FILE
    if path is None or not path.is_file():
        return [
            Error(
                "The audit chain key file is missing.",
                hint="Set ATBALSTS_AUDIT_CHAIN_KEY_FILE to a file holding a random secret, "
                "apart from the data, backup and anchor keys.",
                id="audit.E002",
            )
        ]
    return []
