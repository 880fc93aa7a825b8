from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from atbalsts.accounts.models import User

pytestmark = pytest.mark.django_db


def test_stored_password_hashes_are_argon2id(worker: User) -> None:
    assert worker.password.startswith("argon2$argon2id$")


def test_production_hasher_is_argon2id_first() -> None:
    # The test suite puts a cheaper Argon2id in front; production's first hasher is Django's.
    production = [h for h in settings.PASSWORD_HASHERS if "TestArgon2" not in h]
    assert production[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert identify_hasher("argon2$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA").algorithm == "argon2"


def test_passwords_shorter_than_twelve_characters_are_refused() -> None:
    with pytest.raises(ValidationError):
        validate_password("kQ7#vR2!pZ9")  # 11 characters
    validate_password("kQ7#vR2!pZ9x")  # 12 characters


def test_a_password_of_64_characters_is_accepted() -> None:
    validate_password("a-long-passphrase-of-plain-words-about-nothing-in-particular-ok-1")
