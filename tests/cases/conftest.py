from __future__ import annotations

from tests.people.conftest import client_of, world

__all__ = ["client_of", "world"]
