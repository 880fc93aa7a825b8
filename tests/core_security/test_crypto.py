from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atbalsts.core.crypto import (
    DecryptionError,
    KeyFileError,
    Keyring,
    generate_key_file,
    load_key_file,
    normalise_for_search,
)


@pytest.fixture(scope="module")
def ring(tmp_path_factory: pytest.TempPathFactory) -> Keyring:
    path = tmp_path_factory.mktemp("keys") / "keys.json"
    generate_key_file(path)
    return load_key_file(path)


@given(text=st.text(max_size=300))
def test_values_round_trip(ring: Keyring, text: str) -> None:
    envelope = ring.encrypt(text, associated_data="people.person.last_name:1")

    assert ring.decrypt(envelope, associated_data="people.person.last_name:1") == text


def test_ciphertext_hides_the_value_and_names_its_key(ring: Keyring) -> None:
    envelope = ring.encrypt("Bērziņa", associated_data="t.f:1")

    assert "Bērziņa".encode() not in envelope
    assert envelope.startswith(b"v1")
    assert Keyring.key_id_of(envelope) == ring.active_key_id
    # Same value, fresh nonce: equal plaintexts must not be visible as equal ciphertexts.
    assert ring.encrypt("Bērziņa", associated_data="t.f:1") != envelope


def test_a_ciphertext_moved_to_another_row_does_not_decrypt(ring: Keyring) -> None:
    envelope = ring.encrypt("Rīga, Lāčplēša 1", associated_data="people.person.address:1")

    with pytest.raises(DecryptionError):
        ring.decrypt(envelope, associated_data="people.person.address:2")


def test_a_tampered_ciphertext_raises_instead_of_returning_anything(
    ring: Keyring, caplog: pytest.LogCaptureFixture
) -> None:
    envelope = bytearray(ring.encrypt("secret", associated_data="a"))
    envelope[-1] ^= 1

    with pytest.raises(DecryptionError):
        ring.decrypt(bytes(envelope), associated_data="a")
    assert "crypt_decrypt_fail" in caplog.text


@pytest.mark.parametrize("blob", [b"", b"v1", b"xx" + b"\0" * 40])
def test_malformed_envelopes_raise(ring: Keyring, blob: bytes) -> None:
    with pytest.raises(DecryptionError):
        ring.decrypt(blob, associated_data="a")


def test_rotation_keeps_old_ciphertexts_readable_while_the_old_key_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    generate_key_file(path)
    old = load_key_file(path)
    envelope = old.encrypt("Anna", associated_data="a")
    content = json.loads(path.read_text())
    new_path = tmp_path / "new.json"
    generate_key_file(new_path)
    new_content = json.loads(new_path.read_text())
    content["data_keys"].update(new_content["data_keys"])
    content["active"] = new_content["active"]
    path.write_text(json.dumps(content))

    rotated = load_key_file(path)

    assert rotated.decrypt(envelope, associated_data="a") == "Anna"
    assert Keyring.key_id_of(rotated.encrypt("Anna", associated_data="a")) != old.active_key_id


def test_an_unknown_key_id_raises(tmp_path: Path, ring: Keyring) -> None:
    other_path = tmp_path / "other.json"
    generate_key_file(other_path)
    envelope = load_key_file(other_path).encrypt("x", associated_data="a")

    with pytest.raises(DecryptionError, match="No key with id"):
        ring.decrypt(envelope, associated_data="a")


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        json.dumps({"active": "00"}),
        json.dumps(
            {"active": "abcd0000", "data_keys": {}, "blind_index_key": "", "secret_hash_key": ""}
        ),
    ],
)
def test_a_malformed_key_file_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "keys.json"
    path.write_text(content)

    with pytest.raises(KeyFileError):
        load_key_file(path)


def test_a_missing_key_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="does not exist"):
        load_key_file(tmp_path / "absent.json")


def test_key_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    generate_key_file(path)

    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Jānis Bērziņš", "JANIS BERZINS"),
        ("  Līga   Ķēniņa ", "liga kenina"),
        ("ŽANNA ŠĻŪKA", "žanna šļūka"),
        ("010190-12345", "010190-12345"),
    ],
)
def test_blind_index_finds_spellings_of_the_same_name(
    ring: Keyring, typed: str, stored: str
) -> None:
    assert ring.blind_index(typed) == ring.blind_index(stored)


def test_blind_index_tells_different_values_apart(ring: Keyring) -> None:
    assert ring.blind_index("Jānis") != ring.blind_index("Janīna")
    assert len(ring.blind_index("Jānis")) == 32


@given(value=st.text(max_size=60))
def test_normalisation_is_idempotent(value: str) -> None:
    once = normalise_for_search(value)

    assert normalise_for_search(once) == once


def test_secret_hashes_depend_on_their_context(ring: Keyring) -> None:
    assert ring.secret_hash("ABCD-1234", context="u1") != ring.secret_hash(
        "ABCD-1234", context="u2"
    )
    assert ring.secret_hash("ABCD-1234", context="u1") == ring.secret_hash(
        "ABCD-1234", context="u1"
    )
