"""The records an event is about, named by what a data-protection officer recognises.

An event holds only the record's opaque identifier. The trail shows instead the code staff use
for it — the social case's code (``AT-…``), the person's reference (``P-…``), the username —
while the record exists, and finds events by such a code. Only these pseudonymous codes are
read: no identity is decrypted for the trail (docs/security.md LG-3).

Codes are looked up in bulk, one query per kind of record on the page, never one per event;
a code typed in the search is resolved in two queries.
"""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.apps import apps


class CodeKind(enum.Enum):
    CASE = "case"
    PERSON = "person"
    OTHER = "other"


@dataclass(frozen=True)
class _Source:
    """Where the code of one kind of record is: the model and the path to the code."""

    model: str
    code_path: str
    kind: CodeKind


_CASE = _Source("cases.Case", "code", CodeKind.CASE)
_PERSON = _Source("people.Person", "reference", CodeKind.PERSON)
_USER = _Source("accounts.User", "username", CodeKind.OTHER)

# Object type → where its identifier may be found, in order. An object type absent here (a
# page, the statistics) names no single record.
_SOURCES: Mapping[str, tuple[_Source, ...]] = {
    "case": (_CASE,),
    "cases.case": (_CASE,),
    "person": (_PERSON,),
    "user": (_USER,),
    "accounts.user": (_USER,),
    "accounts.totpdevice": (_Source("accounts.TotpDevice", "user__username", CodeKind.OTHER),),
    "accounts.backupcodedevice": (
        _Source("accounts.BackupCodeDevice", "user__username", CodeKind.OTHER),
    ),
    "api_token": (_Source("api.ApiToken", "user__username", CodeKind.OTHER),),
    "organisation": (_Source("accounts.Organisation", "code", CodeKind.OTHER),),
    "contact": (_Source("directory.Contact", "code", CodeKind.OTHER),),
    "calendar_override": (_Source("workcalendar.CalendarOverride", "reference", CodeKind.OTHER),),
    "screening": (_Source("screening.Screening", "case__code", CodeKind.CASE),),
    "commission": (_Source("identification.Commission", "case__code", CodeKind.CASE),),
    "agency_submission": (_Source("agency.AgencySubmission", "case__code", CodeKind.CASE),),
    "agency_decision": (_Source("agency.AgencySubmission", "case__code", CodeKind.CASE),),
    "referral": (_Source("consent.Referral", "case__code", CodeKind.CASE),),
    "consent.referral": (_Source("consent.Referral", "case__code", CodeKind.CASE),),
    "consent": (_Source("consent.Consent", "person__reference", CodeKind.PERSON),),
    "consent.consent": (_Source("consent.Consent", "person__reference", CodeKind.PERSON),),
    "course": (_Source("courses.Course", "case__code", CodeKind.CASE),),
    "plan": (_Source("courses.Plan", "course__case__code", CodeKind.CASE),),
    "follow_up": (_Source("casework.FollowUpContact", "management__case__code", CodeKind.CASE),),
    "family_task": (_Source("casework.FamilyTask", "management__case__code", CodeKind.CASE),),
    "information_request": (_Source("casework.InformationRequest", "case__code", CodeKind.CASE),),
    "attachment": (_Source("attachments.Attachment", "case__code", CodeKind.CASE),),
    # The officer's own searches name the case or the person searched for.
    "audit_trail": (_CASE, _PERSON),
}

# Codes as core.references makes them: a prefix and two groups of four.
_CODE = re.compile(r"(?P<prefix>AT|P)-[0-9A-Z]{4}-[0-9A-Z]{4}")
_PREFIX_KIND = {"AT": CodeKind.CASE, "P": CodeKind.PERSON}


def sources_for(object_type: str) -> tuple[_Source, ...]:
    return _SOURCES.get(object_type, ())


def all_sources() -> set[_Source]:
    return {source for sources in _SOURCES.values() for source in sources}


def object_codes(objects: Iterable[tuple[str, uuid.UUID | None]]) -> dict[uuid.UUID, str]:
    """The code of each (object type, identifier) whose record still exists."""
    wanted: dict[_Source, set[uuid.UUID]] = {}
    for object_type, object_uuid in objects:
        if object_uuid is None:
            continue
        for source in sources_for(object_type):
            wanted.setdefault(source, set()).add(object_uuid)
    found: dict[uuid.UUID, str] = {}
    for source, uuids in wanted.items():
        model = apps.get_model(source.model)
        rows = model._default_manager.filter(uuid__in=uuids).values_list("uuid", source.code_path)
        found.update((row_uuid, code) for row_uuid, code in rows if code)
    return found


def parse_code(text: str) -> str | None:
    """The case code or person reference typed, in its canonical form, or None."""
    compact = "".join(text.split()).upper()
    return compact if _CODE.fullmatch(compact) else None


@dataclass(frozen=True)
class CodeMatch:
    """What a case code or person reference found: the case or person itself and every record
    the trail shows under the same code (its screenings, course, plan, consents …)."""

    record: uuid.UUID | None
    objects: list[uuid.UUID]


_RECORD_SOURCE = {CodeKind.CASE: _CASE, CodeKind.PERSON: _PERSON}


def objects_for_code(code: str) -> CodeMatch:
    """The records shown under ``code`` (canonical, see :func:`parse_code`)."""
    match = _CODE.fullmatch(code)
    if match is None:
        return CodeMatch(record=None, objects=[])
    kind = _PREFIX_KIND[match.group("prefix")]
    record_source = _RECORD_SOURCE[kind]
    record = (
        apps.get_model(record_source.model)
        ._default_manager.filter(**{record_source.code_path: code})
        .values_list("uuid", flat=True)
        .first()
    )
    if record is None:
        return CodeMatch(record=None, objects=[])
    related = [
        apps.get_model(source.model)
        ._default_manager.filter(**{source.code_path: code})
        .order_by()
        .values_list("uuid", flat=True)
        for source in sorted(all_sources(), key=lambda s: (s.model, s.code_path))
        if source.kind is kind and source != record_source
    ]
    # One query for every kind of record shown under the code, however many kinds there are.
    found = [record, *(related[0].union(*related[1:], all=True) if related else [])]
    return CodeMatch(record=record, objects=found)
