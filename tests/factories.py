"""Builders for every model, in one place. Plain typed functions: every test reads them."""

from __future__ import annotations

import itertools
from typing import Any

from atbalsts.accounts.models import Organisation, OrganisationType, Role, User

DEFAULT_PASSWORD = "correct horse battery staple 7"
_sequence = itertools.count(1)


def make_organisation(
    *,
    code: str | None = None,
    name: str | None = None,
    type: OrganisationType = OrganisationType.SOCIAL_SERVICE,  # noqa: A002
    **fields: Any,
) -> Organisation:
    n = next(_sequence)
    organisation, _ = Organisation.objects.get_or_create(
        code=code or f"org-{n}",
        defaults={"name": name or f"Organizācija {n}", "type": type, **fields},
    )
    return organisation


def make_user(
    *,
    username: str | None = None,
    role: Role = Role.SOCIAL_WORKER,
    organisation: Organisation | None = None,
    password: str = DEFAULT_PASSWORD,
    full_name: str | None = None,
    **fields: Any,
) -> User:
    n = next(_sequence)
    username = username or f"user{n}"
    return User.objects.create_user(
        username=username,
        password=password,
        role=role,
        organisation=organisation or make_organisation(),
        full_name=full_name or f"Jānis Bērziņš {n}",
        **fields,
    )
