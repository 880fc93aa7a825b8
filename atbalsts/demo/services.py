"""Loading the demo data. Idempotent: running it again updates what exists and issues fresh
credentials, so a second `make demo` works and prints logins that work."""

from __future__ import annotations

import secrets
import string
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from atbalsts.accounts.models import Organisation, User
from atbalsts.accounts.services import second_factor_provision
from atbalsts.audit.services import audit_record
from atbalsts.demo.data import ORGANISATIONS, USERS, WHAT_TO_TRY
from atbalsts.demo.scenarios import Context, stories_load, story_case_codes

_PASSWORD_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class DemoCredential:
    username: str
    role_label: str
    organisation: str
    password: str
    totp_secret: str
    backup_codes: tuple[str, ...]


def _demo_password() -> str:
    # Four groups of five: long enough for the policy, easy to type from a terminal.
    return "-".join("".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(5)) for _ in range(4))


@dataclass(frozen=True)
class DemoHint:
    username: str
    case_code: str
    text: str


@dataclass(frozen=True)
class DemoLoad:
    credentials: list[DemoCredential]
    stories_loaded: list[str]
    hints: list[DemoHint]


def _hints(ctx: Context) -> list[DemoHint]:
    codes = story_case_codes(ctx)
    return [
        DemoHint(username, codes[key][organisation], text)
        for username, items in WHAT_TO_TRY.items()
        for key, organisation, text in items
        if organisation in codes.get(key, {})
    ]


def demo_data_load() -> DemoLoad:
    """Organisations and users (fresh credentials each time), then the stories not yet
    loaded (atbalsts.demo.scenarios)."""
    credentials: list[DemoCredential] = []
    with transaction.atomic():
        organisations: dict[str, Organisation] = {}
        for spec in ORGANISATIONS:
            organisation, _ = Organisation.objects.update_or_create(
                code=spec.code,
                defaults={
                    "name": spec.name,
                    "type": spec.type.value,
                    "region": spec.region,
                    "is_active": True,
                },
            )
            organisation.full_clean()
            organisations[spec.code] = organisation
        passwords = [_demo_password() for _ in USERS]
        # The password hash is deliberately slow; the demo's hashes are made side by side.
        with ThreadPoolExecutor() as pool:
            hashes = list(pool.map(make_password, passwords))
        for user_spec, password, hashed in zip(USERS, passwords, hashes, strict=True):
            user = User.objects.filter(username=user_spec.username).first() or User(
                username=user_spec.username
            )
            user.full_name = user_spec.full_name
            user.role = user_spec.role.value
            user.organisation = organisations[user_spec.organisation]
            user.is_active = True
            user.password = hashed
            user.full_clean()
            user.save()
            secret, codes = second_factor_provision(user=user)
            credentials.append(
                DemoCredential(
                    username=user.username,
                    role_label=str(user.get_role_display()),
                    organisation=user.organisation.name,
                    password=password,
                    totp_secret=secret,
                    backup_codes=tuple(codes[:3]),
                )
            )
        ctx = Context()
        loaded = stories_load(ctx)
        audit_record(
            actor=None,
            action="demo_data_seeded",
            payload={"users": len(USERS), "stories": loaded},
        )
        hints = _hints(ctx)
    return DemoLoad(credentials=credentials, stories_loaded=loaded, hints=hints)
