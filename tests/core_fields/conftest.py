from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from atbalsts.core.crypto import generate_key_file, keyring


@pytest.fixture
def key_file(tmp_path: Path, settings: Settings) -> Iterator[Path]:
    """A key file of this test alone; the process keyring is reloaded from it."""
    path = tmp_path / "keys.json"
    generate_key_file(path)
    settings.DATA_KEY_FILE = path
    keyring.cache_clear()
    yield path
    keyring.cache_clear()


def read_keys(path: Path) -> dict[str, Any]:
    content: dict[str, Any] = json.loads(path.read_text())
    return content


def write_keys(path: Path, content: dict[str, Any]) -> None:
    path.write_text(json.dumps(content))
    keyring.cache_clear()
