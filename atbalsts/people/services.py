"""Writes and audited reads of people (docs/style.md "Writes, reads, audit").

Every function takes the acting user, runs in one transaction and writes its audit event in
it (docs/security.md LG-1, RE-2). Audit payloads carry codes, counts and field names, never a
protected value (LG-3).

Concurrent edits (RE-1): a person has a ``version``. A save first claims the version with
``filter(pk=…, version=v).update(version=F("version") + 1)``; if no row matched, someone
saved in between and :class:`EditConflictError` is raised with their version, and nothing is
written. The claim and the encrypted values are written in the same transaction, so a
second writer either sees the new version or waits: SQLite runs every transaction as
IMMEDIATE (settings, RE-3), which takes the write lock at BEGIN; on PostgreSQL the UPDATE
takes the row lock, which the second writer's UPDATE waits for and then re-checks.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from atbalsts.access.policy import Action
from atbalsts.audit.services import audit_record
from atbalsts.cases.access import Authorised, people_visible_to, person_for, person_standing
from atbalsts.cases.services import case_open
from atbalsts.core.fields import blind_index_lookup
from atbalsts.people import texts
from atbalsts.people.models import CitizenshipGroup, Person, Sex
from atbalsts.rules.personal_code import InvalidPersonalCodeError, parse_personal_code

if TYPE_CHECKING:
    from atbalsts.accounts.models import User
    from atbalsts.cases.models import Case

IDENTITY_FIELDS = ("first_name", "last_name", "personal_code", "birth_date")
CONTACT_FIELDS = ("address", "phone", "email")
LOCATION_FIELDS = ("shelter_location",)
STATISTICS_FIELDS = ("sex", "citizenship_group")
DETAIL_FIELDS = IDENTITY_FIELDS + CONTACT_FIELDS + LOCATION_FIELDS + STATISTICS_FIELDS
# An anonymous contact keeps none of these (seed: help "without wanting to be identified").
IDENTIFYING_FIELDS = IDENTITY_FIELDS + CONTACT_FIELDS + LOCATION_FIELDS
# Exact matches: more than a handful means a too-common name, not a list to browse.
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class PersonDetails:
    first_name: str = ""
    last_name: str = ""
    personal_code: str = ""
    birth_date: datetime.date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    shelter_location: str = ""
    sex: str = Sex.UNKNOWN
    citizenship_group: str = CitizenshipGroup.UNKNOWN

    @property
    def is_identifying(self) -> bool:
        return any(getattr(self, name) for name in IDENTIFYING_FIELDS)

    @property
    def has_full_name(self) -> bool:
        return bool(self.first_name and self.last_name)

    @classmethod
    def of(cls, person: Person) -> PersonDetails:
        values: dict[str, Any] = {name: getattr(person, name) or "" for name in DETAIL_FIELDS}
        values["birth_date"] = person.birth_date
        return cls(**values)


class EditConflictError(Exception):
    """Someone saved the person since the editor loaded it; ``current`` is their version."""

    def __init__(self, current: Person) -> None:
        super().__init__("The person was changed by someone else.")
        self.current = current


def personal_code_clean(text: str, *, today: datetime.date) -> str:
    """The personal code as it is kept (``DDMMYY-CNNNN`` or ``32XXXX-XXXXX``), ``""`` for
    none; a :class:`ValidationError` telling what is wrong with a code that cannot exist."""
    if not text.strip():
        return ""
    try:
        return parse_personal_code(text, today=today).code
    except InvalidPersonalCodeError as error:
        raise ValidationError(
            texts.PERSONAL_CODE_PROBLEMS[error.problem], code=f"personal_code_{error.problem}"
        ) from error


def personal_code_index_lookup(text: str) -> list[str]:
    """The blind-index values a search for the typed code matches: the code as it is kept,
    and as typed, for codes registered before they were checked."""
    try:
        variants = {parse_personal_code(text, today=timezone.localdate()).code, text.strip()}
    except InvalidPersonalCodeError:
        variants = {text.strip()}
    return [value for variant in sorted(variants) for value in blind_index_lookup(variant)]


def _checked(details: PersonDetails, *, is_anonymous: bool) -> PersonDetails:
    """``details`` with the personal code as it is kept and, when the birth date was left
    empty, the date the code carries; every field's refusal at once otherwise."""
    if is_anonymous and details.is_identifying:
        raise ValidationError(texts.ANONYMOUS_HAS_IDENTITY, code="anonymous_has_identity")
    errors: dict[str, ValidationError] = {}
    if not is_anonymous:
        if not details.first_name:
            errors["first_name"] = ValidationError(texts.FIRST_NAME_REQUIRED, code="required")
        if not details.last_name:
            errors["last_name"] = ValidationError(texts.LAST_NAME_REQUIRED, code="required")
    code, birth_date = details.personal_code, details.birth_date
    if code:
        today = timezone.localdate()
        try:
            code = personal_code_clean(code, today=today)
        except ValidationError as error:
            errors["personal_code"] = error
        else:
            carried = parse_personal_code(code, today=today).birth_date
            if carried is not None and birth_date is None:
                birth_date = carried
            elif carried is not None and birth_date != carried:
                errors["birth_date"] = ValidationError(
                    texts.BIRTH_DATE_DIFFERS_FROM_CODE, code="birth_date_differs"
                )
    if errors:
        raise ValidationError(errors)
    return replace(details, personal_code=code, birth_date=birth_date)


def _apply(person: Person, details: PersonDetails) -> list[str]:
    """Set the details on ``person``; the names of the fields that changed."""
    changed = []
    for name, value in asdict(details).items():
        if (getattr(person, name) or "") != (value or ""):
            setattr(person, name, (value or None) if name in IDENTIFYING_FIELDS else value)
            changed.append(name)
    return changed


def person_register(
    *,
    actor: User,
    details: PersonDetails,
    is_anonymous: bool,
    arrival_stage: str,
    contact_channel: str,
    referral_source: str,
) -> Case:
    """Register a person and open the organisation's case of them: both or neither."""
    details = _checked(details, is_anonymous=is_anonymous)
    with transaction.atomic():
        person = Person(
            is_anonymous=is_anonymous, registered_by=actor.organisation, created_by=actor
        )
        _apply(person, details)
        person.full_clean()
        person.save()
        audit_record(
            actor=actor,
            action="person_registered",
            object_type="person",
            object_uuid=person.uuid,
            payload={"is_anonymous": is_anonymous},
        )
        return case_open(
            actor=actor,
            person=person,
            arrival_stage=arrival_stage,
            contact_channel=contact_channel,
            referral_source=referral_source,
        )


def person_update(*, actor: User, person: Person, version: int, details: PersonDetails) -> Person:
    """Save the edited details if nobody saved since ``version``; else :class:`EditConflictError`.

    Giving an anonymous contact a name makes them an identified person; an identified
    person cannot lose their name.
    """
    is_anonymous = person.is_anonymous and not details.is_identifying
    details = _checked(details, is_anonymous=is_anonymous)
    with transaction.atomic():
        now = timezone.now()
        claimed = Person.objects.filter(pk=person.pk, version=version).update(
            version=F("version") + 1, updated_at=now
        )
        if not claimed:
            raise EditConflictError(Person.objects.get(pk=person.pk))
        changed = _apply(person, details)
        if person.is_anonymous != is_anonymous:
            person.is_anonymous = is_anonymous
            changed.append("is_anonymous")
        person.version = version + 1
        person.updated_at = now
        person.full_clean()
        person.save(
            update_fields=[
                *DETAIL_FIELDS,
                "is_anonymous",
                "full_name_index",
                "personal_code_index",
            ]
        )
        audit_record(
            actor=actor,
            action="person_updated",
            object_type="person",
            object_uuid=person.uuid,
            payload={"fields": changed, "version": person.version},
        )
    return person


def person_read(
    *,
    actor: User,
    person_uuid: uuid.UUID,
    action: Action = Action.VIEW_SUMMARY,
    view: str = "person_detail",
) -> Authorised[Person]:
    """The person for a page that shows them, with a ``sensitive_read`` event (LG-1)."""
    # Outside any transaction: a refusal's authz_fail event must outlive the 404, and the
    # audit append is atomic by itself.
    found = person_for(actor, person_uuid, action)
    audit_record(
        actor=actor,
        action="sensitive_read",
        object_type="person",
        object_uuid=found.obj.uuid,
        payload={"view": view, "shown": sorted(found.standing.actions)},
    )
    return found


def person_search(*, actor: User, personal_code: str = "", full_name: str = "") -> list[Person]:
    """Exact matches by personal code or full name among the people the actor may see.

    Through the blind indexes only (DP-4): no row is decrypted to search. The hit list is
    audited with the matched records' ids; the terms are not (LG-3).
    """
    people = people_visible_to(actor)
    if personal_code.strip():
        people = people.filter(personal_code_index__in=personal_code_index_lookup(personal_code))
    if full_name.strip():
        people = people.filter(full_name_index__in=blind_index_lookup(full_name))
    with transaction.atomic():
        # A match tells the searcher that this code or name is this person's: only those
        # who may see the person's identity may learn it (a consent without the identity
        # category does not answer "is this their personal code?").
        found = [
            person
            for person in people.order_by("reference")[:SEARCH_LIMIT]
            if person_standing(actor, person).allows(Action.VIEW_IDENTITY)
        ]
        audit_record(
            actor=actor,
            action="sensitive_read",
            object_type="person",
            payload={
                "view": "person_search",
                "by": [
                    k
                    for k, v in (("personal_code", personal_code), ("full_name", full_name))
                    if v.strip()
                ],
                "results": [str(person.uuid) for person in found],
            },
        )
    return found
