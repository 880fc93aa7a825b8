"""Making and hashing API tokens (no database here)."""

from __future__ import annotations

import hashlib
import secrets

from atbalsts.api.models import TOKEN_MARKER, TOKEN_PREFIX_LENGTH

TOKEN_BYTES = 32
# Tokens issued before the marker are named by their first 8 characters.
UNMARKED_PREFIX_LENGTH = 8


def token_new() -> str:
    """A fresh token: the marker and 32 random bytes in URL-safe base64 (4 + 43 characters)."""
    return TOKEN_MARKER + secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def token_prefix(raw: str) -> str:
    """The prefix a token is stored and named by; a pasted prefix gives itself back."""
    if raw.startswith(TOKEN_MARKER):
        return raw[:TOKEN_PREFIX_LENGTH]
    return raw[:UNMARKED_PREFIX_LENGTH]
