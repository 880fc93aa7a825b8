from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.access.policy import OrganisationType as OrganisationTypeCode
from atbalsts.access.policy import Role as RoleCode
from atbalsts.access.policy import role_fits_organisation
from atbalsts.core.protection import Protection


class OrganisationType(models.TextChoices):
    SOCIAL_SERVICE = OrganisationTypeCode.SOCIAL_SERVICE.value, _("Municipal social service")
    SERVICE_PROVIDER = OrganisationTypeCode.SERVICE_PROVIDER.value, _("Service provider")
    AGENCY = OrganisationTypeCode.AGENCY.value, _("Society Integration Foundation agency (SIVA)")
    MINISTRY = OrganisationTypeCode.MINISTRY.value, _("Ministry of Welfare")
    POLICE = OrganisationTypeCode.POLICE.value, _("State Police")


class Role(models.TextChoices):
    SOCIAL_WORKER = RoleCode.SOCIAL_WORKER.value, _("Social worker")
    SOCIAL_SERVICE_HEAD = RoleCode.SOCIAL_SERVICE_HEAD.value, _("Head of social service")
    PROVIDER_CASE_MANAGER = RoleCode.PROVIDER_CASE_MANAGER.value, _("Provider case manager")
    PROVIDER_SPECIALIST = RoleCode.PROVIDER_SPECIALIST.value, _("Provider specialist")
    PROVIDER_HEAD = RoleCode.PROVIDER_HEAD.value, _("Head of service provider")
    COMMISSION_POLICE_MEMBER = (
        RoleCode.COMMISSION_POLICE_MEMBER.value,
        _("Police official on the commission"),
    )
    AGENCY_COORDINATOR = RoleCode.AGENCY_COORDINATOR.value, _("SIVA coordinator")
    MINISTRY_ANALYST = RoleCode.MINISTRY_ANALYST.value, _("Ministry analyst")
    DATA_PROTECTION_OFFICER = RoleCode.DATA_PROTECTION_OFFICER.value, _("Data protection officer")
    SYSTEM_ADMIN = RoleCode.SYSTEM_ADMIN.value, _("System administrator")


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "code": Protection.P0_PUBLIC,
        "name": Protection.P0_PUBLIC,
        "type": Protection.P0_PUBLIC,
        "region": Protection.P0_PUBLIC,
        "is_active": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
    }

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self,
        username: str,
        password: str | None = None,
        **extra_fields: Any,
    ) -> User:
        user = self.model(username=username, **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        # Usernames are matched without regard to case so that "Riga.Social" cannot
        # become a second account beside "riga.social".
        return self.get(username__iexact=username)


class User(AbstractBaseUser):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        help_text=_("Letters, digits and . - _ only."),
        validators=[
            RegexValidator(r"^[a-z0-9._-]+$", _("Use lower-case letters, digits and . - _ only."))
        ],
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="users", verbose_name=_("organisation")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(default=timezone.now, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["full_name", "role", "organisation"]

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "password": Protection.P3_SPECIAL,
        "last_login": Protection.P1_INTERNAL,
        "username": Protection.P2_PERSONAL,
        "full_name": Protection.P2_PERSONAL,
        "email": Protection.P2_PERSONAL,
        "role": Protection.P1_INTERNAL,
        "organisation": Protection.P1_INTERNAL,
        "is_active": Protection.P1_INTERNAL,
        "date_joined": Protection.P1_INTERNAL,
    }

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.username

    def clean(self) -> None:
        super().clean()
        if self.username:
            self.username = self.username.lower()
        if (
            self.role
            and self.organisation_id is not None
            and not role_fits_organisation(
                RoleCode(self.role), OrganisationTypeCode(self.organisation.type)
            )
        ):
            raise ValidationError(
                {"role": _("This role cannot belong to an organisation of this type.")}
            )

    @property
    def role_code(self) -> RoleCode:
        return RoleCode(self.role)
