"""What of an event's payload the trail pages may show (docs/security.md LG-3).

Services put codes, counts and identifiers in payloads, but a payload is never trusted to be
free of personal data: a value is shown only when it is a number, a yes/no, or a short
lower-case code, possibly qualified by another after a colon (``missing_capability:manage_users``;
a list of such codes too). Anything else — free text, names, e-mail
addresses, dates of birth — is withheld, whatever its key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_CODE = re.compile(r"[a-z][a-z0-9_]{0,47}(?::[a-z0-9_]{1,48})?")


def _is_code(value: object) -> bool:
    if isinstance(value, bool | int):
        return True
    return isinstance(value, str) and _CODE.fullmatch(value) is not None


def payload_items(payload: object, *, withheld: str) -> list[tuple[str, str]]:
    """(key, shown value) pairs; keys that are not codes are withheld along with their values."""
    if not isinstance(payload, Mapping):
        return []
    items: list[tuple[str, str]] = []
    for key, value in sorted(payload.items(), key=lambda item: str(item[0])):
        if not _is_code(key):
            continue
        if _is_code(value):
            shown = str(value)
        elif isinstance(value, list) and value and all(_is_code(item) for item in value):
            shown = ", ".join(str(item) for item in value)
        else:
            shown = withheld
        items.append((str(key), shown))
    return items
