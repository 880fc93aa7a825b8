"""The encrypted backup file (docs/security.md RE-4): an AES-256-GCM stream in chunks.

Pure Python over ``cryptography``. A file is a header (magic, version, a random file id)
followed by frames, each the length of one sealed chunk and the chunk. Every file has its own
key, derived with HKDF from the backup key and the file id, so no two files share a key and a
nonce. A chunk's nonce is its position with a last-chunk flag (the STREAM construction of
Hoang, Reyhanitabar, Rogaway and Vizár): reordering, dropping or appending chunks, or cutting
the file short after a whole chunk, makes decryption fail instead of yielding a shorter
backup that looks whole.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"ATBKUP\x00"
VERSION = 1
FILE_ID_BYTES = 16
HEADER_BYTES = len(MAGIC) + 1 + FILE_ID_BYTES
CHUNK_BYTES = 1 << 20
_FRAME = struct.Struct(">I")
_TAG_BYTES = 16
_MAX_COUNTER = (1 << 88) - 1


class BackupFormatError(Exception):
    """The file is not a backup, was altered, cut short, or needs another key."""


def _file_key(backup_key: bytes, file_id: bytes) -> AESGCM:
    if len(backup_key) < 32:
        raise BackupFormatError("The backup key must hold at least 256 bits.")
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=file_id, info=b"atbalsts backup v1"
    ).derive(backup_key)
    return AESGCM(derived)


def _nonce(counter: int, *, is_last: bool) -> bytes:
    if counter > _MAX_COUNTER:
        raise BackupFormatError("The backup has more chunks than the format can number.")
    return counter.to_bytes(11, "big") + (b"\x01" if is_last else b"\x00")


class EncryptedWriter:
    """Write plaintext in any pieces; :meth:`close` seals the last chunk."""

    def __init__(self, target: BinaryIO, backup_key: bytes, *, file_id: bytes | None = None):
        self._target = target
        self._file_id = file_id if file_id is not None else os.urandom(FILE_ID_BYTES)
        self._header = MAGIC + bytes([VERSION]) + self._file_id
        self._aead = _file_key(backup_key, self._file_id)
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        target.write(self._header)

    def write(self, data: bytes) -> None:
        if self._closed:
            raise ValueError("The backup stream is closed.")
        self._buffer += data
        # Keep at least one byte back so the last chunk is always sealed by close().
        while len(self._buffer) > CHUNK_BYTES:
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), is_last=False)
            del self._buffer[:CHUNK_BYTES]

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buffer), is_last=True)
            self._buffer.clear()
            self._closed = True

    def _seal(self, chunk: bytes, *, is_last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._counter, is_last=is_last), chunk, self._header)
        self._target.write(_FRAME.pack(len(sealed)) + sealed)
        self._counter += 1


def decrypted_chunks(source: BinaryIO, backup_key: bytes) -> Iterator[bytes]:
    """The plaintext chunks of a backup, each checked before it is given out."""
    header = source.read(HEADER_BYTES)
    if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
        raise BackupFormatError("This file is not an Atbalsts backup.")
    if header[len(MAGIC)] != VERSION:
        raise BackupFormatError(f"Backup format version {header[len(MAGIC)]} is not known.")
    aead = _file_key(backup_key, header[len(MAGIC) + 1 :])
    counter = 0
    while True:
        frame = source.read(_FRAME.size)
        if len(frame) != _FRAME.size:
            raise BackupFormatError("The backup ends before its last chunk: it was cut short.")
        (length,) = _FRAME.unpack(frame)
        if length < _TAG_BYTES or length > CHUNK_BYTES + _TAG_BYTES:
            raise BackupFormatError("The backup holds a damaged chunk.")
        sealed = source.read(length)
        if len(sealed) != length:
            raise BackupFormatError("The backup ends inside a chunk: it was cut short.")
        for is_last in (False, True):
            try:
                chunk = aead.decrypt(_nonce(counter, is_last=is_last), sealed, header)
            except InvalidTag:
                continue
            break
        else:
            raise BackupFormatError(
                "A chunk of the backup does not decrypt: the file was altered or the backup "
                "key is not the one it was written with."
            )
        yield chunk
        counter += 1
        if is_last:
            if source.read(1):
                raise BackupFormatError("The backup has data after its last chunk.")
            return


def decrypted_lines(source: BinaryIO, backup_key: bytes) -> Iterator[bytes]:
    """The plaintext split into lines (without their newline), streaming."""
    pending = b""
    for chunk in decrypted_chunks(source, backup_key):
        pending += chunk
        *lines, pending = pending.split(b"\n")
        yield from lines
    if pending:
        yield pending
