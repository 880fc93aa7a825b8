"""Protection levels for every stored field (docs/security.md DP-1).

Each model of the project declares ``protection_levels``: a mapping from every concrete
field name to its level. A test fails when a field has none, so a new column cannot reach
the database without someone deciding how sensitive it is.
"""

from __future__ import annotations

from enum import IntEnum


class Protection(IntEnum):
    P0_PUBLIC = 0
    P1_INTERNAL = 1
    P2_PERSONAL = 2
    # Special-category, criminal or locating data: encrypted in the application.
    P3_SPECIAL = 3


# The P3 fields kept otherwise than in an encrypted field type (atbalsts/core/fields.py),
# each with the reason it is safe: "<app label>.<Model>.<field>" -> why. Every other P3 field
# must be an encrypted field; a test holds the models to this.
P3_STORED_OTHERWISE: dict[str, str] = {
    "accounts.User.password": "a salted one-way hash from Django's password hashers",
    "accounts.TotpDevice.encrypted_key": (
        "encrypted with the same keyring and associated data by the device itself, because "
        "the key is bytes and is read only to check a code"
    ),
    "accounts.BackupCode.code_hash": (
        "a keyed one-way hash, looked up by equality when a code is used"
    ),
}
