"""The research export: one row per recognised victim in the field names and picklist values
of IOM's Human Trafficking Case Data Standard v2.0 (HTCDS; the fields as
docs/htcds-mapping.md lists them), k-anonymous with k = 11 over everything an outsider can
know of a person
and 2-diverse in the methods of control and the services (docs/security.md threat T5, "release
k-anonymous data (CTDC)"; EX-3 "the minimal field set").

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
quasi-identifier values and at most two sensitive values per combination
(atbalsts.disclosure.kanonymity, atbalsts.disclosure.ldiversity).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef

from atbalsts.access.policy import ExportKind
from atbalsts.accounts.models import User
from atbalsts.cases.models import CaseStatus, ClosureReason
from atbalsts.core.crypto import keyring
from atbalsts.core.fields import EncryptedTextField, associated_data_for
from atbalsts.courses.models import Delivery, ServiceLine
from atbalsts.disclosure.kanonymity import SUPPRESSED, Hierarchy, Key, suppress_all
from atbalsts.disclosure.ldiversity import (
    WITHHELD,
    DiverseRelease,
    Tally,
    choose,
    cost,
    release,
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

L = 2
"""Within each published combination, the methods of control and the services take at
least two distinct values (distinct l-diversity), or are withheld there."""

USEFUL_SHARE = Fraction(1, 2)
"""Microdata is worth releasing when at least half of the people keep an age band or a type
of exploitation; below that, the export says so and points to the aggregate statistics."""

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
# Everything an outsider can learn of a person (docs/htcds-mapping.md, "Who may try to find
# a person"): a court judgment, a news report or a relative tells sex, age, citizenship, the
# year, the form of exploitation, who recognised the person and the stages of the trafficking.
QUASI_IDENTIFIERS: tuple[str, ...] = (
    "prs_Gender",
    "vic_AgeWhenTrafficked",
    "prs_Citizenship",
    "cas_IncomingReferralDate",
    "vic_TypeOfExploitation",
    "vic_TraffickingStatusDecisionMakingOrg",
    "hte_Type",
)
# What the research studies and an outsider does not know: each published class holds at
# least L distinct values of each, or the column is withheld in that class.
SENSITIVE: tuple[str, ...] = ("vic_MethodsOfControl", "spl_Type")

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
# Bands a researcher compares with other sources: minors, young adults, then wider bands
# where victims are fewer.
ADULT_BANDS: tuple[tuple[int, int | None], ...] = ((18, 24), (25, 34), (35, 49), (50, None))
MINOR = f"<{ADULT}"
ADULT_ANY = f"{ADULT}+"


def _age_band(age: Any) -> Any:
    """Under 18, 18-24, 25-34, 35-49, 50+: a band never mixes minors and adults."""
    if age is None:
        return UNKNOWN
    if age < ADULT:
        return MINOR
    for start, end in ADULT_BANDS:
        if end is None:
            return f"{start}+"
        if age <= end:
            return f"{start}-{end}"
    raise AssertionError("the last band is open")  # pragma: no cover


def _minor_or_adult(age: Any) -> Any:
    if age is None:
        return UNKNOWN
    return MINOR if age < ADULT else ADULT_ANY


def _latvian_or_foreign(group: Any) -> Any:
    return group if group in {"LV", UNKNOWN} else "Foreign"


YEAR_PERIOD = 5


def _two_years(year: Any) -> Any:
    """Pairs of years inside each five-year period (2020-2021, 2022-2024: the fifth year joins
    the last pair), so that a pair never straddles two five-year periods."""
    start = year // YEAR_PERIOD * YEAR_PERIOD
    first = start + min((year - start) // 2 * 2, 2)
    last = start + 1 if first == start else start + YEAR_PERIOD - 1
    return f"{first}-{last}"


def _five_years(year: Any) -> Any:
    start = year // YEAR_PERIOD * YEAR_PERIOD
    return f"{start}-{start + YEAR_PERIOD - 1}"


SEXUAL = "Sexual"
LABOUR = "Labour"
CRIMINAL_ACTIVITIES = "CriminalActivities"
OTHER_OR_SEVERAL = "OtherOrSeveral"
# The groups of the HTCDS values researchers compare (GRETA, Eurostat): labour exploitation
# includes forced begging and servitude; "Other" is, in our codes, only forced criminality.
EXPLOITATION_GROUP: Mapping[str, str] = {
    "SexualExploitation": SEXUAL,
    "ForcedLabour": LABOUR,
    "ForcedBegging": LABOUR,
    "Servitude": LABOUR,
    "Other": CRIMINAL_ACTIVITIES,
}


def _exploitation_group(value: Any) -> Any:
    """The group of a multiselect cell: one group when all its forms belong to it, else
    "other or several"; nothing recorded stays unknown."""
    if not value:
        return UNKNOWN
    groups = {EXPLOITATION_GROUP.get(form, OTHER_OR_SEVERAL) for form in value.split(";")}
    return groups.pop() if len(groups) == 1 else OTHER_OR_SEVERAL


AGE = Hierarchy("vic_AgeWhenTrafficked", (_age_band, _minor_or_adult, suppress_all))
GENDER_LEVELS = Hierarchy("prs_Gender", (suppress_all,))
CITIZENSHIP_LEVELS = Hierarchy("prs_Citizenship", (_latvian_or_foreign, suppress_all))
YEAR = Hierarchy("cas_IncomingReferralDate", (_two_years, _five_years, suppress_all))
EXPLOITATION_LEVELS = Hierarchy("vic_TypeOfExploitation", (_exploitation_group, suppress_all))
DECISION_ORG_LEVELS = Hierarchy("vic_TraffickingStatusDecisionMakingOrg", (suppress_all,))
EVENT_LEVELS = Hierarchy("hte_Type", (suppress_all,))
HIERARCHIES: tuple[Hierarchy, ...] = (
    GENDER_LEVELS,
    AGE,
    CITIZENSHIP_LEVELS,
    YEAR,
    EXPLOITATION_LEVELS,
    DECISION_ORG_LEVELS,
    EVENT_LEVELS,
)
# What researchers lose most by: the age and the form of exploitation (the questions of
# GRETA's and Eurostat's reports), then the year; the rest count once.
WEIGHTS: tuple[int, ...] = (1, 3, 1, 2, 3, 1, 1)
AGE_BAND_LEVEL = 1
"""The coarsest age level that still publishes a band."""


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
        """The quasi-identifiers, in the order of :data:`QUASI_IDENTIFIERS`."""
        return (
            self.gender,
            self.age,
            self.citizenship,
            self.year,
            multiselect(self.exploitation, EXPLOITATION_ORDER),
            self.decision_org,
            multiselect(self.events, EVENT_ORDER),
        )

    def sensitive(self) -> tuple[str, ...]:
        """The sensitive columns, in the order of :data:`SENSITIVE`."""
        return (
            multiselect(self.control, CONTROL_ORDER),
            multiselect(self.support, SUPPORT_ORDER),
        )


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


def _screenings() -> Iterator[tuple[Any, ...]]:
    columns = ["case__person__uuid", "age_entered", "uuid", "purposes", "means", "acts"]
    columns.append("indicators")
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


def _victims() -> Iterator[_Victim]:
    """Every recognised person once (their first recognition), in the order of their UUID.
    Both passes read everything: the form of exploitation and the stages are
    quasi-identifiers, and the l-diversity of the sensitive columns is counted in the first."""
    screenings = _PersonStream(_screenings())
    deliveries = _PersonStream(_deliveries())
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


def _row(victim: _Victim, general: Key, shown: tuple[bool, ...]) -> list[str]:
    gender, age, citizenship, year, exploitation, decision_org, events = (
        _cell(value) for value in general
    )
    control, support = (
        value if is_shown else WITHHELD
        for value, is_shown in zip(victim.sensitive(), shown, strict=True)
    )
    return [
        TRAFFICKING_STATUS,
        decision_org,
        gender,
        age,
        citizenship,
        year,
        exploitation,
        control,
        events,
        support,
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


def htcds_choose(tallied: Tally) -> DiverseRelease:
    return choose(tallied, HIERARCHIES, k=K, weights=WEIGHTS)


def htcds_release(
    source: Callable[[], Iterator[_Victim]],
) -> tuple[DiverseRelease, Iterator[list[str]]]:
    """Both passes over ``source()`` (the database's victims, or any others): the choice of
    levels and withheld columns, and the rows as the second pass writes them."""
    tallied = tally(
        ((victim.key(), victim.sensitive()) for victim in source()),
        diversity=L,
        columns=len(SENSITIVE),
    )
    chosen = htcds_choose(tallied)
    del tallied  # only the published classes are kept during the second pass

    def rows() -> Iterator[list[str]]:
        for victim, general, shown in release(
            source(), key=_Victim.key, sensitive=_Victim.sensitive, chosen=chosen
        ):
            yield _row(victim, general, shown)

    return chosen, rows()


@dataclass(frozen=True)
class ReleaseCost:
    """What the protection of one export cost, for its README and its job page."""

    records: int
    suppressed: int
    # Quasi-identifier -> the level it is published at (0 = as recorded).
    levels: Mapping[str, int]
    # People (of all records) who keep an age band, a type of exploitation.
    age_band: int
    exploitation_type: int
    # People whose methods of control, services were withheld (l-diversity).
    control_withheld: int
    support_withheld: int

    @property
    def is_useful(self) -> bool:
        """Enough people keep an age band or a type of exploitation (:data:`USEFUL_SHARE`)."""
        return self.records > 0 and (
            Fraction(self.age_band, self.records) >= USEFUL_SHARE
            or Fraction(self.exploitation_type, self.records) >= USEFUL_SHARE
        )

    def as_summary(self) -> dict[str, Any]:
        return {
            "k": K,
            "records": self.records,
            "suppressed": self.suppressed,
            "levels": dict(self.levels),
            "age_band": self.age_band,
            "exploitation_type": self.exploitation_type,
            "control_withheld": self.control_withheld,
            "support_withheld": self.support_withheld,
            "is_useful": self.is_useful,
        }


def release_cost(chosen: DiverseRelease) -> ReleaseCost:
    spent = cost(chosen, uninformative={SUPPRESSED, UNKNOWN, ""})
    levels = dict(zip(QUASI_IDENTIFIERS, spent.levels, strict=True))
    age = QUASI_IDENTIFIERS.index(AGE.name)
    exploitation = QUASI_IDENTIFIERS.index(EXPLOITATION_LEVELS.name)
    return ReleaseCost(
        records=spent.records,
        suppressed=spent.suppressed,
        levels=levels,
        age_band=spent.informative[age] if levels[AGE.name] <= AGE_BAND_LEVEL else 0,
        exploitation_type=spent.informative[exploitation],
        control_withheld=spent.withheld[SENSITIVE.index("vic_MethodsOfControl")],
        support_withheld=spent.withheld[SENSITIVE.index("spl_Type")],
    )


class HtcdsRows(Iterator[list[str]]):
    """The rows of the HTCDS export (without the header, :data:`HEADER`), and once the first
    pass is done, :attr:`cost`: what the protection gave up.

    The first pass counts the quasi-identifiers and the sensitive values and chooses the
    generalisation; the second writes the rows of the people who are published. If the
    register changed between the passes so that a published combination fell below k or a
    published sensitive column below l, the second pass raises
    :class:`atbalsts.disclosure.kanonymity.ReleaseChangedError` at the end: the caller must
    discard what it wrote.
    """

    def __init__(self, *, actor: User, progress: Progress) -> None:
        if not user_may_export(actor, ExportKind.HTCDS):
            raise PermissionDenied
        self.cost: ReleaseCost | None = None
        self._rows = self._produce(progress)

    def _produce(self, progress: Progress) -> Iterator[list[str]]:
        counted = _Counted(progress, 2 * recognised_people())
        progress(0, counted.total)
        chosen, rows = htcds_release(lambda: counted.over(_victims()))
        self.cost = release_cost(chosen)
        yield from rows
        progress(counted.total, counted.total)

    def __next__(self) -> list[str]:
        return next(self._rows)

    def summary(self) -> dict[str, Any] | None:
        return None if self.cost is None else self.cost.as_summary()


def htcds_rows(*, actor: User, progress: Progress) -> HtcdsRows:
    return HtcdsRows(actor=actor, progress=progress)
