"""Application-level encryption of protected values (docs/security.md DP-2, DP-3, DP-4).

AES-256-GCM with an envelope ``b"v1" || key_id (4 bytes) || nonce (12) || ciphertext+tag``.
The associated data binds a ciphertext to its table, field and row, so a value copied to
another row does not decrypt. Keys live in a JSON key file outside the database and apart
from SECRET_KEY; each ciphertext names the key that made it, so keys can be rotated.
Decryption failures raise: a ciphertext is never handed back as if it were the value.

The blind-index key has key ids too, so that it can be rotated: searches compute the index
under every configured blind-index key (rows not yet re-indexed are still found), and
``rotate_keys`` recomputes every stored index under the active one. The key file format::

    {"active": "<hex id>", "data_keys": {"<hex id>": "<base64>", ...},
     "blind_index_active": "<hex id>", "blind_index_keys": {"<hex id>": "<base64>", ...},
     "secret_hash_key": "<base64>"}

Older files with a single ``"blind_index_key": "<base64>"`` still load; that key's id is
derived from the key itself (:func:`legacy_blind_index_key_id`).
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
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from atbalsts.env import ensure_private_dir

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
    # Every blind-index key by id, the active one (``blind_index_key``) included.
    blind_index_keys: Mapping[bytes, bytes] = field(default_factory=dict)
    blind_index_key_id: bytes = b""

    def encrypt(self, plaintext: str, *, associated_data: str) -> bytes:
        return self.encrypt_bytes(plaintext.encode("utf-8"), associated_data=associated_data)

    def encrypt_bytes(self, plaintext: bytes, *, associated_data: str) -> bytes:
        """The same envelope over raw bytes (uploaded documents, atbalsts/attachments)."""
        nonce = os.urandom(NONCE_BYTES)
        aead = AESGCM(self.data_keys[self.active_key_id])
        sealed = aead.encrypt(nonce, plaintext, associated_data.encode("utf-8"))
        return ENVELOPE_VERSION + self.active_key_id + nonce + sealed

    def decrypt(self, envelope: bytes, *, associated_data: str) -> str:
        return self.decrypt_bytes(envelope, associated_data=associated_data).decode("utf-8")

    def decrypt_bytes(self, envelope: bytes, *, associated_data: str) -> bytes:
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
        return plaintext

    @staticmethod
    def key_id_of(envelope: bytes) -> bytes:
        return bytes(envelope)[2 : 2 + KEY_ID_BYTES]

    def blind_index(self, value: str) -> str:
        """The index of ``value`` under the active blind-index key: what is stored."""
        return _blind_index_with(self.blind_index_key, value)

    def blind_index_candidates(self, value: str) -> list[str]:
        """The index of ``value`` under every configured blind-index key, the active first.

        A search matches any of them, so rows still indexed under a retiring key are found
        while ``rotate_keys`` works through the table.
        """
        keys = [self.blind_index_key]
        keys += [key for key in self.blind_index_keys.values() if key != self.blind_index_key]
        return [_blind_index_with(key, value) for key in keys]

    def secret_hash(self, value: str, *, context: str) -> str:
        message = f"{context}\x00{value}".encode()
        return hmac.new(self.secret_hash_key, message, hashlib.sha256).hexdigest()


def _blind_index_with(key: bytes, value: str) -> str:
    digest = hmac.new(key, normalise_for_search(value).encode("utf-8"), hashlib.sha256)
    return digest.digest()[:BLIND_INDEX_BYTES].hex()


def legacy_blind_index_key_id(key: bytes) -> bytes:
    """The id given to the blind-index key of a key file written before key ids existed."""
    return hashlib.sha256(b"atbalsts-blind-index-key-id\x00" + key).digest()[:KEY_ID_BYTES]


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
    blind_id = secrets.token_bytes(KEY_ID_BYTES)
    content = {
        "active": key_id.hex(),
        "data_keys": {key_id.hex(): _b64(AESGCM.generate_key(bit_length=256))},
        "blind_index_active": blind_id.hex(),
        "blind_index_keys": {blind_id.hex(): _b64(secrets.token_bytes(32))},
        "secret_hash_key": _b64(secrets.token_bytes(32)),
    }
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(content, handle, indent=2)


def load_key_file(path: Path) -> Keyring:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        data_keys = {bytes.fromhex(k): base64.b64decode(v) for k, v in content["data_keys"].items()}
        active = bytes.fromhex(content["active"])
        blind_keys, blind_active = _blind_index_keys(content)
        keyring = Keyring(
            active_key_id=active,
            data_keys=data_keys,
            blind_index_key=blind_keys[blind_active],
            secret_hash_key=base64.b64decode(content["secret_hash_key"]),
            blind_index_keys=blind_keys,
            blind_index_key_id=blind_active,
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
    if any(len(key) < 32 for key in keyring.blind_index_keys.values()):
        raise KeyFileError(f"Key file {path} holds a blind-index key shorter than 256 bits.")
    return keyring


def _blind_index_keys(content: dict[str, object]) -> tuple[dict[bytes, bytes], bytes]:
    """The blind-index keys by id and the active id, from either key file format."""
    if "blind_index_keys" in content:
        raw = content["blind_index_keys"]
        if not isinstance(raw, dict):
            raise TypeError("blind_index_keys must be an object")
        keys = {bytes.fromhex(k): base64.b64decode(v) for k, v in raw.items()}
        active = bytes.fromhex(str(content["blind_index_active"]))
        if active not in keys:
            raise KeyError("blind_index_active names a key the file does not contain")
        return keys, active
    key = base64.b64decode(str(content["blind_index_key"]))
    key_id = legacy_blind_index_key_id(key)
    return {key_id: key}, key_id


@functools.cache
def keyring() -> Keyring:
    """The keyring of the running process, loaded once from ``settings.DATA_KEY_FILE``."""
    path = Path(settings.DATA_KEY_FILE)
    if not settings.IS_PRODUCTION and not path.exists():
        generate_key_file(path)
    return load_key_file(path)
