from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from atbalsts.core.crypto import normalise_for_search

# Words an attacker tries first against this system's users (docs/security.md AU-2).
CONTEXT_WORDS = (
    "atbalsts",
    "siva",
    "marta",
    "drosa maja",
    "drosamaja",
    "patverums",
    "labklajibas",
    "socialais dienests",
    "policija",
)


class ContextWordValidator:
    """Rejects passwords built on the product's or the partner organisations' names."""

    def validate(self, password: str, user: Any = None) -> None:
        folded = normalise_for_search(password).replace(" ", "")
        for word in CONTEXT_WORDS:
            if word.replace(" ", "") in folded:
                raise ValidationError(
                    _(
                        "The password must not contain the name of this system "
                        "or of a partner organisation."
                    ),
                    code="password_context_word",
                )

    def get_help_text(self) -> str:
        return _(
            "Your password must not contain the name of this system or of a partner organisation."
        )
