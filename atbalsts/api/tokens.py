"""Making and hashing API tokens (no database here)."""

from __future__ import annotations

import hashlib
import secrets

from atbalsts.api.models import TOKEN_PREFIX_LENGTH

TOKEN_BYTES = 32


def token_new() -> str:
    """A fresh token: 32 random bytes, URL-safe base64 (43 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def token_prefix(raw: str) -> str:
    return raw[:TOKEN_PREFIX_LENGTH]
