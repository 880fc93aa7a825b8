"""The files on disk: random names only, encrypted and bound to their row
(docs/security.md DP-2)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from atbalsts.attachments import storage
from atbalsts.core.crypto import DecryptionError


def test_a_file_swapped_to_another_row_does_not_decrypt(attachments_dir: Path) -> None:
    first, second = storage.new_storage_name(), storage.new_storage_name()
    first_uuid, second_uuid = uuid.uuid4(), uuid.uuid4()
    digest = storage.file_write(storage_name=first, attachment_uuid=first_uuid, data=b"vienas")
    storage.file_write(storage_name=second, attachment_uuid=second_uuid, data=b"otras")

    assert storage.file_read(storage_name=first, attachment_uuid=first_uuid, sha256=digest) == (
        b"vienas"
    )
    with pytest.raises(DecryptionError):
        storage.file_read(storage_name=first, attachment_uuid=second_uuid, sha256=digest)


def test_an_altered_file_is_refused_before_decryption(attachments_dir: Path) -> None:
    name, row = storage.new_storage_name(), uuid.uuid4()
    digest = storage.file_write(storage_name=name, attachment_uuid=row, data=b"dokuments")
    path = attachments_dir / name
    path.write_bytes(path.read_bytes()[:-1] + b"\x00")

    with pytest.raises(storage.StoredFileError):
        storage.file_read(storage_name=name, attachment_uuid=row, sha256=digest)


@pytest.mark.parametrize("name", ["../secrets/data_keys.json", "abc", "A" * 64, ""])
def test_only_random_names_make_a_path(name: str) -> None:
    with pytest.raises(ValueError, match="Not a storage name"):
        storage.path_of(name)


def test_no_half_written_file_is_left_under_a_temporary_name(attachments_dir: Path) -> None:
    name = storage.new_storage_name()
    storage.file_write(storage_name=name, attachment_uuid=uuid.uuid4(), data=b"x" * 1000)

    assert [p.name for p in attachments_dir.iterdir()] == [name]
