"""Application-level encryption of protected values (SECURITY.md DP-2, DP-3, DP-4).

AES-256-GCM with an envelope ``b"v1" || key_id (4 bytes) || nonce (12) || ciphertext+tag``.
The associated data binds a ciphertext to its table, field and row, so a value copied to
another row does not decrypt. Keys live in a JSON key file outside the database and apart
from SECRET_KEY; each ciphertext names the key that made it, so keys can be rotated.
Decryption failures raise: a ciphertext is never handed back as if it were the value.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import logging
import os
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

logger = logging.getLogger("atbalsts.crypto")

ENVELOPE_VERSION = b"v1"
KEY_ID_BYTES = 4
NONCE_BYTES = 12
BLIND_INDEX_BYTES = 16


class DecryptionError(Exception):
    """A stored value could not be decrypted with the configured keys."""


class KeyFileError(Exception):
    """The key file is missing or malformed."""


@dataclass(frozen=True)
class Keyring:
    active_key_id: bytes
    data_keys: Mapping[bytes, bytes]
    blind_index_key: bytes
    # Keys short secrets (backup codes) so that a stolen database alone cannot test guesses.
    secret_hash_key: bytes

    def encrypt(self, plaintext: str, *, associated_data: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        aead = AESGCM(self.data_keys[self.active_key_id])
        sealed = aead.encrypt(nonce, plaintext.encode("utf-8"), associated_data.encode("utf-8"))
        return ENVELOPE_VERSION + self.active_key_id + nonce + sealed

    def decrypt(self, envelope: bytes, *, associated_data: str) -> str:
        envelope = bytes(envelope)
        header = len(ENVELOPE_VERSION) + KEY_ID_BYTES + NONCE_BYTES
        if len(envelope) < header + 16 or not envelope.startswith(ENVELOPE_VERSION):
            logger.error(
                "crypt_decrypt_fail", extra={"reason": "malformed", "aad": associated_data}
            )
            raise DecryptionError("The stored value is not a valid envelope.")
        key_id = envelope[2 : 2 + KEY_ID_BYTES]
        nonce = envelope[2 + KEY_ID_BYTES : header]
        key = self.data_keys.get(key_id)
        if key is None:
            logger.error(
                "crypt_decrypt_fail", extra={"reason": "unknown_key", "key_id": key_id.hex()}
            )
            raise DecryptionError(f"No key with id {key_id.hex()} is configured.")
        try:
            plaintext = AESGCM(key).decrypt(
                nonce, envelope[header:], associated_data.encode("utf-8")
            )
        except InvalidTag as exc:
            logger.error(
                "crypt_decrypt_fail", extra={"reason": "invalid_tag", "aad": associated_data}
            )
            raise DecryptionError("The stored value failed authentication.") from exc
        return plaintext.decode("utf-8")

    @staticmethod
    def key_id_of(envelope: bytes) -> bytes:
        return bytes(envelope)[2 : 2 + KEY_ID_BYTES]

    def blind_index(self, value: str) -> str:
        digest = hmac.new(
            self.blind_index_key, normalise_for_search(value).encode("utf-8"), hashlib.sha256
        )
        return digest.digest()[:BLIND_INDEX_BYTES].hex()

    def secret_hash(self, value: str, *, context: str) -> str:
        message = f"{context}\x00{value}".encode()
        return hmac.new(self.secret_hash_key, message, hashlib.sha256).hexdigest()


_LATVIAN_FOLD = str.maketrans("āčēģīķļņšūž", "acegiklnsuz")


def normalise_for_search(value: str) -> str:
    """NFKC, case-folded, inner white space collapsed, Latvian diacritics folded.

    Workers type names with and without diacritics (ā/a, š/s); an exact search must find
    both spellings of the same name.
    """
    text = unicodedata.normalize("NFKC", value).casefold()
    text = " ".join(text.split())
    return text.translate(_LATVIAN_FOLD)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def generate_key_file(path: Path) -> None:
    """Write a fresh key file (mode 0600). Used by the demo and the test set-up."""
    key_id = secrets.token_bytes(KEY_ID_BYTES)
    content = {
        "active": key_id.hex(),
        "data_keys": {key_id.hex(): _b64(AESGCM.generate_key(bit_length=256))},
        "blind_index_key": _b64(secrets.token_bytes(32)),
        "secret_hash_key": _b64(secrets.token_bytes(32)),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(content, handle, indent=2)


def load_key_file(path: Path) -> Keyring:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        data_keys = {bytes.fromhex(k): base64.b64decode(v) for k, v in content["data_keys"].items()}
        active = bytes.fromhex(content["active"])
        keyring = Keyring(
            active_key_id=active,
            data_keys=data_keys,
            blind_index_key=base64.b64decode(content["blind_index_key"]),
            secret_hash_key=base64.b64decode(content["secret_hash_key"]),
        )
    except FileNotFoundError as exc:
        raise KeyFileError(f"Key file {path} does not exist.") from exc
    except (KeyError, ValueError, TypeError) as exc:
        raise KeyFileError(f"Key file {path} is malformed: {exc}") from exc
    if active not in data_keys:
        raise KeyFileError(f"Key file {path} names an active key it does not contain.")
    if any(len(key) != 32 for key in data_keys.values()):
        raise KeyFileError(f"Key file {path} holds a data key that is not 256 bits.")
    if any(len(k) != KEY_ID_BYTES for k in data_keys):
        raise KeyFileError(f"Key file {path} holds a key id that is not {KEY_ID_BYTES} bytes.")
    return keyring


@functools.cache
def keyring() -> Keyring:
    """The keyring of the running process, loaded once from ``settings.DATA_KEY_FILE``."""
    path = Path(settings.DATA_KEY_FILE)
    if not settings.IS_PRODUCTION and not path.exists():
        generate_key_file(path)
    return load_key_file(path)
