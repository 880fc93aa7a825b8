from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class TestArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with the smallest cost, for the test suite only.

    The stored format is the production one (``argon2$argon2id$…``); only the cost differs,
    so tests that create many users stay fast without testing a different algorithm.
    """

    time_cost = 1
    memory_cost = 256
    parallelism = 1
