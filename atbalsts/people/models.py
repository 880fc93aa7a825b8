from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core.fields import BlindIndexField, EncryptedDateField, EncryptedTextField
from atbalsts.core.protection import Protection
from atbalsts.core.references import new_reference


def new_person_reference() -> str:
    return new_reference("P")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class CitizenshipGroup(models.TextChoices):
    LATVIA = "latvia", _("Latvia")
    OTHER_EU = "other_eu", _("Other EU country")
    THIRD_COUNTRY = "third_country", _("Third country")
    UNKNOWN = "unknown", _("Not known")


class Person(models.Model):
    """A person the system supports: a possible or recognised victim, or an anonymous contact.

    Every identifying value is encrypted in the application (docs/security.md DP-2); staff see the
    pseudonymous ``reference`` in lists. An anonymous contact holds no identity at all and can
    be given one later.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        max_length=16, unique=True, default=new_person_reference, editable=False
    )
    is_anonymous = models.BooleanField(_("anonymous contact"), default=False)
    first_name = EncryptedTextField(_("first name"))
    last_name = EncryptedTextField(_("last name"))
    personal_code = EncryptedTextField(_("personal code"))
    birth_date = EncryptedDateField(_("date of birth"))
    address = EncryptedTextField(_("address"))
    phone = EncryptedTextField(_("phone"))
    email = EncryptedTextField(_("e-mail"))
    shelter_location = EncryptedTextField(_("current shelter location"))
    full_name_index = BlindIndexField(sources=("first_name", "last_name"))
    personal_code_index = BlindIndexField(sources=("personal_code",))
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices, default=Sex.UNKNOWN)
    citizenship_group = models.CharField(
        _("citizenship"),
        max_length=16,
        choices=CitizenshipGroup.choices,
        default=CitizenshipGroup.UNKNOWN,
    )
    registered_by = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "reference": Protection.P1_INTERNAL,
        "is_anonymous": Protection.P1_INTERNAL,
        "first_name": Protection.P3_SPECIAL,
        "last_name": Protection.P3_SPECIAL,
        "personal_code": Protection.P3_SPECIAL,
        "birth_date": Protection.P3_SPECIAL,
        "address": Protection.P3_SPECIAL,
        "phone": Protection.P3_SPECIAL,
        "email": Protection.P3_SPECIAL,
        "shelter_location": Protection.P3_SPECIAL,
        "full_name_index": Protection.P2_PERSONAL,
        "personal_code_index": Protection.P2_PERSONAL,
        "sex": Protection.P2_PERSONAL,
        "citizenship_group": Protection.P2_PERSONAL,
        "registered_by": Protection.P1_INTERNAL,
        "created_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
        "updated_at": Protection.P1_INTERNAL,
        "version": Protection.P1_INTERNAL,
        "anonymised_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # Never a name: this string reaches logs and error reports.
        return self.reference
