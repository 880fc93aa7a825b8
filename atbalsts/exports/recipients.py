"""SIVA's register of the recipients of the state-funded social rehabilitation service
(Cabinet Regulation No. 344 §2.2): who was granted the service (name, personal code or date
of birth) and the dates of their course.

The person's address is contact information (``atbalsts.people.services.CONTACT_FIELDS``),
which the access policy withholds from SIVA (its ``agency_submitted`` relation grants
identity, not contact): the register shows and exports it only if the policy grants it.

One row per submission SIVA granted: a person granted the service twice (two cases) appears
twice, each with its own course. Anonymised cases are left out: they no longer name anyone.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import TypeVar

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from atbalsts.access.policy import (
    CATEGORY_ACTIONS,
    Capability,
    ExportKind,
    Relation,
    Role,
    can,
    decide,
)
from atbalsts.accounts.models import User
from atbalsts.agency.models import AgencySubmission, SubmissionStatus
from atbalsts.core.fields import blind_index_lookup
from atbalsts.exports.registry import Progress, register
from atbalsts.people.services import personal_code_index_lookup

_Column = TypeVar("_Column")


def shows_address(*, role: Role | str = Role.AGENCY_COORDINATOR) -> bool:
    """Does the policy let the register's readers see the address of the people in it?"""
    return decide(role, {Relation.AGENCY_SUBMITTED}, CATEGORY_ACTIONS["contact"])


SHOWS_ADDRESS = shows_address()
_ADDRESS_COLUMN = 4


def register_columns(
    columns: Sequence[_Column], *, with_address: bool = SHOWS_ADDRESS
) -> tuple[_Column, ...]:
    """The register's columns (or one row's cells), without the address unless it is shown."""
    if with_address:
        return tuple(columns)
    return (*columns[:_ADDRESS_COLUMN], *columns[_ADDRESS_COLUMN + 1 :])


class CourseState:
    NOT_STARTED = "not_started"
    RUNNING = "running"
    ENDED = "ended"


def recipients_for(
    *,
    actor: User,
    full_name: str = "",
    personal_code: str = "",
    course_state: str = "",
    provider_uuid: str = "",
) -> QuerySet[AgencySubmission]:
    """The granted submissions of the actor's SIVA, with person, provider and course dates.

    Names and personal codes are matched exactly through the blind indexes (DP-4): no row
    is decrypted to search. Nobody but SIVA sees any row.
    """
    if not actor.is_active or not can(actor.role, Capability.VIEW_RECIPIENT_REGISTER):
        return AgencySubmission.objects.none()
    rows = (
        AgencySubmission.objects.filter(
            agency=actor.organisation,
            status=SubmissionStatus.GRANTED,
            case__anonymised_at__isnull=True,
        )
        .select_related("case__person", "case__organisation")
        .annotate(
            course_start=F("case__course__start_date"), course_end=F("case__course__end_date")
        )
        .only(
            "uuid",
            "decided_at",
            "case__uuid",
            "case__code",
            "case__organisation__uuid",
            "case__organisation__name",
            "case__person__uuid",
            "case__person__first_name",
            "case__person__last_name",
            "case__person__personal_code",
            "case__person__birth_date",
            *(["case__person__address"] if SHOWS_ADDRESS else []),
        )
        .order_by("-decided_at", "-pk")
    )
    if full_name.strip():
        rows = rows.filter(case__person__full_name_index__in=blind_index_lookup(full_name))
    if personal_code.strip():
        rows = rows.filter(
            case__person__personal_code_index__in=personal_code_index_lookup(personal_code)
        )
    if provider_uuid:
        rows = rows.filter(case__organisation__uuid=provider_uuid)
    if course_state == CourseState.NOT_STARTED:
        rows = rows.filter(case__course__isnull=True)
    elif course_state == CourseState.RUNNING:
        rows = rows.filter(case__course__isnull=False, case__course__end_date__isnull=True)
    elif course_state == CourseState.ENDED:
        rows = rows.filter(case__course__end_date__isnull=False)
    return rows


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def recipient_row(submission: AgencySubmission) -> list[str]:
    """One row of the register, in REGISTER_HEADER's order; decrypts this row only."""
    person = submission.case.person
    decided = submission.decided_at
    return [
        person.first_name or "",
        person.last_name or "",
        person.personal_code or "",
        _date(person.birth_date),
        *([person.address or ""] if SHOWS_ADDRESS else []),
        submission.case.organisation.name,
        _date(decided.date() if decided else None),
        _date(getattr(submission, "course_start", None)),
        _date(getattr(submission, "course_end", None)),
    ]


# The file's columns are in Latvian whatever the requester's language: the register is a
# Latvian state record.
REGISTER_HEADER: Sequence[str] = register_columns(
    (
        "Vārds",
        "Uzvārds",
        "Personas kods",
        "Dzimšanas datums",
        "Adrese",
        "Pakalpojuma sniedzējs",
        "Pakalpojums piešķirts",
        "Kursa sākums",
        "Kursa beigas",
    )
)

# The page's columns, in the requester's language.
REGISTER_COLUMNS = register_columns(
    (
        _("First name"),
        _("Last name"),
        _("Personal code"),
        _("Date of birth"),
        _("Address"),
        _("Service provider"),
        _("Service granted on"),
        _("Course start"),
        _("Course end"),
    )
)

_PROGRESS_EVERY = 200
_FETCH_CHUNK = 500


@register(ExportKind.RECIPIENT_REGISTER, header=REGISTER_HEADER, file_stem="recipient-register")
def produce_recipient_register(*, actor: User, progress: Progress) -> Iterator[Sequence[str]]:
    rows = recipients_for(actor=actor)
    total = rows.count()
    progress(0, total)
    done = 0
    for submission in rows.iterator(chunk_size=_FETCH_CHUNK):
        yield recipient_row(submission)
        done += 1
        if done % _PROGRESS_EVERY == 0:
            progress(done, total)
    progress(done, total)
