from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from atbalsts.access.policy import Capability, can
from atbalsts.accounts.models import User
from atbalsts.api.services import api_token_issue


class Command(BaseCommand):
    help = (
        "Issue an API token for a user. The token is printed once, as the last line; "
        "only its hash is stored. Every token starts with atb_, so secret scanners "
        "recognise a leaked one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="API", help="What the token is for.")
        parser.add_argument(
            "--expires-in-days", type=int, default=None, help="Let the token lapse after N days."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get_by_natural_key(options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No user {options['username']!r}.") from None
        days: int | None = options["expires_in_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-in-days must be at least 1.")
        expires_at = timezone.now() + timedelta(days=days) if days is not None else None
        try:
            token, raw = api_token_issue(
                actor=None, user=user, name=options["name"], expires_at=expires_at
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if not can(user.role, Capability.USE_RULES):
            self.stderr.write(
                f"Warning: the role {user.role} may not use the rules API; "
                "calls with this token will be refused until the role changes."
            )
        self.stdout.write(f"Token {token.prefix}… issued to {user.username} ({token.name}).")
        self.stdout.write("Store it now: it is not shown again.")
        self.stdout.write(raw)
