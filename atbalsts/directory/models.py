"""The partner directory (seed's last page; catalogue ``contacts``): editable data, first
loaded from atbalsts.rules.catalogue.CONTACTS."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core.protection import Protection


class Contact(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # One phone number a line.
    phones = models.JSONField(_("phone numbers"), default=list, blank=True)
    email = models.CharField(_("e-mail"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    web = models.CharField(_("web address"), max_length=200, blank=True)
    trust_line = models.CharField(_("trust line"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P0_PUBLIC,
        "uuid": Protection.P0_PUBLIC,
        "code": Protection.P0_PUBLIC,
        "name": Protection.P0_PUBLIC,
        "phones": Protection.P0_PUBLIC,
        "email": Protection.P0_PUBLIC,
        "address": Protection.P0_PUBLIC,
        "web": Protection.P0_PUBLIC,
        "trust_line": Protection.P0_PUBLIC,
        "is_active": Protection.P0_PUBLIC,
        "version": Protection.P1_INTERNAL,
        "updated_by": Protection.P1_INTERNAL,
        "updated_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
