from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from atbalsts.api.selectors import api_tokens_with_prefix
from atbalsts.api.services import api_token_revoke
from atbalsts.api.tokens import token_prefix


class Command(BaseCommand):
    help = (
        "Revoke an API token, named by its prefix as printed when it was issued "
        "(atb_ and 8 characters) or by the whole token. A token issued before the atb_ "
        "marker is named by its first 8 characters; put -- before one that starts with "
        "a dash: revoke_api_token -- -Xy3…"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix", help="The token's prefix or the whole token.")

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
