"""Every stored field carries a protection level (docs/security.md DP-1)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model

from atbalsts.core.protection import Protection


def _project_models() -> list[type[Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("atbalsts.")]


def test_every_field_of_every_project_model_has_a_protection_level() -> None:
    missing = []
    for model in _project_models():
        levels: dict[str, Protection] = getattr(model, "protection_levels", {})
        for field in model._meta.concrete_fields:
            if field.name not in levels:
                missing.append(f"{model._meta.label}.{field.name}")

    assert missing == []


def test_no_protection_level_names_a_field_that_does_not_exist() -> None:
    stale = []
    for model in _project_models():
        names = {field.name for field in model._meta.concrete_fields}
        stale += [
            f"{model._meta.label}.{name}"
            for name in getattr(model, "protection_levels", {})
            if name not in names
        ]

    assert stale == []


def test_the_check_sees_the_project_models() -> None:
    labels = {model._meta.label for model in _project_models()}

    assert {"accounts.User", "accounts.Organisation", "audit.AuditEvent"} <= labels
