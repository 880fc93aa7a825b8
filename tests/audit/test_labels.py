"""Every code the product writes to the trail has words for the data-protection officer."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.utils import translation

from atbalsts.audit.labels import ACTION_LABELS, DETAIL_LABELS, OBJECT_TYPE_LABELS
from atbalsts.audit.objects import all_sources
from atbalsts.core.fields import EncryptedTextField
from tests.audit.emitted_codes import emitted_codes


def test_every_code_written_to_the_trail_can_be_read_back_from_the_source() -> None:
    found = emitted_codes()

    assert found.unresolved == []
    # The reader follows the wrappers: codes that reach audit_record only through them.
    assert {"authn_mfa_success", "authn_reauthenticated", "export_refused"} <= found.actions
    assert {"accounts.totpdevice", "audit_trail", "page", "casework"} <= found.object_types


def test_every_action_code_written_to_the_trail_has_a_label() -> None:
    assert sorted(emitted_codes().actions - set(ACTION_LABELS)) == []


def test_every_object_type_written_to_the_trail_has_a_label() -> None:
    assert sorted(emitted_codes().object_types - set(OBJECT_TYPE_LABELS)) == []


def test_every_label_is_translated_into_latvian() -> None:
    labels = [*ACTION_LABELS.values(), *OBJECT_TYPE_LABELS.values(), *DETAIL_LABELS.values()]
    with translation.override("lv"):
        latvian = {str(label) for label in labels}
    with translation.override("en"):
        english = {str(label) for label in labels}

    assert latvian.isdisjoint(english - {"API", "SIVA"})


@pytest.mark.django_db
def test_every_record_the_trail_names_by_code_is_looked_up_by_a_plain_code_field() -> None:
    for source in all_sources():
        model: Any = apps.get_model(source.model)
        *relations, name = source.code_path.split("__")
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        field = model._meta.get_field(name)
        # Codes only: nothing is decrypted to name a record on the trail.
        assert not isinstance(field, EncryptedTextField), source
        # The path is one the database answers.
        list(apps.get_model(source.model)._default_manager.values_list(source.code_path)[:1])
