"""Writes of the partner directory: the system administrator's, audited (docs/security.md LG-1)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from atbalsts.audit.services import audit_record
from atbalsts.directory import texts
from atbalsts.directory.models import Contact

if TYPE_CHECKING:
    from atbalsts.accounts.models import User


class ContactConflictError(Exception):
    pass


@dataclass(frozen=True)
class ContactDetails:
    code: str
    name: str
    phones: list[str]
    email: str
    address: str
    web: str
    trust_line: str


def _apply(contact: Contact, details: ContactDetails, actor: User) -> list[str]:
    changed = [name for name, value in asdict(details).items() if getattr(contact, name) != value]
    for name, value in asdict(details).items():
        setattr(contact, name, value)
    contact.updated_by = actor
    contact.updated_at = timezone.now()
    if Contact.objects.filter(code=details.code).exclude(pk=contact.pk).exists():
        raise ValidationError({"code": texts.CODE_TAKEN})
    contact.full_clean()
    return changed


def contact_create(*, actor: User, details: ContactDetails) -> Contact:
    with transaction.atomic():
        contact = Contact()
        _apply(contact, details, actor)
        contact.save()
        audit_record(
            actor=actor,
            action="contact_created",
            object_type="contact",
            object_uuid=contact.uuid,
            payload={"code": contact.code},
        )
    return contact


def contact_update(
    *, actor: User, contact: Contact, version: int, details: ContactDetails
) -> Contact:
    with transaction.atomic():
        claimed = Contact.objects.filter(pk=contact.pk, version=version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise ContactConflictError
        changed = _apply(contact, details, actor)
        contact.version = version + 1
        contact.save()
        audit_record(
            actor=actor,
            action="contact_updated",
            object_type="contact",
            object_uuid=contact.uuid,
            payload={"fields": changed, "version": contact.version},
        )
    return contact


def contact_deactivate(*, actor: User, contact: Contact) -> Contact:
    with transaction.atomic():
        contact.is_active = False
        contact.version += 1
        contact.updated_by = actor
        contact.updated_at = timezone.now()
        contact.full_clean()
        contact.save()
        audit_record(
            actor=actor,
            action="contact_deactivated",
            object_type="contact",
            object_uuid=contact.uuid,
            payload={"code": contact.code},
        )
    return contact
