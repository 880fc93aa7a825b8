from __future__ import annotations

import base64
import hmac
import time
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.oath import hotp

from atbalsts.access.policy import OrganisationType as OrganisationTypeCode
from atbalsts.access.policy import Role as RoleCode
from atbalsts.access.policy import role_fits_organisation
from atbalsts.core.crypto import keyring
from atbalsts.core.fields import EncryptedTextField
from atbalsts.core.protection import Protection

if TYPE_CHECKING:
    # django-otp ships no type information; these abstract stand-ins describe the parts of
    # its Device and ThrottlingMixin that this module uses, so that mypy sees real models.
    class Device(models.Model):
        user: User
        user_id: int
        name: str
        confirmed: bool

        class Meta:
            abstract = True

        @property
        def persistent_id(self) -> str: ...

        def verify_is_allowed(self) -> tuple[bool, dict[str, Any] | None]: ...

    class ThrottlingMixin(models.Model):
        throttling_failure_timestamp: datetime | None
        throttling_failure_count: int

        class Meta:
            abstract = True

        def verify_is_allowed(self) -> tuple[bool, dict[str, Any] | None]: ...

        def throttle_reset(self, commit: bool = True) -> None: ...

        def throttle_increment(self, commit: bool = True) -> None: ...

else:
    from django_otp.models import Device, ThrottlingMixin


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


_DeviceT = TypeVar("_DeviceT", bound=models.Model)


class OtpDeviceManager(models.Manager[_DeviceT]):
    """django-otp's DeviceManager, restated with types (django_otp.devices_for_user uses it)."""

    def devices_for_user(
        self, user: Any, confirmed: bool | None = None
    ) -> models.QuerySet[_DeviceT]:
        devices = self.filter(user=user)
        if confirmed is not None:
            devices = devices.filter(confirmed=bool(confirmed))
        return devices


# --- Second factor (docs/security.md AU-1, AU-5) --------------------------------------------------
#
# django-otp's own TOTP and static devices keep the TOTP key and the backup codes in plaintext
# (django-otp #67, #68), so these devices replace them: the TOTP key is stored only as an
# AES-GCM envelope bound to its row, and backup codes only as keyed hashes.

TOTP_STEP_SECONDS = 30
TOTP_DIGITS = 6
# A code is accepted in its own 30-second step and one step either side, so a phone whose
# clock is up to 30 seconds off, or a code typed as it rolls over, still works: at most
# three codes (a 90-second window) are valid at once. Replay is impossible all the same:
# every accepted step is remembered in ``last_t`` and only later steps are accepted.
TOTP_TOLERANCE_STEPS = 1
TOTP_KEY_BYTES = 20  # 160 bits, as RFC 4226 section 4 recommends.
FORM_DRAFT_PATH_MAX_LENGTH = 500
# django-otp's longest back-off (MAX_THROTTLE_DELAY_SECONDS), kept here as it is not typed.
SECOND_FACTOR_MAX_DELAY_SECONDS = 3600


class _Throttled(Protocol):
    throttling_failure_timestamp: datetime | None
    throttling_failure_count: int

    def get_throttle_factor(self) -> int: ...


def second_factor_retry_at(device: _Throttled) -> datetime | None:
    """When ``device`` may check a code again, or None when it may now.

    django-otp's back-off waits 1, 2, 4 … seconds from the very first wrong code, so a
    person who mistyped once and typed the right code at once was told to wait. The lockout
    (``AXES_FAILURE_LIMIT`` wrong codes per username and address, audited) is what stops a
    person guessing; the device's own back-off only has to slow guesses spread over many
    addresses, so it starts where the lockout would.
    """
    factor = device.get_throttle_factor()
    excess = device.throttling_failure_count - int(settings.AXES_FAILURE_LIMIT) + 1
    last_failure = device.throttling_failure_timestamp
    if factor <= 0 or excess <= 0 or last_failure is None:
        return None
    delay = min(factor * 2 ** (excess - 1), SECOND_FACTOR_MAX_DELAY_SECONDS)
    retry_at = last_failure + timedelta(seconds=delay)
    return retry_at if timezone.now() < retry_at else None


def _verify_allowed(device: _Throttled) -> tuple[bool, dict[str, Any] | None]:
    retry_at = second_factor_retry_at(device)
    if retry_at is None:
        return True, None
    return False, {"failure_count": device.throttling_failure_count, "locked_until": retry_at}


class TotpDevice(ThrottlingMixin, Device):
    """An authenticator app (TOTP, RFC 6238) whose key is encrypted at rest."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    encrypted_key = models.BinaryField(editable=False)
    last_t = models.BigIntegerField(
        default=-1, help_text="The time step of the last accepted code; only later ones pass."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = OtpDeviceManager["TotpDevice"]()

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "user": Protection.P1_INTERNAL,
        "name": Protection.P1_INTERNAL,
        "confirmed": Protection.P1_INTERNAL,
        "throttling_failure_timestamp": Protection.P1_INTERNAL,
        "throttling_failure_count": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "encrypted_key": Protection.P3_SPECIAL,
        "last_t": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
        "confirmed_at": Protection.P1_INTERNAL,
        "last_used_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
        constraints = [
            # One authenticator per user: a second one could only be added by someone who
            # already holds the password, which is exactly whom the second factor keeps out.
            models.UniqueConstraint(fields=["user"], name="accounts_one_totp_device_per_user"),
        ]

    def __str__(self) -> str:
        return f"TOTP device {self.uuid}"

    @property
    def _associated_data(self) -> str:
        return f"{self._meta.app_label}.{self._meta.model_name}.encrypted_key:{self.uuid}"

    def set_key(self, key: bytes) -> None:
        self.encrypted_key = keyring().encrypt(key.hex(), associated_data=self._associated_data)

    @property
    def key(self) -> bytes:
        return bytes.fromhex(
            keyring().decrypt(bytes(self.encrypted_key), associated_data=self._associated_data)
        )

    @property
    def base32_key(self) -> str:
        return base64.b32encode(self.key).decode("ascii").rstrip("=")

    def config_url(self) -> str:
        """The otpauth:// URI an authenticator app reads from the QR code."""
        issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "Atbalsts")).replace(":", "")
        label = quote(f"{issuer}:{self.user.get_username()}")
        query = urlencode(
            {
                "secret": self.base32_key,
                "issuer": issuer,
                "algorithm": "SHA1",
                "digits": TOTP_DIGITS,
                "period": TOTP_STEP_SECONDS,
            },
            quote_via=quote,
        )
        return f"otpauth://totp/{label}?{query}"

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1))

    def verify_is_allowed(self) -> tuple[bool, dict[str, Any] | None]:
        return _verify_allowed(self)

    def verify_token(self, token: Any) -> bool:
        """Accept a current code once; count failures for the device's back-off.

        The caller holds the row with ``select_for_update`` inside a transaction, so two
        requests cannot both accept the same code.
        """
        is_allowed, _details = self.verify_is_allowed()
        if not is_allowed:
            return False
        matched_t = self._matching_step(str(token).strip())
        if matched_t is None:
            self.throttle_increment(commit=True)
            return False
        self.last_t = matched_t
        self.last_used_at = timezone.now()
        self.throttle_reset(commit=False)
        self.save(
            update_fields=[
                "last_t",
                "last_used_at",
                "throttling_failure_count",
                "throttling_failure_timestamp",
            ]
        )
        return True

    def _matching_step(self, token: str) -> int | None:
        if len(token) != TOTP_DIGITS or not token.isascii() or not token.isdigit():
            return None
        key = self.key
        current_t = int(time.time()) // TOTP_STEP_SECONDS
        matched: int | None = None
        for t in range(current_t - TOTP_TOLERANCE_STEPS, current_t + TOTP_TOLERANCE_STEPS + 1):
            expected = f"{hotp(key, t, digits=TOTP_DIGITS):0{TOTP_DIGITS}d}"
            # Every candidate step is compared, in constant time, whatever matched before.
            if hmac.compare_digest(expected, token) and t > self.last_t and matched is None:
                matched = t
        return matched


BACKUP_CODE_COUNT = 10
BACKUP_CODE_LENGTH = 12
BACKUP_CODE_GROUP = 4
# Digits only, so that the one code field keeps its numeric keyboard on phones. Twelve
# digits carry 40 bits, far below the 112 bits above which a plain hash would do, hence the
# keyed hash (docs/security.md AU-5, ASVS V6.5.2): a stolen database alone cannot test guesses,
# and online guessing meets the device back-off and the lockout.
BACKUP_CODE_ALPHABET = "0123456789"
_BACKUP_CODE_LOOK_ALIKES = str.maketrans({"i": "1", "l": "1", "o": "0"})


def normalise_backup_code(value: str) -> str:
    """Lower-case, without spaces or hyphens, with look-alike letters read as digits."""
    folded = "".join(value.split()).replace("-", "").lower()
    return folded.translate(_BACKUP_CODE_LOOK_ALIKES)


class BackupCodeDevice(ThrottlingMixin, Device):
    """The user's set of single-use backup codes, stored only as keyed hashes."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OtpDeviceManager["BackupCodeDevice"]()

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "user": Protection.P1_INTERNAL,
        "name": Protection.P1_INTERNAL,
        "confirmed": Protection.P1_INTERNAL,
        "throttling_failure_timestamp": Protection.P1_INTERNAL,
        "throttling_failure_count": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("backup codes")
        verbose_name_plural = _("backup codes")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], name="accounts_one_backup_code_device_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"Backup codes {self.uuid}"

    def code_hash(self, code: str) -> str:
        return keyring().secret_hash(normalise_backup_code(code), context=str(self.user.uuid))

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1))

    def verify_is_allowed(self) -> tuple[bool, dict[str, Any] | None]:
        return _verify_allowed(self)

    def verify_token(self, token: Any) -> bool:
        """Accept an unused code once; a conditional update makes the second use fail."""
        is_allowed, _details = self.verify_is_allowed()
        if not is_allowed:
            return False
        used = self.codes.filter(code_hash=self.code_hash(str(token)), used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if used != 1:
            self.throttle_increment(commit=True)
            return False
        self.throttle_reset(commit=True)
        return True

    def unused_count(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, editable=False)
    used_at = models.DateTimeField(null=True, blank=True)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "device": Protection.P1_INTERNAL,
        "code_hash": Protection.P3_SPECIAL,
        "used_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")
        constraints = [
            models.UniqueConstraint(
                fields=["device", "code_hash"], name="accounts_backup_code_unique_per_device"
            ),
        ]

    def __str__(self) -> str:
        return f"Backup code {self.pk}"


class FormDraft(models.Model):
    """What a user had typed into a page's form when their session was about to end.

    One per user and page path, kept encrypted (it is case data, typed before it was saved),
    restored into the same page after the user signs in again and deleted once the form is
    sent or the draft discarded; drafts older than ``FORM_DRAFT_RETENTION`` are purged.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="form_drafts")
    path = models.CharField(max_length=FORM_DRAFT_PATH_MAX_LENGTH)
    # JSON: {"forms": {"<form index>": [[field name, value], ...]}}.
    content = EncryptedTextField()
    saved_at = models.DateTimeField(default=timezone.now, db_index=True)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "user": Protection.P1_INTERNAL,
        "path": Protection.P1_INTERNAL,
        "content": Protection.P3_SPECIAL,
        "saved_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("form draft")
        verbose_name_plural = _("form drafts")
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="accounts_one_draft_per_page"),
        ]

    def __str__(self) -> str:
        return f"Form draft {self.uuid}"
