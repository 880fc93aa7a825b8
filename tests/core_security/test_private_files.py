"""The demo's var/ is its owner's alone: the database (with its -wal and -shm), the keys and
the logins file cannot be read by other users of the machine (docs/security.md DP-2)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from atbalsts.env import write_private_text

BASE_DIR = Path(__file__).resolve().parents[2]

# What `make demo` does first, in a fresh process with a common umask: load the settings,
# open the SQLite database (WAL), write to it and load the data keys.
_START = """
import os
os.umask(0o022)
import django
django.setup()
from django.db import connection
from atbalsts.core.crypto import keyring
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE probe (x integer)")
    cursor.execute("INSERT INTO probe VALUES (1)")
keyring()
print(connection.cursor().execute("PRAGMA journal_mode").fetchone()[0])
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("is_left_open", [False, True], ids=["fresh", "left-open"])
def test_the_demo_var_holds_only_owner_readable_files(tmp_path: Path, is_left_open: bool) -> None:
    var = tmp_path / "var"
    database = var / "atbalsts.sqlite3"
    if is_left_open:  # by an earlier run under a common umask
        var.mkdir(mode=0o755)
        var.chmod(0o755)
        database.touch(mode=0o644)
        database.chmod(0o644)
    env = {
        **os.environ,
        "ATBALSTS_MODE": "demo",
        "ATBALSTS_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "atbalsts.settings",
    }
    env.pop("ATBALSTS_DATA_KEY_FILE", None)
    # The process stays alive while the files are looked at: SQLite removes -wal and -shm
    # when the last connection closes.
    script = _START + "import sys; sys.stdout.flush(); sys.stdin.read()\n"
    process = subprocess.Popen(  # noqa: S603 -- the test's own interpreter and script
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "wal"
        files = [
            database,
            Path(f"{database}-wal"),
            Path(f"{database}-shm"),
            *sorted((var / "secrets").iterdir()),
        ]
        modes = {path.name: _mode(path) for path in files}
        directories = {path.name: _mode(path) for path in (var, var / "secrets")}
    finally:
        process.communicate("")

    assert len(modes) >= 6  # the database, its -wal and -shm, and the local secrets
    assert modes == dict.fromkeys(modes, 0o600)
    assert directories == {"var": 0o700, "secrets": 0o700}


def test_a_var_left_open_by_an_earlier_run_is_closed(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    var.chmod(0o755)
    logins = var / "demo-logins.txt"
    logins.write_text("old", encoding="utf-8")
    logins.chmod(0o644)

    write_private_text(logins, "new")

    assert (logins.read_text(encoding="utf-8"), _mode(logins)) == ("new", 0o600)
