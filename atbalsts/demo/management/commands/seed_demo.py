from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from atbalsts.demo.services import DemoCredential, DemoHint, demo_data_load
from atbalsts.env import ensure_private_dir, write_private_text


def _table(credentials: list[DemoCredential]) -> str:
    lines = [
        "Demo logins (fictional data). Sign in with the password, then with a backup code,",
        "or add the TOTP secret to an authenticator app (Google Authenticator, FreeOTP, ...).",
        "",
    ]
    for c in credentials:
        lines += [
            f"  {c.username:<18} {c.role_label} — {c.organisation}",
            f"      password:      {c.password}",
            f"      TOTP secret:   {c.totp_secret}",
            f"      backup codes:  {'  '.join(c.backup_codes)}",
        ]
    return "\n".join(lines)


def _what_to_try(hints: list[DemoHint]) -> str:
    lines = ["What to try (open the case by its code on the case list or the dashboard):"]
    username = ""
    for hint in hints:
        if hint.username != username:
            username = hint.username
            lines.append(f"  {username}")
        lines.append(f"      {hint.case_code:<12} {hint.text}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Load the fictional demo organisations and users and print their logins."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError("Demo data is never loaded in production mode.")
        load = demo_data_load()
        table = _table(load.credentials) + "\n\n" + _what_to_try(load.hints)
        path = Path(settings.VAR_DIR) / "demo-logins.txt"
        ensure_private_dir(path.parent)
        write_private_text(path, table + "\n")
        self.stdout.write(table)
        self.stdout.write("")
        self.stdout.write(f"The same list is kept in {path} (readable only by you).")
        self.stdout.write("Atbalsts: http://127.0.0.1:8000/")
