from __future__ import annotations

from pathlib import Path

import pytest

from atbalsts.env import (
    ConfigurationError,
    database_from_url,
    ensure_local_secret,
    env_bool,
    env_int,
    env_list,
    env_str,
)


def test_readers_fail_loudly_on_missing_or_malformed_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("X_REQUIRED", raising=False)
    monkeypatch.setenv("X_BOOL", "perhaps")
    monkeypatch.setenv("X_INT", "twelve")

    with pytest.raises(ConfigurationError, match="X_REQUIRED"):
        env_str("X_REQUIRED")
    with pytest.raises(ConfigurationError, match="X_REQUIRED"):
        env_list("X_REQUIRED")
    with pytest.raises(ConfigurationError, match="X_BOOL"):
        env_bool("X_BOOL", False)
    with pytest.raises(ConfigurationError, match="X_INT"):
        env_int("X_INT", 1)


def test_readers_parse_values_and_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", " a.lv, b.lv ,,")
    monkeypatch.setenv("X_EMPTY", "")

    assert env_bool("X_BOOL", False) is True
    assert env_bool("X_EMPTY", True) is True
    assert env_int("X_INT", 1) == 42
    assert env_int("X_EMPTY", 7) == 7
    assert env_list("X_LIST") == ["a.lv", "b.lv"]
    assert env_str("X_EMPTY", "fallback") == "fallback"


def test_sqlite_urls_resolve_relative_and_absolute_paths(tmp_path: Path) -> None:
    relative = database_from_url("sqlite:///var/db.sqlite3", base_dir=tmp_path)
    absolute = database_from_url("sqlite:////srv/atbalsts/db.sqlite3", base_dir=tmp_path)

    assert relative["NAME"] == str(tmp_path / "var" / "db.sqlite3")
    assert absolute["NAME"] == "/srv/atbalsts/db.sqlite3"
    assert relative["OPTIONS"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
    }


def test_postgres_urls_keep_credentials_and_check_connections(tmp_path: Path) -> None:
    config = database_from_url("postgres://app:p%40ss@db.internal:6432/atbalsts", base_dir=tmp_path)

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "app",
        "p@ss",
        "db.internal",
        "6432",
    )
    assert config["NAME"] == "atbalsts"
    assert config["CONN_HEALTH_CHECKS"] is True


def test_unknown_database_schemes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="mysql"):
        database_from_url("mysql://x@y/z", base_dir=tmp_path)


def test_local_secrets_are_created_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "secrets" / "key"

    first = ensure_local_secret(path)
    second = ensure_local_secret(path)

    assert first == second
    assert len(first) >= 50
    assert path.stat().st_mode & 0o777 == 0o600
