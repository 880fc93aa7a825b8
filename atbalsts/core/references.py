"""Pseudonymous references shown to staff instead of names (e.g. ``AT-7KQ2-M9XD``).

Random, not sequential: a reference says nothing about how many people are registered or
when, and cannot be guessed from a neighbour's.
"""

from __future__ import annotations

import secrets

# Crockford's base32 without I, L, O, U: nothing to misread when a code is read on the phone.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(prefix: str) -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"
