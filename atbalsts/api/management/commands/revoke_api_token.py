from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from atbalsts.api.selectors import api_tokens_with_prefix
from atbalsts.api.services import api_token_revoke
from atbalsts.api.tokens import token_prefix


class Command(BaseCommand):
    help = "Revoke an API token, named by the first 8 characters of the token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        # A pasted whole token works as well as its first characters.
        prefix = token_prefix(options["prefix"])
        tokens = list(api_tokens_with_prefix(prefix)[:2])
        if not tokens:
            raise CommandError(f"No token starts with {prefix!r}.")
        if len(tokens) > 1:
            raise CommandError(f"More than one token starts with {prefix!r}; nothing revoked.")
        token = api_token_revoke(actor=None, token=tokens[0])
        self.stdout.write(
            f"Token {token.prefix}… of {token.user.username} revoked at "
            f"{token.revoked_at:%Y-%m-%d %H:%M:%S %Z}."
        )
