"""Model fields whose values are encrypted in the application (docs/security.md DP-2, DP-4).

An ``EncryptedTextField`` keeps the plaintext on the instance and only the AES-GCM envelope in
the database. The associated data is ``<app>.<model>.<field>:<row uuid>``, so the model must
have a ``uuid`` field that is set before the first save (``default=uuid.uuid4``). Values are
decrypted lazily, on first access, and re-encrypted on save only when they were read or set.

A ``BlindIndexField`` holds a keyed HMAC of another encrypted field's normalised value, for
exact-match search without decrypting every row.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core import validators
from django.db import models
from django.db.models import Model

from atbalsts.core.crypto import keyring

_UNSET = object()


def associated_data(instance: Model, field_name: str) -> str:
    row = getattr(instance, "uuid", None)
    if row is None:
        raise ValueError(
            f"{instance._meta.label} needs a uuid before an encrypted field can be used."
        )
    return associated_data_for(type(instance), field_name, row)


def associated_data_for(model: type[Model], field_name: str, row_uuid: object) -> str:
    """``<app>.<model>.<field>:<row uuid>``: binds a ciphertext to its table, column and row."""
    meta = model._meta
    return f"{meta.app_label}.{meta.model_name}.{field_name}:{row_uuid}"


def encrypted_fields(model: type[Model]) -> list[EncryptedTextField]:
    """The model's encrypted fields, in declaration order."""
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def blind_index_fields(model: type[Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


def blind_index_lookup(value: str) -> list[str]:
    """The stored index values that mean ``value``: one per configured blind-index key.

    Use as ``filter(<index>__in=blind_index_lookup(term))``; an empty term finds nothing.
    """
    if not value.strip():
        return []
    return keyring().blind_index_candidates(value)


class _EncryptedState:
    __slots__ = ("envelope", "plaintext")

    def __init__(self) -> None:
        self.envelope: bytes | None = None
        self.plaintext: Any = _UNSET


class _EncryptedDescriptor:
    """Keeps an :class:`_EncryptedState` in ``instance.__dict__[attname]``.

    The state lives under the field's own attname so that Django counts the field as
    loaded (not deferred); a field left out by ``.only()`` is fetched on first access, as
    Django's own deferred attributes are.
    """

    def __init__(self, field: EncryptedTextField) -> None:
        self.field = field

    def _state(self, instance: Model) -> _EncryptedState:
        state = instance.__dict__.get(self.field.attname)
        if state is None:
            state = _EncryptedState()
            if instance.pk is not None and not instance._state.adding:
                # Deferred by .only()/.defer(): fetch the envelope alone. (refresh_from_db
                # would decrypt on a second instance that lacks the uuid: two queries.)
                raw = (
                    type(instance)
                    ._base_manager.using(instance._state.db)
                    .filter(pk=instance.pk)
                    .values_list(self.field.attname, flat=True)
                    .get()
                )
                state.envelope = bytes(raw) if raw else None
            instance.__dict__[self.field.attname] = state
        return state

    def __get__(self, instance: Model | None, owner: type[Model]) -> Any:
        if instance is None:
            return self
        state = self._state(instance)
        if state.plaintext is _UNSET:
            if state.envelope is None:
                state.plaintext = self.field.empty_value()
            else:
                text = keyring().decrypt(
                    state.envelope, associated_data=associated_data(instance, self.field.name)
                )
                state.plaintext = self.field.from_text(text)
        return state.plaintext

    def __set__(self, instance: Model, value: Any) -> None:
        state = instance.__dict__.get(self.field.attname)
        if state is None:
            state = _EncryptedState()
            instance.__dict__[self.field.attname] = state
        if isinstance(value, bytes | memoryview):
            # Loaded from the database: keep the envelope, decrypt only when read. An empty
            # value (the field's default) means no value.
            state.envelope = bytes(value) or None
            state.plaintext = _UNSET
        else:
            state.plaintext = self.field.empty_value() if value is None else value


class EncryptedTextField(models.BinaryField):  # type: ignore[type-arg]  # generic only in stubs
    """Text kept encrypted at rest. Empty values are stored as NULL."""

    # The instance holds plaintext: an empty text or list is empty, as for a text field
    # (BinaryField counts only None and b"").
    empty_values = [*validators.EMPTY_VALUES, b""]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs["editable"] = True
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        # Django leaves out blank=False as its default; here blank=True is the default.
        if not self.blank:
            kwargs["blank"] = False
        return name, path, args, kwargs

    def contribute_to_class(self, cls: type[Model], name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only)
        setattr(cls, self.attname, _EncryptedDescriptor(self))

    def to_python(self, value: Any) -> Any:
        # The instance holds plaintext; BinaryField would read a str as base64.
        return value

    def to_text(self, value: Any) -> str:
        return str(value)

    def from_text(self, text: str) -> Any:
        return text

    def empty_value(self) -> Any:
        """What a row without a stored value reads as."""
        return None

    def pre_save(self, model_instance: Model, add: bool) -> Any:
        state: _EncryptedState | None = model_instance.__dict__.get(self.attname)
        if state is None or state.plaintext is _UNSET:
            return state.envelope if state else None
        if state.plaintext in (None, ""):
            state.envelope = None
            return None
        state.envelope = keyring().encrypt(
            self.to_text(state.plaintext),
            associated_data=associated_data(model_instance, self.name),
        )
        return state.envelope

    def value_from_object(self, obj: Model) -> Any:
        return getattr(obj, self.attname)

    def envelope_for(self, instance: Model, value: Any) -> bytes | None:
        """The stored form of ``value`` on ``instance``'s row, for a queryset ``update()``
        (which, unlike ``save()``, does not encrypt); None for an empty value."""
        if value in (None, "") or value == []:
            return None
        return keyring().encrypt(
            self.to_text(value), associated_data=associated_data(instance, self.name)
        )


class EncryptedDateField(EncryptedTextField):
    """A date (a birth date) kept encrypted at rest, as ISO text."""

    def to_text(self, value: Any) -> str:
        if not isinstance(value, datetime.date):
            raise TypeError(f"{self.name} must be a date, got {type(value).__name__}.")
        return value.isoformat()

    def from_text(self, text: str) -> Any:
        return datetime.date.fromisoformat(text)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value:
            return datetime.date.fromisoformat(value)
        return value


class EncryptedCodesField(EncryptedTextField):
    """A list of catalogue codes kept encrypted at rest, as comma-separated text; an empty
    list is stored as NULL and read back as an empty list."""

    def to_text(self, value: Any) -> str:
        return ",".join(value)

    def from_text(self, text: str) -> Any:
        return [code for code in text.split(",") if code]

    def empty_value(self) -> Any:
        return []

    def pre_save(self, model_instance: Model, add: bool) -> Any:
        state: _EncryptedState | None = model_instance.__dict__.get(self.attname)
        if state is not None and state.plaintext is not _UNSET and not state.plaintext:
            state.envelope = None
            return None
        return super().pre_save(model_instance, add)


class EncryptedBooleanField(EncryptedTextField):
    """A yes-or-no kept encrypted at rest: both answers are stored as ciphertext, so that a
    dump cannot tell them apart; a row without a value reads as no."""

    def to_text(self, value: Any) -> str:
        return "1" if value else "0"

    def from_text(self, text: str) -> Any:
        return text == "1"

    def empty_value(self) -> Any:
        return False

    def to_python(self, value: Any) -> Any:
        return bool(value)


class BlindIndexField(models.CharField):  # type: ignore[type-arg]  # generic only in stubs
    """HMAC-SHA256 of another field's normalised plaintext, truncated (DP-4).

    ``sources`` names one or more encrypted fields; several are joined with a space, so a
    full-name index finds "first last".
    """

    def __init__(self, *args: Any, sources: tuple[str, ...] = (), **kwargs: Any) -> None:
        self.sources = tuple(sources)
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def index_of(self, parts: list[Any]) -> str:
        """The index of the source values ``parts``; empty when any of them is empty."""
        if any(part in (None, "") for part in parts):
            return ""
        return keyring().blind_index(" ".join(str(part) for part in parts))

    def pre_save(self, model_instance: Model, add: bool) -> Any:
        value = self.index_of([getattr(model_instance, source) for source in self.sources])
        setattr(model_instance, self.attname, value)
        return value
