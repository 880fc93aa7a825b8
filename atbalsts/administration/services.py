"""Writes of the administration: organisations and user accounts.

Each service checks the actor's capability, validates the whole object before saving, and
records its audit event in the same transaction (docs/style.md "Writes, reads, audit"). Role and
organisation changes of a user are recorded as ``authz_change`` (docs/security.md LG-4).
"""

from __future__ import annotations

import secrets
from typing import Any, NamedTuple

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from atbalsts.access.policy import Capability, can, role_fits_organisation
from atbalsts.access.policy import OrganisationType as OrganisationTypeCode
from atbalsts.access.policy import Role as RoleCode
from atbalsts.accounts.models import Organisation, User
from atbalsts.administration import texts
from atbalsts.audit.services import audit_record

# Lower-case letters and digits without the look-alikes 0 o 1 l i: read out over the phone.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 — an alphabet, not a secret
_PASSWORD_GROUPS = 5
_PASSWORD_GROUP_LENGTH = 4  # 20 random characters: about 99 bits


class NewUser(NamedTuple):
    user: User
    # Shown once to the administrator, to be handed over by another channel; only its hash
    # is stored.
    initial_password: str


def _require(actor: User, capability: Capability) -> None:
    if not actor.is_active or not can(actor.role, capability):
        raise PermissionDenied


def _initial_password(user: User) -> str:
    while True:
        password = "-".join(
            "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(_PASSWORD_GROUP_LENGTH))
            for _ in range(_PASSWORD_GROUPS)
        )
        try:
            validate_password(password, user)
        except ValidationError:
            # A random draw can spell a context word ("siva", "marta"): draw again.
            continue
        return password


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(name for name in after if before[name] != after[name])


# Organisations


@transaction.atomic
def organisation_create(
    *,
    actor: User,
    code: str,
    name: str,
    organisation_type: str,
    region: str = "",
) -> Organisation:
    _require(actor, Capability.MANAGE_ORGANISATIONS)
    organisation = Organisation(code=code, name=name, type=organisation_type, region=region)
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor,
        action="organisation_created",
        object_type="organisation",
        object_uuid=organisation.uuid,
        payload={"code": organisation.code, "type": organisation.type},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    organisation_type: str,
    region: str = "",
) -> Organisation:
    """Change an organisation's details; its type only while every user's role still fits."""
    _require(actor, Capability.MANAGE_ORGANISATIONS)
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = {"name": locked.name, "type": locked.type, "region": locked.region}
    after = {"name": name, "type": organisation_type, "region": region}
    changed = _changes(before, after)
    if not changed:
        return locked
    if "type" in changed:
        roles = set(locked.users.values_list("role", flat=True))
        if any(
            not role_fits_organisation(RoleCode(role), OrganisationTypeCode(organisation_type))
            for role in roles
        ):
            raise ValidationError({"type": texts.ORGANISATION_TYPE_DOES_NOT_FIT_USERS})
    locked.name, locked.type, locked.region = name, organisation_type, region
    locked.full_clean()
    locked.save()
    payload: dict[str, Any] = {"changed": changed}
    if "type" in changed:
        payload["type"] = {"from": before["type"], "to": organisation_type}
    audit_record(
        actor=actor,
        action="organisation_updated",
        object_type="organisation",
        object_uuid=locked.uuid,
        payload=payload,
    )
    return locked


@transaction.atomic
def organisation_deactivate(*, actor: User, organisation: Organisation) -> Organisation:
    """Deactivate an organisation that has no active user left; nobody can be placed in it."""
    _require(actor, Capability.MANAGE_ORGANISATIONS)
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not locked.is_active:
        return locked
    if locked.users.filter(is_active=True).exists():
        raise ValidationError(texts.ORGANISATION_HAS_ACTIVE_USERS)
    locked.is_active = False
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action="organisation_deactivated",
        object_type="organisation",
        object_uuid=locked.uuid,
    )
    return locked


@transaction.atomic
def organisation_reactivate(*, actor: User, organisation: Organisation) -> Organisation:
    _require(actor, Capability.MANAGE_ORGANISATIONS)
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.is_active:
        return locked
    locked.is_active = True
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action="organisation_reactivated",
        object_type="organisation",
        object_uuid=locked.uuid,
    )
    return locked


# User accounts


@sensitive_variables("initial_password")
@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    full_name: str,
    email: str,
    role: str,
    organisation: Organisation,
) -> NewUser:
    """Create an account with a random initial password that only the caller sees, once.

    The administrator never chooses the password; it is returned here to be shown once and
    handed to the user by another channel, and only its hash is stored.
    """
    _require(actor, Capability.MANAGE_USERS)
    if not organisation.is_active:
        raise ValidationError({"organisation": texts.ORGANISATION_INACTIVE})
    user = User(
        username=username.strip().lower(),
        full_name=full_name,
        email=email,
        role=role,
        organisation=organisation,
    )
    initial_password = _initial_password(user)
    user.set_password(initial_password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="user_created",
        object_type="user",
        object_uuid=user.uuid,
        payload={"role": user.role, "organisation": str(organisation.uuid)},
    )
    return NewUser(user=user, initial_password=initial_password)


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    full_name: str,
    email: str,
    role: str,
    organisation: Organisation,
) -> User:
    """Change an account's details; a new role or organisation is an ``authz_change``."""
    _require(actor, Capability.MANAGE_USERS)
    locked = (
        User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=user.pk)
    )
    before = {
        "full_name": locked.full_name,
        "email": locked.email,
        "role": locked.role,
        "organisation": locked.organisation.uuid,
    }
    after = {
        "full_name": full_name,
        "email": email,
        "role": role,
        "organisation": organisation.uuid,
    }
    changed = _changes(before, after)
    if not changed:
        return locked
    if "role" in changed and locked.pk == actor.pk:
        raise ValidationError({"role": texts.CANNOT_CHANGE_OWN_ROLE})
    if "organisation" in changed and not organisation.is_active:
        raise ValidationError({"organisation": texts.ORGANISATION_INACTIVE})
    locked.full_name, locked.email, locked.role = full_name, email, role
    locked.organisation = organisation
    locked.full_clean()
    locked.save()
    is_authz_change = "role" in changed or "organisation" in changed
    payload: dict[str, Any] = {"changed": changed}
    if "role" in changed:
        payload["role"] = {"from": before["role"], "to": role}
    if "organisation" in changed:
        payload["organisation"] = {
            "from": str(before["organisation"]),
            "to": str(organisation.uuid),
        }
    audit_record(
        actor=actor,
        action="authz_change" if is_authz_change else "user_updated",
        object_type="user",
        object_uuid=locked.uuid,
        payload=payload,
    )
    return locked


def _end_sessions(user: User) -> int:
    """Delete every stored session of ``user`` (docs/security.md SE-3); returns how many."""
    user_id = str(user.pk)
    keys = [
        session.session_key
        for session in Session.objects.only("session_key", "session_data").iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == user_id
    ]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    """Deactivate an account and end all its sessions at once."""
    _require(actor, Capability.MANAGE_USERS)
    locked = (
        User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=user.pk)
    )
    if locked.pk == actor.pk:
        raise ValidationError(texts.CANNOT_DEACTIVATE_SELF)
    if not locked.is_active:
        return locked
    locked.is_active = False
    locked.full_clean()
    locked.save()
    sessions_ended = _end_sessions(locked)
    audit_record(
        actor=actor,
        action="user_deactivated",
        object_type="user",
        object_uuid=locked.uuid,
        payload={"sessions_ended": sessions_ended},
    )
    return locked


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> User:
    _require(actor, Capability.MANAGE_USERS)
    locked = (
        User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=user.pk)
    )
    if locked.is_active:
        return locked
    if not locked.organisation.is_active:
        raise ValidationError(texts.ORGANISATION_INACTIVE)
    locked.is_active = True
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action="user_reactivated",
        object_type="user",
        object_uuid=locked.uuid,
    )
    return locked
