"""Encrypted fields: plaintext on the instance, only AES-GCM envelopes in the database
(docs/security.md DP-2, DP-3, DP-4)."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atbalsts.accounts.models import User
from atbalsts.cases.models import Case
from atbalsts.core.crypto import DecryptionError, Keyring, keyring
from atbalsts.core.fields import (
    EncryptedDateField,
    associated_data,
    blind_index_fields,
    blind_index_lookup,
    encrypted_fields,
)
from atbalsts.people.models import Person
from tests.people.factories import make_case, make_person

pytestmark = pytest.mark.django_db

CANARY_FIRST = "Kanārijputniņa"
CANARY_CODE = "311299-99999"


@pytest.fixture
def worker(personas: dict[str, User]) -> User:
    return personas["social_worker_a"]


def _raw_column(person: Person, column: str) -> bytes | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM people_person WHERE id = %s", [person.pk])  # noqa: S608
        value = cursor.fetchone()[0]
    return None if value is None else bytes(value)


def test_every_value_round_trips_through_the_database(worker: User) -> None:
    person = make_person(
        created_by=worker,
        first_name="Līga",
        last_name="Ozola",
        personal_code="010190-12345",
        birth_date=datetime.date(1990, 1, 31),
        address="Rīga, Lāčplēša iela 1",
        phone="+371 20000000",
        email="liga@example.lv",
        shelter_location="Patvērums X",
    )

    fresh = Person.objects.get(pk=person.pk)

    assert fresh.first_name == "Līga"
    assert fresh.last_name == "Ozola"
    assert fresh.personal_code == "010190-12345"
    assert fresh.birth_date == datetime.date(1990, 1, 31)
    assert fresh.address == "Rīga, Lāčplēša iela 1"
    assert fresh.phone == "+371 20000000"
    assert fresh.email == "liga@example.lv"
    assert fresh.shelter_location == "Patvērums X"


def test_the_database_holds_only_envelopes(worker: User) -> None:
    person = make_person(created_by=worker, first_name=CANARY_FIRST, personal_code=CANARY_CODE)

    raw = _raw_column(person, "first_name")

    assert raw is not None
    assert CANARY_FIRST.encode() not in raw
    assert raw.startswith(b"v1")
    assert Keyring.key_id_of(raw) == keyring().active_key_id
    assert CANARY_CODE.encode() not in (_raw_column(person, "personal_code") or b"")


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_values_are_stored_as_null(worker: User, empty: str | None) -> None:
    person = make_person(created_by=worker, phone=empty, birth_date=None)

    fresh = Person.objects.get(pk=person.pk)

    assert _raw_column(person, "phone") is None
    assert _raw_column(person, "birth_date") is None
    assert fresh.phone is None
    assert fresh.birth_date is None


def test_a_value_set_to_empty_is_removed(worker: User) -> None:
    person = make_person(created_by=worker, phone="+371 2")
    person.phone = ""
    person.save()

    assert _raw_column(person, "phone") is None
    assert Person.objects.get(pk=person.pk).phone is None


def test_a_value_read_but_not_changed_keeps_its_envelope(worker: User) -> None:
    person = make_person(created_by=worker)
    before = _raw_column(person, "address")

    fresh = Person.objects.get(pk=person.pk)
    fresh.save()
    untouched = _raw_column(person, "address")
    assert fresh.address
    fresh.save()

    assert untouched == before
    # A value that was read is sealed again under a fresh nonce, still the same plaintext.
    assert Person.objects.get(pk=person.pk).address == fresh.address


def test_a_deferred_field_is_fetched_and_decrypted_on_first_access(worker: User) -> None:
    person = make_person(created_by=worker, first_name="Anna")

    deferred = Person.objects.only("uuid", "reference").get(pk=person.pk)
    with CaptureQueriesContext(connection) as queries:
        assert deferred.first_name == "Anna"
        assert deferred.first_name == "Anna"

    assert len(queries.captured_queries) == 1


def test_reading_a_deferred_field_makes_no_query_when_it_was_loaded(worker: User) -> None:
    person = make_person(created_by=worker, first_name="Anna")
    fresh = Person.objects.get(pk=person.pk)

    with CaptureQueriesContext(connection) as queries:
        assert fresh.first_name == "Anna"

    assert queries.captured_queries == []


def test_a_ciphertext_swapped_between_rows_fails_to_decrypt(
    worker: User, caplog: pytest.LogCaptureFixture
) -> None:
    alice = make_person(created_by=worker, last_name="Alksne")
    bob = make_person(created_by=worker, last_name="Bērziņa")
    Person.objects.filter(pk=bob.pk).update(last_name=_raw_column(alice, "last_name"))

    fresh = Person.objects.get(pk=bob.pk)
    with (
        caplog.at_level(logging.ERROR, logger="atbalsts.crypto"),
        pytest.raises(DecryptionError) as error,
    ):
        _ = fresh.last_name

    assert "crypt_decrypt_fail" in caplog.text
    assert "Alksne" not in caplog.text
    assert "Alksne" not in str(error.value)
    # The failure is not remembered as a value: the next read fails again.
    with pytest.raises(DecryptionError):
        _ = fresh.last_name


def test_a_ciphertext_moved_to_another_column_fails_to_decrypt(worker: User) -> None:
    person = make_person(created_by=worker)
    Person.objects.filter(pk=person.pk).update(phone=_raw_column(person, "address"))

    with pytest.raises(DecryptionError):
        _ = Person.objects.get(pk=person.pk).phone


def test_values_and_values_list_never_yield_plaintext(worker: User) -> None:
    make_person(created_by=worker, first_name=CANARY_FIRST, personal_code=CANARY_CODE)

    rows = list(Person.objects.values("first_name", "personal_code", "birth_date"))
    flat = list(Person.objects.values_list("first_name", flat=True))

    assert CANARY_FIRST not in repr(rows)
    assert CANARY_CODE not in repr(rows)
    assert all(isinstance(value, bytes | memoryview) for value in flat)
    assert all(CANARY_FIRST.encode() not in bytes(value) for value in flat)


def test_blind_index_finds_a_name_typed_without_diacritics(worker: User) -> None:
    person = make_person(created_by=worker, first_name="Līga", last_name="Ozola")
    make_person(created_by=worker, first_name="Līga", last_name="Ozoliņa")

    found = Person.objects.filter(full_name_index__in=blind_index_lookup("Liga Ozola"))
    also = Person.objects.filter(full_name_index__in=blind_index_lookup("  LĪGA   ozola "))

    assert list(found) == [person]
    assert list(also) == [person]


def test_blind_index_on_personal_code_and_nothing_for_an_empty_term(worker: User) -> None:
    person = make_person(created_by=worker, personal_code="010190-12345")

    assert list(
        Person.objects.filter(personal_code_index__in=blind_index_lookup("010190-12345"))
    ) == [person]
    assert blind_index_lookup("   ") == []


def test_a_person_without_a_full_name_has_no_name_index(worker: User) -> None:
    person = make_person(created_by=worker, first_name="", last_name="Ozola")

    assert Person.objects.get(pk=person.pk).full_name_index == ""


def test_the_blind_index_is_not_the_plaintext_and_is_truncated(worker: User) -> None:
    person = make_person(created_by=worker, personal_code=CANARY_CODE)

    assert CANARY_CODE not in person.personal_code_index
    assert len(person.personal_code_index) == 32


def test_case_notes_are_encrypted_too(worker: User) -> None:
    case = make_case(person=make_person(created_by=worker), created_by=worker, notes="Piezīme")

    assert Case.objects.get(pk=case.pk).notes == "Piezīme"
    assert b"Piez" not in bytes(Case.objects.values_list("notes", flat=True).get(pk=case.pk))


def test_a_row_without_uuid_cannot_use_an_encrypted_field(worker: User) -> None:
    person = Person(first_name="x")
    person.uuid = None  # type: ignore[assignment]

    with pytest.raises(ValueError, match="needs a uuid"):
        associated_data(person, "first_name")


def test_the_date_field_refuses_what_is_not_a_date() -> None:
    field = Person._meta.get_field("birth_date")
    assert isinstance(field, EncryptedDateField)

    with pytest.raises(TypeError):
        field.to_text("1990-01-01")
    assert field.to_python("1990-01-02") == datetime.date(1990, 1, 2)


def test_field_discovery() -> None:
    assert [f.name for f in encrypted_fields(Person)] == [
        "first_name",
        "last_name",
        "personal_code",
        "birth_date",
        "address",
        "phone",
        "email",
        "shelter_location",
    ]
    assert [f.name for f in blind_index_fields(Person)] == [
        "full_name_index",
        "personal_code_index",
    ]
    assert [f.name for f in encrypted_fields(Case)] == ["notes"]
