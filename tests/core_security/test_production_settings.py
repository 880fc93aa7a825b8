"""Production differs from the demo only by environment, and refuses to start half-configured."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from atbalsts.core.crypto import generate_key_file

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path: Path) -> dict[str, str]:
    key_file = tmp_path / "data_keys.json"
    generate_key_file(key_file)
    anchor_key_file = tmp_path / "audit_anchor_key"
    anchor_key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
    chain_key_file = tmp_path / "audit_chain_key"
    chain_key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
    # A clean production environment: nothing of the test run's own settings leaks into it.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ATBALSTS_", "DATABASE_URL", "DJANGO_", "DEBUG"))
    }
    env.update(
        {
            "ATBALSTS_MODE": "production",
            "ATBALSTS_VAR_DIR": str(tmp_path / "var"),
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "atbalsts.example.lv",
            "DATABASE_URL": f"sqlite:///{tmp_path}/production.sqlite3",
            "ATBALSTS_DATA_KEY_FILE": str(key_file),
            "ATBALSTS_AUDIT_ANCHOR_KEY_FILE": str(anchor_key_file),
            "ATBALSTS_AUDIT_CHAIN_KEY_FILE": str(chain_key_file),
            "DJANGO_SETTINGS_MODULE": "atbalsts.settings",
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments, the project's own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deployment_checks_pass_in_production_mode(tmp_path: Path) -> None:
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "ATBALSTS_DATA_KEY_FILE"]
)
def test_production_refuses_to_start_without_a_required_setting(
    tmp_path: Path, missing: str
) -> None:
    env = _production_env(tmp_path)
    del env[missing]

    result = _manage(env, "check")

    assert result.returncode != 0
    assert missing in result.stderr
    assert "ConfigurationError" in result.stderr


def test_production_refuses_a_missing_key_file(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    env["ATBALSTS_DATA_KEY_FILE"] = str(tmp_path / "absent.json")

    result = _manage(env, "check")

    assert result.returncode != 0
    assert "does not exist" in result.stderr


def test_production_refuses_debug(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    env["DEBUG"] = "true"

    result = _manage(env, "check")

    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_generates_no_secret_files(tmp_path: Path) -> None:
    _manage(_production_env(tmp_path), "check")

    assert not (tmp_path / "var" / "secrets").exists()
