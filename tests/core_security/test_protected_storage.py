"""Every field at protection P3 is encrypted in the application (docs/security.md DP-1, DP-2)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model

from atbalsts.core.fields import EncryptedTextField
from atbalsts.core.protection import P3_STORED_OTHERWISE, Protection


def _project_models() -> list[type[Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("atbalsts.")]


def _p3_fields() -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for model in _project_models():
        levels: dict[str, Protection] = getattr(model, "protection_levels", {})
        for field in model._meta.concrete_fields:
            if levels.get(field.name) == Protection.P3_SPECIAL:
                found.append((f"{model._meta.label}.{field.name}", field))
    return found


def test_every_p3_field_is_an_encrypted_field_unless_its_reason_is_written() -> None:
    plaintext = [
        label
        for label, field in _p3_fields()
        if not isinstance(field, EncryptedTextField) and label not in P3_STORED_OTHERWISE
    ]

    assert plaintext == []


def test_the_written_exceptions_name_p3_fields_kept_otherwise_and_give_a_reason() -> None:
    kept_otherwise = {
        label for label, field in _p3_fields() if not isinstance(field, EncryptedTextField)
    }

    assert set(P3_STORED_OTHERWISE) <= kept_otherwise
    assert all(len(reason) > 20 for reason in P3_STORED_OTHERWISE.values())
