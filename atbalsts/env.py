"""Typed readers for settings taken from the environment.

Each reader fails loudly: a production server that silently falls back to a default
secret or host list is worse than one that refuses to start.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit


class ConfigurationError(RuntimeError):
    """A required setting is missing or malformed."""


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ConfigurationError(f"Environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be a boolean (true/false), got {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be an integer, got {value!r}.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        if default is None:
            raise ConfigurationError(f"Environment variable {name} is required.")
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def read_secret_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise ConfigurationError(f"Secret file {path} does not exist.") from exc
    if not text:
        raise ConfigurationError(f"Secret file {path} is empty.")
    return text


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) readable by its owner only: mode 0700.

    mkdir's mode is filtered by the umask and ignored for a directory that exists, so the
    mode is set again: a ``var/`` left 0755 by an earlier run is closed too.
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def ensure_private_file(path: Path) -> Path:
    """Create ``path`` empty if it is missing, and leave it readable by its owner only.

    Used for the demo's SQLite database before SQLite opens it: SQLite creates the -wal and
    -shm files with the database file's own mode, so they are 0600 too.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return path


def write_private_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, replacing what was there; mode 0600 even if it existed."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def ensure_local_secret(path: Path, *, length: int = 64) -> str:
    """Return the secret in `path`, creating it (mode 0600, in a 0700 directory) on first use.

    Only for the demo and test modes: a fresh clone must run without any set-up, yet no
    secret may live in git.
    """
    ensure_private_dir(path.parent)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(length))
    path.chmod(0o600)
    return read_secret_file(path)


def database_from_url(url: str, *, base_dir: Path) -> dict[str, object]:
    """Translate a DATABASE_URL into a Django DATABASES entry (sqlite or postgres)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        raw = unquote(parts.path)
        # sqlite:///relative/path and sqlite:////absolute/path, as dj-database-url reads them.
        name = Path(raw[1:])
        if not name.is_absolute():
            name = base_dir / name
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(name),
            "OPTIONS": {
                # Embedded mode serialises writers instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
            },
        }
    if parts.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ConfigurationError(f"DATABASE_URL scheme {parts.scheme!r} is not supported.")
