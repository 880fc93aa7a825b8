"""The encrypted backup stream: what goes in comes out, and any change to the file is caught."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atbalsts.backup import stream
from atbalsts.backup.stream import BackupFormatError, EncryptedWriter, decrypted_chunks

KEY = b"k" * 32


def _sealed(data: bytes, key: bytes = KEY) -> bytes:
    target = io.BytesIO()
    writer = EncryptedWriter(target, key)
    writer.write(data)
    writer.close()
    return target.getvalue()


def _frames(sealed: bytes) -> tuple[bytes, list[bytes]]:
    header, rest = sealed[: stream.HEADER_BYTES], sealed[stream.HEADER_BYTES :]
    frames = []
    while rest:
        length = int.from_bytes(rest[:4], "big")
        frames.append(rest[: 4 + length])
        rest = rest[4 + length :]
    return header, frames


def _read(sealed: bytes, key: bytes = KEY) -> bytes:
    return b"".join(decrypted_chunks(io.BytesIO(sealed), key))


@settings(max_examples=50)
@given(pieces=st.lists(st.binary(max_size=300), max_size=20), chunk=st.integers(1, 64))
def test_any_writes_come_back_whole(pieces: list[bytes], chunk: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stream, "CHUNK_BYTES", chunk)
        target = io.BytesIO()
        writer = EncryptedWriter(target, KEY)
        for piece in pieces:
            writer.write(piece)
        writer.close()
        writer.close()

        assert _read(target.getvalue()) == b"".join(pieces)


def test_a_large_backup_is_sealed_in_chunks_and_holds_no_plaintext() -> None:
    data = b"Ozola Liga 010190-12345\n" * 120_000  # about 2.9 MB: three chunks

    sealed = _sealed(data)

    assert len(_frames(sealed)[1]) == 3
    assert b"Ozola" not in sealed
    assert _read(sealed) == data
    assert (
        list(stream.decrypted_lines(io.BytesIO(sealed), KEY))[:2]
        == [b"Ozola Liga 010190-12345"] * 2
    )


def test_two_backups_of_the_same_data_differ() -> None:
    assert _sealed(b"same") != _sealed(b"same")


def test_writing_after_close_is_refused() -> None:
    writer = EncryptedWriter(io.BytesIO(), KEY)
    writer.close()
    with pytest.raises(ValueError, match="closed"):
        writer.write(b"late")


def test_a_short_key_is_refused() -> None:
    with pytest.raises(BackupFormatError, match="256 bits"):
        EncryptedWriter(io.BytesIO(), b"short")


def _tampered(kind: str) -> bytes:
    sealed = _sealed(b"x" * (stream.CHUNK_BYTES * 2 + 10))
    header, frames = _frames(sealed)
    flipped = bytearray(sealed)
    flipped[stream.HEADER_BYTES + 4 + 100] ^= 1
    magic = len(stream.MAGIC)
    return {
        "flipped byte": bytes(flipped),
        "chunks swapped": header + frames[1] + frames[0] + frames[2],
        "last chunk dropped": header + b"".join(frames[:2]),
        "cut inside a chunk": sealed[:-5],
        "data appended": sealed + b"more",
        "bad frame length": header + (1 << 30).to_bytes(4, "big"),
        "cut inside a frame length": header + b"\x00\x00",
        "not a backup": b"PK\x03\x04" + sealed,
        "unknown version": sealed[:magic] + b"\x09" + sealed[magic + 1 :],
    }[kind]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("flipped byte", "does not decrypt"),
        ("chunks swapped", "does not decrypt"),
        ("last chunk dropped", "cut short"),
        ("cut inside a chunk", "cut short"),
        ("data appended", "after its last chunk"),
        ("bad frame length", "damaged chunk"),
        ("cut inside a frame length", "cut short"),
        ("not a backup", "not an Atbalsts backup"),
        ("unknown version", "version 9"),
    ],
)
def test_a_changed_file_is_refused(kind: str, message: str) -> None:
    with pytest.raises(BackupFormatError, match=message):
        _read(_tampered(kind))


def test_another_key_opens_nothing() -> None:
    with pytest.raises(BackupFormatError, match="backup key is not the one"):
        _read(_sealed(b"secret"), key=b"o" * 32)
