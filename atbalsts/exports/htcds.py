"""The research export: one row per recognised victim in the field names and picklist values
of IOM's Human Trafficking Case Data Standard v2.0 (HTCDS; /work/shared/domain/
htcds-v2-fields.md), k-anonymous with k = 11 over the quasi-identifiers (SECURITY.md threat
T5, "release k-anonymous data (CTDC)"; EX-3 "the minimal field set").

docs/htcds-mapping.md is the reader's version of this module: every code of ours and the
HTCDS value it becomes, the generalisation hierarchies, and what never leaves.

Nothing identifying is read beyond what a column needs: no names, personal codes, addresses,
phones, e-mails, notes, document numbers, UUIDs or dates. The birth date (encrypted) is
decrypted only to compute the age at recognition and is dropped at once; the screening's
code lists are decrypted only in the second pass, for the rows that are published. Rows
come out in the order of the person's random UUID, so their order says nothing about when
a person was registered.

Memory stays flat in the number of cases: every query is a narrow ``values_list`` read with
``.iterator(chunk_size=...)``, the per-person streams are merged in one pass (all ordered by
the person's UUID), and the k-anonymity pass keeps only counts per combination of
quasi-identifier values (atbalsts.disclosure.kanonymity).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef

from atbalsts.access.policy import ExportKind
from atbalsts.accounts.models import User
from atbalsts.cases.models import CaseStatus, ClosureReason
from atbalsts.core.crypto import keyring
from atbalsts.core.fields import EncryptedTextField, associated_data_for
from atbalsts.courses.models import Delivery, ServiceLine
from atbalsts.disclosure.kanonymity import (
    Generalisation,
    Hierarchy,
    Key,
    choose_levels,
    release,
    suppress_all,
    tally,
)
from atbalsts.exports.access import user_may_export
from atbalsts.identification.models import IdentificationBasis, Recognition
from atbalsts.people.models import CitizenshipGroup, Person, Sex
from atbalsts.rules.screening import age_on
from atbalsts.screening.models import Screening, ScreeningStatus

Progress = Callable[[int, int | None], None]

K = 11
"""Every combination of published quasi-identifier values is shared by at least 11 people,
the threshold CTDC publishes its k-anonymised global dataset with."""

CHUNK_SIZE = 2000
PROGRESS_EVERY = 1000
MULTI_SEPARATOR = ";"  # HTCDS multiselect picklists, as Salesforce stores them
UNKNOWN = "Unknown"

# --- The columns ------------------------------------------------------------------------

HEADER: tuple[str, ...] = (
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "prs_Gender",
    "vic_AgeWhenTrafficked",
    "prs_Citizenship",
    "cas_IncomingReferralDate",
    "vic_TypeOfExploitation",
    "vic_MethodsOfControl",
    "hte_Type",
    "spl_Type",
    "cas_Status",
)
QUASI_IDENTIFIERS: tuple[str, ...] = (
    "prs_Gender",
    "vic_AgeWhenTrafficked",
    "prs_Citizenship",
    "cas_IncomingReferralDate",
)

# --- Our codes -> HTCDS values ----------------------------------------------------------

# Only recognised victims are exported (Regulation No. 889 / No. 344 recognition).
TRAFFICKING_STATUS = "ActualVictimOfTrafficking"

DECISION_MAKING_ORG: Mapping[str, str] = {
    # The person directing criminal proceedings (police investigator or prosecutor's
    # decision) or a law-enforcement certificate.
    IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION: "Police",
    IdentificationBasis.FOREIGN_LAW_ENFORCEMENT_CERTIFICATE: "Police",
    # The specialist commission of the NGO providing the state-funded course.
    IdentificationBasis.COMMISSION_OPINION: "NGO",
}

GENDER: Mapping[str, str] = {
    Sex.FEMALE: "Feminine",
    Sex.MALE: "Masculine",
    Sex.OTHER: "NonConforming",
    Sex.UNKNOWN: "NonSpecifiedUnknown",
}

# The register keeps only the group of the citizenship (atbalsts/people/models.py), never
# the country: ISO 3166-1 "LV" for Latvia, and two group values for the rest.
CITIZENSHIP: Mapping[str, str] = {
    CitizenshipGroup.LATVIA: "LV",
    CitizenshipGroup.OTHER_EU: "OtherEU",
    CitizenshipGroup.THIRD_COUNTRY: "ThirdCountry",
    CitizenshipGroup.UNKNOWN: UNKNOWN,
}

# catalogue.yaml exploitation_forms -> vic_TypeOfExploitation.
EXPLOITATION: Mapping[str, str] = {
    "sexual": "SexualExploitation",
    "forced_labour": "ForcedLabour",
    # ILO Convention No. 29: "forced or compulsory labour" means all work *or service*.
    "forced_services": "ForcedLabour",
    # Sham marriages arranged for a residence permit, the form Latvian victims know best.
    "sham_marriage": "ForcedMarriage",
    "forced_criminality": "Other",
    "forced_begging": "ForcedBegging",
    "slavery_servitude": "Servitude",
    "organ_removal": "OrganRemoval",
}

# catalogue.yaml legal_means (s.154.2(1)) -> vic_MethodsOfControl.
MEANS_CONTROL: Mapping[str, tuple[str, ...]] = {
    "violence_threats": ("PhysicalAbuse", "PhysicalThreats"),
    "abduction_deceit": ("FalsePromises",),
    "abuse_vulnerability": ("Other",),
    "benefits_for_consent": ("Other",),
}

# catalogue.yaml indicators (the 18 signs of exploitation) -> vic_MethodsOfControl.
INDICATOR_CONTROL: Mapping[str, tuple[str, ...]] = {
    "violence_threats": ("PhysicalAbuse", "PhysicalThreats"),
    "documents_confiscated": ("WithholdsDocuments",),
    "low_or_no_pay": ("TakesEarnings",),
    "debt_bondage": ("DebtBondage",),
    "secret_terms_deductions": ("TakesEarnings",),
    "excessive_charges": ("DebtBondage",),
    "movement_controlled": ("Other",),
    "irregular_deductions": ("TakesEarnings",),
    "excessive_hours": ("ExcessiveWorkingHours",),
    "no_days_off": ("ExcessiveWorkingHours",),
    "isolation": ("Other",),
    "language_courses_denied": ("Other",),
    "threats_dismissal_authorities": ("ThreatsLawEnforcement",),
    "recruitment_fee": ("DebtBondage",),
    "deception_about_work": ("FalsePromises",),
    "union_denied": ("Other",),
    "unsafe_conditions": ("WithholdsNecessities",),
    "medical_care_denied": ("RestrictsMedicalCare",),
}

# catalogue.yaml legal_acts (s.154.2(1)) -> hte_Type: the stages of the trafficking that
# took place. Concealment, accommodation and receipt happen where the person is exploited.
ACT_EVENT: Mapping[str, str] = {
    "recruitment": "Recruitment",
    "transportation": "Transit",
    "transfer": "Transit",
    "concealment": "Exploitation",
    "accommodation": "Exploitation",
    "receipt": "Exploitation",
}

# catalogue.yaml specialists -> spl_Type of a consultation with them.
SPECIALIST_SUPPORT: Mapping[str, str] = {
    "social_worker": "SocialCare",
    "psychologist": "Health",
    "lawyer": "Legal",
    "medical": "Health",
    "other": "SocialCare",
}

# catalogue.yaml course_services -> spl_Type (a consultation: by its specialist).
COURSE_SUPPORT: Mapping[str, str] = {
    "accommodation": "SocialCare",
    "self_care_skills": "SocialCare",
    "essentials": "Financial",
    "transport": "Financial",
    "documents": "Legal",
    "education_employment": "Education",
    "travel_from_abroad": "Financial",
}

# Every kind of criminal-process support (lawyer, interpreter, court representation, ...)
# serves the person's part in the proceedings.
CRIMINAL_PROCESS_SUPPORT = "Legal"

# HTCDS picklists in the standard's order: multiselect values are written in this order.
EXPLOITATION_ORDER = (
    "ForcedLabour",
    "SexualExploitation",
    "ChildLabour",
    "ForcedMarriage",
    "Servitude",
    "ForcedMilitaryByNonStateActors",
    "OrganRemoval",
    "ForcedBegging",
    "ForcedAdoption",
    "Surrogacy",
    "Other",
)
CONTROL_ORDER = (
    "PhysicalThreats",
    "ThreatsLawEnforcement",
    "ThreatensChildrenFamily",
    "DebtBondage",
    "FalsePromises",
    "PhysicalAbuse",
    "SexualAbuse",
    "TakesEarnings",
    "RestrictsFinancialAccess",
    "RestrictsMedicalCare",
    "WithholdsNecessities",
    "PsychologicalAbuse",
    "PsychoactiveSubstance",
    "ExcessiveWorkingHours",
    "WithholdsDocuments",
    "Other",
)
EVENT_ORDER = ("Recruitment", "Transit", "Exploitation")
SUPPORT_ORDER = (
    "Education",
    "Financial",
    "Health",
    "LabourExploitationRehabilitation",
    "Legal",
    "Livelihood",
    "RightsBasedTraining",
    "SexualExploitationRehabilitation",
    "SocialCare",
)


def case_status(status: str, closure_reason: str) -> str:
    """cas_Status: an open case is Active; a closed one Closed, or ClosedReferred when
    another organisation took it over."""
    if status == CaseStatus.OPEN:
        return "Active"
    return "ClosedReferred" if closure_reason == ClosureReason.TAKEN_OVER else "Closed"


def support_type(service: str, kind: str, specialist: str) -> str | None:
    """spl_Type of one delivered service (``Delivery.service``, ``kind``, ``specialist``)."""
    if service == ServiceLine.CRIMINAL_PROCESS_SUPPORT:
        return CRIMINAL_PROCESS_SUPPORT
    if service == ServiceLine.COURSE:
        if kind == "consultation":
            return SPECIALIST_SUPPORT.get(specialist)
        return COURSE_SUPPORT.get(kind)
    # Post-course and family consultations name their specialist as the kind.
    return SPECIALIST_SUPPORT.get(kind)


def multiselect(values: Collection[str], order: tuple[str, ...]) -> str:
    return MULTI_SEPARATOR.join(value for value in order if value in values)


# --- The quasi-identifiers and their hierarchies ---------------------------------------

ADULT = 18
YOUNG_CHILD = 14  # Criminal Law s.154.1(3): "against a young child" (under 14)
TOP_CODED_AGE = 68  # ages from here on are one band: few victims are older


def _age_band(width: int) -> Callable[[Any], Any]:
    """Bands of ``width`` years from 18 up, open above 68; minors 0-13 and 14-17 (5-year
    level) or 0-17 (10-year level), so a band never mixes minors and adults."""

    def band(age: Any) -> Any:
        if age is None:
            return UNKNOWN
        if age >= TOP_CODED_AGE:
            return f"{TOP_CODED_AGE}+"
        if age < ADULT:
            if width >= 10:
                return f"0-{ADULT - 1}"
            return f"0-{YOUNG_CHILD - 1}" if age < YOUNG_CHILD else f"{YOUNG_CHILD}-{ADULT - 1}"
        start = ADULT + (age - ADULT) // width * width
        return f"{start}-{start + width - 1}"

    return band


def _minor_or_adult(age: Any) -> Any:
    if age is None:
        return UNKNOWN
    return f"<{ADULT}" if age < ADULT else f"{ADULT}+"


def _latvian_or_foreign(group: Any) -> Any:
    return group if group in {"LV", UNKNOWN} else "Foreign"


def _years(width: int) -> Callable[[Any], Any]:
    """Periods of ``width`` years starting at multiples of ``width`` (2024-2025, 2024-2027),
    so the shorter periods nest in the longer ones."""

    def period(year: Any) -> Any:
        start = year // width * width
        return f"{start}-{start + width - 1}"

    return period


AGE = Hierarchy(
    "vic_AgeWhenTrafficked", (_age_band(5), _age_band(10), _minor_or_adult, suppress_all)
)
GENDER_LEVELS = Hierarchy("prs_Gender", (suppress_all,))
CITIZENSHIP_LEVELS = Hierarchy("prs_Citizenship", (_latvian_or_foreign, suppress_all))
YEAR = Hierarchy("cas_IncomingReferralDate", (_years(2), _years(4), suppress_all))
HIERARCHIES: tuple[Hierarchy, ...] = (GENDER_LEVELS, AGE, CITIZENSHIP_LEVELS, YEAR)


def _cell(value: Any) -> str:
    return UNKNOWN if value is None else str(value)


# --- Reading the database ---------------------------------------------------------------


@dataclass(slots=True)
class _Victim:
    """What one recognised person contributes to the export (no identifier kept)."""

    gender: str
    age: int | None
    citizenship: str
    year: int
    decision_org: str
    status: str
    exploitation: set[str]
    control: set[str]
    events: set[str]
    support: set[str]

    def key(self) -> Key:
        return (self.gender, self.age, self.citizenship, self.year)


def _encrypted(model: type[Any], name: str) -> EncryptedTextField:
    field = model._meta.get_field(name)
    if not isinstance(field, EncryptedTextField):
        raise TypeError(f"{model.__name__}.{name} is not encrypted")
    return field


BIRTH_DATE = _encrypted(Person, "birth_date")
BASIS = _encrypted(Recognition, "basis")
SCREENING_CODES = {
    name: _encrypted(Screening, name) for name in ("purposes", "means", "acts", "indicators")
}


def _decrypt(field: EncryptedTextField, row_uuid: uuid.UUID, envelope: Any) -> Any:
    """One stored value, decrypted with the associated data of its row."""
    if not envelope:
        return None
    text = keyring().decrypt(
        bytes(envelope), associated_data=associated_data_for(field.model, field.name, row_uuid)
    )
    return field.from_text(text)


class _PersonStream:
    """Rows of a query ordered by the person's UUID (first column), handed out person by
    person while the main stream walks the same order: a merge join in constant memory."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self._rows = rows
        self._next: tuple[Any, ...] | None = next(rows, None)

    def take(self, person: uuid.UUID) -> list[tuple[Any, ...]]:
        taken: list[tuple[Any, ...]] = []
        while self._next is not None and self._next[0] <= person:
            if self._next[0] == person:
                taken.append(self._next)
            current = self._next[0]
            self._next = next(self._rows, None)
            if self._next is not None and self._next[0] < current:
                raise RuntimeError("A stream of the HTCDS export is not in the person order.")
        return taken


def _recognised_person() -> Exists:
    return Exists(Recognition.objects.filter(case__person_id=OuterRef("case__person_id")))


def _recognitions() -> Iterator[tuple[Any, ...]]:
    return (
        Recognition.objects.order_by("case__person__uuid", "recognised_on", "pk")
        .values_list(
            "case__person__uuid",
            "case__person__birth_date",
            "case__person__sex",
            "case__person__citizenship_group",
            "recognised_on",
            "uuid",
            "basis",
            "case__opened_on",
            "case__status",
            "case__closure_reason",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _screenings(*, codes: bool) -> Iterator[tuple[Any, ...]]:
    columns = ["case__person__uuid", "age_entered"]
    if codes:
        columns += ["uuid", "purposes", "means", "acts", "indicators"]
    return (
        Screening.objects.filter(_recognised_person(), status=ScreeningStatus.COMPLETED)
        .order_by("case__person__uuid", "assessed_on", "pk")
        .values_list(*columns)
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _deliveries() -> Iterator[tuple[Any, ...]]:
    recognised = Exists(
        Recognition.objects.filter(case__person_id=OuterRef("course__case__person_id"))
    )
    return (
        Delivery.objects.filter(recognised)
        .order_by("course__case__person__uuid", "service", "kind", "specialist")
        .values_list("course__case__person__uuid", "service", "kind", "specialist")
        .distinct()
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _age(
    person: uuid.UUID, birth_envelope: Any, recognised_on: datetime.date, screenings: list[Any]
) -> int | None:
    """The age at recognition from the birth date, else the age told at the latest
    completed screening; the birth date is dropped here. A birth date after the recognition
    (a typing error) counts as unknown rather than stopping the export."""
    birth_date = _decrypt(BIRTH_DATE, person, birth_envelope)
    if birth_date is not None and birth_date <= recognised_on:
        return age_on(birth_date, recognised_on)
    told = [row[1] for row in screenings if row[1] is not None]
    return told[-1] if told else None


def _victims(*, full: bool) -> Iterator[_Victim]:
    """Every recognised person once (their first recognition), in the order of their UUID.
    With ``full``, the code lists and the services too; else only the quasi-identifiers."""
    screenings = _PersonStream(_screenings(codes=full))
    deliveries = _PersonStream(_deliveries() if full else iter(()))
    previous: uuid.UUID | None = None
    for row in _recognitions():
        person, birth, sex, citizenship, recognised_on, recognition, basis = row[:7]
        opened_on, status, reason = row[7:]
        if person == previous:
            continue  # recognised on a second case too: the person counts once
        previous = person
        own_screenings = screenings.take(person)
        victim = _Victim(
            gender=GENDER[sex],
            age=_age(person, birth, recognised_on, own_screenings),
            citizenship=CITIZENSHIP[citizenship],
            year=opened_on.year,
            decision_org=DECISION_MAKING_ORG[_decrypt(BASIS, recognition, basis)],
            status=case_status(status, reason),
            exploitation=set(),
            control=set(),
            events=set(),
            support=set(),
        )
        if full:
            _add_screenings(victim, own_screenings)
            for _person, service, kind, specialist in deliveries.take(person):
                support = support_type(service, kind, specialist)
                if support is not None:
                    victim.support.add(support)
        yield victim


def _add_screenings(victim: _Victim, rows: list[tuple[Any, ...]]) -> None:
    """What every completed screening of the person found, decrypted for this row only."""
    for _person, _age_entered, screening, purposes, means, acts, indicators in rows:
        for code in _decrypt(SCREENING_CODES["purposes"], screening, purposes) or ():
            victim.exploitation.add(EXPLOITATION[code])
        for code in _decrypt(SCREENING_CODES["means"], screening, means) or ():
            victim.control.update(MEANS_CONTROL[code])
        for code in _decrypt(SCREENING_CODES["indicators"], screening, indicators) or ():
            victim.control.update(INDICATOR_CONTROL[code])
        for code in _decrypt(SCREENING_CODES["acts"], screening, acts) or ():
            victim.events.add(ACT_EVENT[code])


def _row(victim: _Victim, general: Key) -> list[str]:
    gender, age, citizenship, year = (_cell(value) for value in general)
    return [
        TRAFFICKING_STATUS,
        victim.decision_org,
        gender,
        age,
        citizenship,
        year,
        multiselect(victim.exploitation, EXPLOITATION_ORDER),
        multiselect(victim.control, CONTROL_ORDER),
        multiselect(victim.events, EVENT_ORDER),
        multiselect(victim.support, SUPPORT_ORDER),
        victim.status,
    ]


class _Counted:
    """Reports progress as records are read, over both passes (each person twice)."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def over(self, victims: Iterator[_Victim]) -> Iterator[_Victim]:
        for victim in victims:
            yield victim
            self.done = min(self.done + 1, self.total)
            if self.done % PROGRESS_EVERY == 0:
                self.progress(self.done, self.total)


def recognised_people() -> int:
    return Recognition.objects.values("case__person_id").distinct().count()


def htcds_generalisation(counts: Mapping[Key, int]) -> Generalisation:
    return choose_levels(counts, HIERARCHIES, k=K)


def htcds_rows(*, actor: User, progress: Progress) -> Iterator[list[str]]:
    """The rows of the HTCDS export (without the header, :data:`HEADER`).

    The first pass counts the quasi-identifiers and chooses the generalisation; the second
    writes the rows of the people who are published. If the register changed between the
    passes so that a published combination fell below k, the second pass raises
    :class:`atbalsts.disclosure.kanonymity.ReleaseChangedError` at the end: the caller must
    discard what it wrote.
    """
    if not user_may_export(actor, ExportKind.HTCDS):
        raise PermissionDenied
    counted = _Counted(progress, 2 * recognised_people())
    progress(0, counted.total)
    # The first pass's counts are not kept during the second: only the published classes.
    generalisation = htcds_generalisation(
        tally(victim.key() for victim in counted.over(_victims(full=False)))
    )
    for victim, general in release(
        counted.over(_victims(full=True)), key=_Victim.key, generalisation=generalisation
    ):
        yield _row(victim, general)
    progress(counted.total, counted.total)
