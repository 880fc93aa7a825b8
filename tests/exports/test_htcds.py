"""The HTCDS research export: HTCDS v2.0 columns and values, k-anonymous with k = 11, no
direct identifier in any cell (canary scan), progress to the end (docs/security.md T5, EX-3)."""

from __future__ import annotations

import datetime
import itertools
import re
import uuid
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atbalsts.accounts.models import User
from atbalsts.cases.models import Case, CaseStatus, ClosureReason
from atbalsts.courses.models import Course, Delivery, ServiceLine
from atbalsts.disclosure.kanonymity import is_monotone_on
from atbalsts.exports import htcds
from atbalsts.exports.models import ExportGrant
from atbalsts.identification.models import IdentificationBasis, Recognition
from atbalsts.identification.services import recognition_record
from atbalsts.people.models import CitizenshipGroup, Person, Sex
from atbalsts.rules import catalogue
from atbalsts.screening import services as screening_services
from atbalsts.screening.models import Screening, ScreeningStatus
from tests.people.factories import make_case, make_person

pytestmark = pytest.mark.django_db

MAPPING_DOC = Path(__file__).resolve().parents[2] / "docs" / "htcds-mapping.md"
RECOGNISED_ON = datetime.date(2024, 6, 2)
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}")
_sequence = itertools.count(1)


@pytest.fixture
def analyst(personas: dict[str, User]) -> User:
    user = personas["ministry_analyst"]
    ExportGrant.objects.create(user=user, kind="htcds", granted_by=personas["system_admin"])
    return user


def _identity(n: int) -> dict[str, Any]:
    return {
        "first_name": f"CANARY-NAME-{n}",
        "last_name": f"CANARY-SURNAME-{n}",
        "personal_code": f"CANARY-PC-{n:06d}",
        "address": f"CANARY-ADDRESS iela {n}",
        "phone": f"+371 2000{n:04d}",
        "email": f"canary{n}@example.lv",
        "shelter_location": f"CANARY-SHELTER-{n}",
    }


def _recognised(
    manager: User,
    *,
    sex: str = Sex.FEMALE,
    birth_date: datetime.date | None = datetime.date(1994, 3, 1),
    citizenship: str = CitizenshipGroup.LATVIA,
    opened_on: datetime.date = datetime.date(2024, 5, 10),
    basis: str = IdentificationBasis.COMMISSION_OPINION,
    screening: dict[str, Any] | None = None,
    deliveries: tuple[tuple[str, str, str], ...] = (),
    **case_fields: Any,
) -> Case:
    """A recognised person (consistent rows, saved like the services save them) with a
    canary in every identifying field."""
    n = next(_sequence)
    person = make_person(
        created_by=manager,
        sex=sex,
        citizenship_group=citizenship,
        **{**_identity(n), "birth_date": birth_date},
    )
    case = make_case(
        person=person,
        created_by=manager,
        opened_on=opened_on,
        notes=f"CANARY-NOTES-{n}",
        **case_fields,
    )
    Recognition(
        case=case,
        basis=basis,
        document_reference=f"CANARY-DOC-{n}",
        document_issuer=f"CANARY-ISSUER-{n}",
        recognised_on=RECOGNISED_ON,
        recorded_by=manager,
    ).save()
    if screening is not None:
        Screening(
            case=case,
            status=ScreeningStatus.COMPLETED,
            assessed_on=opened_on,
            created_by=manager,
            migration_notes=f"CANARY-SCREENING-{n}",
            **screening,
        ).save()
    if deliveries:
        course = Course.objects.create(
            case=case,
            start_date=opened_on,
            created_by=manager,
            end_note=f"CANARY-COURSE-{n}",
        )
        for service, kind, specialist in deliveries:
            Delivery.objects.create(
                course=course,
                service=service,
                kind=kind,
                specialist=specialist,
                quantity=Decimal("1.00"),
                delivered_on=opened_on,
                recorded_by=manager,
            )
    return case


def _export(actor: User) -> tuple[list[list[str]], list[tuple[int, int | None]]]:
    calls: list[tuple[int, int | None]] = []
    rows = list(
        htcds.htcds_rows(actor=actor, progress=lambda done, total: calls.append((done, total)))
    )
    return rows, calls


def _quasi_identifiers(rows: list[list[str]]) -> Counter[tuple[str, ...]]:
    columns = [htcds.HEADER.index(name) for name in htcds.QUASI_IDENTIFIERS]
    return Counter(tuple(row[i] for i in columns) for row in rows)


def test_recognised_victims_come_out_in_htcds_values(
    personas: dict[str, User], analyst: User
) -> None:
    manager = personas["provider_case_manager"]
    for n in range(11):
        _recognised(
            manager,
            screening={
                "purposes": ["sexual", "sham_marriage"],
                "means": ["violence_threats"],
                "acts": ["recruitment", "receipt"],
                "indicators": ["documents_confiscated"] if n % 2 else [],
            },
            deliveries=(
                (ServiceLine.COURSE, "consultation", "psychologist"),
                (ServiceLine.CRIMINAL_PROCESS_SUPPORT, "interpreter", ""),
            ),
        )

    rows, _calls = _export(analyst)

    assert sorted(rows) == [
        [
            "ActualVictimOfTrafficking",
            "NGO",
            "Feminine",
            "30",
            "LV",
            "2024",
            "SexualExploitation;ForcedMarriage",
            control,
            "Recruitment;Exploitation",
            # The same services for all eleven would tell each of them: withheld.
            "*",
            "Active",
        ]
        for control in ["PhysicalThreats;PhysicalAbuse"] * 6
        + ["PhysicalThreats;PhysicalAbuse;WithholdsDocuments"] * 5
    ]


def test_a_lone_combination_is_generalised_or_suppressed_until_every_one_is_shared_by_11(
    personas: dict[str, User], analyst: User
) -> None:
    manager = personas["provider_case_manager"]
    for _ in range(20):
        _recognised(manager)
    for _ in range(12):
        _recognised(
            manager,
            sex=Sex.MALE,
            birth_date=datetime.date(1984, 1, 5),
            citizenship=CitizenshipGroup.THIRD_COUNTRY,
            opened_on=datetime.date(2023, 2, 1),
            basis=IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION,
        )
    # Alone in their combination: a minor, and a person whose age is known only from the
    # screening (no birth date), and one whose age is not known at all.
    _recognised(
        manager, birth_date=datetime.date(2008, 1, 1), citizenship=CitizenshipGroup.OTHER_EU
    )
    _recognised(manager, birth_date=None, screening={"age_entered": 55}, sex=Sex.OTHER)
    _recognised(manager, birth_date=None, sex=Sex.UNKNOWN)

    rows, _calls = _export(analyst)
    classes = _quasi_identifiers(rows)

    assert min(classes.values()) >= htcds.K
    assert len(rows) >= 32
    ages = {row[htcds.HEADER.index("vic_AgeWhenTrafficked")] for row in rows}
    assert not ages & {"16", "55", "Unknown"}


def test_no_identifier_of_any_kind_leaves_in_the_export(
    personas: dict[str, User], analyst: User
) -> None:
    manager = personas["provider_case_manager"]
    worker = personas["social_worker_a"]
    # One person through the services from the screening to the recognition, canaries in
    # every identifying field of every record.
    person = make_person(created_by=worker, birth_date=datetime.date(1999, 11, 29), **_identity(0))
    municipal = make_case(person=person, created_by=worker, notes="CANARY-NOTES-0")
    screening = screening_services.screening_start(
        actor=worker, case=municipal, assessed_on=datetime.date(2024, 5, 2)
    )
    screening = screening_services.screening_save_step(
        actor=worker,
        screening=screening,
        version=screening.version,
        step="definition",
        values={
            "purposes": ["forced_labour"],
            "acts": ["recruitment"],
            "means": ["abduction_deceit"],
            "employment_notes": "CANARY-SCREENING-0",
        },
    )
    screening_services.screening_complete(
        actor=worker, screening=screening, version=screening.version
    )
    provider_case = make_case(person=person, created_by=manager, notes="CANARY-PROVIDER-NOTES")
    recognition_record(
        actor=manager,
        case=provider_case,
        basis=IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION,
        proceedings_status="victim",
        document_reference="CANARY-DOC-0",
        document_date=datetime.date(2024, 6, 1),
        document_issuer="CANARY-ISSUER-0",
        recognised_on=RECOGNISED_ON,
    )
    for _ in range(24):
        _recognised(
            manager,
            birth_date=datetime.date(1999, 1, 1),
            screening={"purposes": ["forced_labour"]},
            deliveries=((ServiceLine.COURSE, "transport", ""),),
            status=CaseStatus.CLOSED,
            closed_on=datetime.date(2025, 1, 1),
            closure_reason=ClosureReason.TAKEN_OVER,
        )

    rows, _calls = _export(analyst)

    text = "\n".join(",".join(row) for row in rows)
    assert rows
    identifying = [
        *(str(value) for n in range(next(_sequence)) for value in _identity(n).values()),
        "CANARY",
        "1999-11-29",
        "29.11.1999",
        person.reference,
        municipal.code,
        provider_case.code,
        "Drošā",
    ]
    for value in identifying:
        assert value not in text, value
    assert not UUID_PATTERN.search(text)
    assert not DATE_PATTERN.search(text)
    assert min(_quasi_identifiers(rows).values()) >= htcds.K
    assert {row[htcds.HEADER.index("cas_Status")] for row in rows} == {"ClosedReferred"}


def test_a_person_recognised_on_two_cases_is_one_row(
    personas: dict[str, User], analyst: User
) -> None:
    manager = personas["provider_case_manager"]
    cases = [_recognised(manager) for _ in range(11)]
    second = make_case(person=cases[0].person, created_by=manager)
    Recognition(
        case=second,
        basis=IdentificationBasis.COMMISSION_OPINION,
        recognised_on=RECOGNISED_ON,
        recorded_by=manager,
    ).save()

    rows, calls = _export(analyst)

    assert len(rows) == 11
    assert calls[-1] == (22, 22)


def test_progress_reaches_the_total_over_both_passes(
    personas: dict[str, User], analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(htcds, "PROGRESS_EVERY", 5)
    manager = personas["provider_case_manager"]
    for _ in range(12):
        _recognised(manager)

    rows, calls = _export(analyst)

    assert len(rows) == 12
    assert calls[0] == (0, 24)
    assert calls[-1] == (24, 24)
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)
    assert (10, 24) in calls


def test_the_number_of_queries_does_not_grow_with_the_cases(
    personas: dict[str, User], analyst: User
) -> None:
    manager = personas["provider_case_manager"]
    deliveries = ((ServiceLine.COURSE, "essentials", ""),)
    for _ in range(11):
        _recognised(manager, screening={"purposes": ["sexual"]}, deliveries=deliveries)
    with CaptureQueriesContext(connection) as few:
        _export(analyst)
    for _ in range(30):
        _recognised(manager, screening={"purposes": ["sexual"]}, deliveries=deliveries)

    with CaptureQueriesContext(connection) as many:
        rows, _calls = _export(analyst)

    assert len(rows) == 41
    assert len(many) == len(few)


def test_nothing_is_exported_to_a_user_without_the_htcds_permission(
    personas: dict[str, User],
) -> None:
    with pytest.raises(PermissionDenied):
        _export(personas["ministry_analyst"])


def test_no_recognised_victims_give_no_rows_and_a_finished_progress(analyst: User) -> None:
    rows, calls = _export(analyst)

    assert rows == []
    assert calls == [(0, 0), (0, 0)]


def test_the_header_is_exactly_the_documented_htcds_fields() -> None:
    documented = re.findall(r"^\| \d+ \| `(\w+)` \|", MAPPING_DOC.read_text(), re.M)

    assert tuple(documented) == htcds.HEADER
    assert set(htcds.QUASI_IDENTIFIERS) <= set(htcds.HEADER)
    assert [h.name for h in htcds.HIERARCHIES] == list(htcds.QUASI_IDENTIFIERS)


def test_every_code_of_ours_has_an_htcds_value_from_the_standards_picklist() -> None:
    assert set(htcds.EXPLOITATION) == set(catalogue.EXPLOITATION_FORMS)
    assert set(htcds.EXPLOITATION.values()) <= set(htcds.EXPLOITATION_ORDER)
    assert set(htcds.MEANS_CONTROL) == set(catalogue.LEGAL_MEANS)
    assert set(htcds.INDICATOR_CONTROL) == set(catalogue.INDICATORS)
    controls = {
        v
        for values in [*htcds.MEANS_CONTROL.values(), *htcds.INDICATOR_CONTROL.values()]
        for v in values
    }
    assert controls <= set(htcds.CONTROL_ORDER)
    assert set(htcds.ACT_EVENT) == set(catalogue.LEGAL_ACTS)
    assert set(htcds.ACT_EVENT.values()) <= set(htcds.EVENT_ORDER)
    assert set(htcds.DECISION_MAKING_ORG) == set(catalogue.IDENTIFICATION_BASES)
    assert set(htcds.GENDER) == set(Sex.values)
    assert set(htcds.CITIZENSHIP) == set(CitizenshipGroup.values)
    assert set(htcds.SPECIALIST_SUPPORT) == set(catalogue.SPECIALISTS)
    assert set(htcds.COURSE_SUPPORT) | {"consultation"} == set(catalogue.COURSE_SERVICES)
    deliveries = [
        *((ServiceLine.COURSE, "consultation", s) for s in catalogue.SPECIALISTS),
        *((ServiceLine.COURSE, k, "") for k in catalogue.COURSE_SERVICES if k != "consultation"),
        *((ServiceLine.AFTER_COURSE_CONSULTATION, s, "") for s in catalogue.SPECIALISTS),
        *((ServiceLine.FAMILY_MINOR_CONSULTATION, s, "") for s in catalogue.SPECIALISTS),
        *(
            (ServiceLine.CRIMINAL_PROCESS_SUPPORT, k, "")
            for k in catalogue.CRIMINAL_PROCESS_SUPPORT_KINDS
        ),
    ]
    supports = [htcds.support_type(*delivery) for delivery in deliveries]
    assert set(supports) <= set(htcds.SUPPORT_ORDER)


def _exploitation_cells() -> list[str]:
    forms = htcds.EXPLOITATION_ORDER
    return [
        htcds.multiselect(set(chosen), forms)
        for size in (1, 2)
        for chosen in itertools.combinations(forms, size)
    ]


@pytest.mark.parametrize(
    ("hierarchy", "values"),
    [
        (htcds.AGE, [None, *range(101)]),
        (htcds.GENDER_LEVELS, list(htcds.GENDER.values())),
        (htcds.CITIZENSHIP_LEVELS, list(htcds.CITIZENSHIP.values())),
        (htcds.YEAR, list(range(1995, 2040))),
        (htcds.EXPLOITATION_LEVELS, ["", *_exploitation_cells()]),
        (htcds.DECISION_ORG_LEVELS, list(htcds.DECISION_MAKING_ORG.values())),
        (htcds.EVENT_LEVELS, ["", "Recruitment", "Recruitment;Transit", "Exploitation"]),
    ],
)
def test_every_hierarchy_only_merges_going_up(hierarchy: Any, values: list[Any]) -> None:
    assert is_monotone_on(hierarchy, values)
    assert {hierarchy.generalise(v, hierarchy.top) for v in values} == {"*"}


def test_age_bands_never_mix_minors_and_adults() -> None:
    for level in range(1, htcds.AGE.top):
        minors = {htcds.AGE.generalise(age, level) for age in range(18)}
        adults = {htcds.AGE.generalise(age, level) for age in range(18, 101)}
        assert not minors & adults
    ages = (0, 17, 18, 24, 25, 34, 35, 49, 50, 90, None)
    assert [htcds.AGE.generalise(age, 1) for age in ages] == [
        "<18",
        "<18",
        "18-24",
        "18-24",
        "25-34",
        "25-34",
        "35-49",
        "35-49",
        "50+",
        "50+",
        "Unknown",
    ]
    assert [htcds.AGE.generalise(age, 2) for age in (17, 18, None)] == ["<18", "18+", "Unknown"]


def test_two_year_periods_nest_in_five_year_periods() -> None:
    years = range(2020, 2026)
    assert [htcds.YEAR.generalise(year, 1) for year in years] == [
        "2020-2021",
        "2020-2021",
        "2022-2024",
        "2022-2024",
        "2022-2024",
        "2025-2026",
    ]
    assert [htcds.YEAR.generalise(year, 2) for year in years] == ["2020-2024"] * 5 + ["2025-2029"]


def test_forms_of_exploitation_are_grouped_for_researchers() -> None:
    cells = ["SexualExploitation", "ForcedLabour;ForcedBegging", "Other", "ForcedMarriage"]
    cells += ["SexualExploitation;ForcedLabour", ""]
    assert [htcds.EXPLOITATION_LEVELS.generalise(cell, 1) for cell in cells] == [
        "Sexual",
        "Labour",
        "CriminalActivities",
        "OtherOrSeveral",
        "OtherOrSeveral",
        "Unknown",
    ]


def test_a_birth_date_after_the_recognition_counts_as_an_unknown_age(
    personas: dict[str, User], analyst: User
) -> None:
    manager = personas["provider_case_manager"]
    for _ in range(11):
        _recognised(manager, birth_date=datetime.date(2030, 1, 1))

    rows, _calls = _export(analyst)

    assert {row[htcds.HEADER.index("vic_AgeWhenTrafficked")] for row in rows} == {"Unknown"}


def test_case_status_follows_the_closure_reason() -> None:
    assert htcds.case_status(CaseStatus.OPEN, "") == "Active"
    assert htcds.case_status(CaseStatus.CLOSED, ClosureReason.GOALS_REACHED) == "Closed"
    assert htcds.case_status(CaseStatus.CLOSED, ClosureReason.TAKEN_OVER) == "ClosedReferred"


def test_people_without_a_recognition_are_not_exported(
    personas: dict[str, User], analyst: User
) -> None:
    manager = personas["provider_case_manager"]
    for _ in range(11):
        _recognised(manager)
    stranger = make_person(created_by=manager, **_identity(999))
    make_case(person=stranger, created_by=manager)

    rows, _calls = _export(analyst)

    assert len(rows) == 11
    assert Person.objects.count() == 12


def test_a_stream_out_of_the_person_order_stops_the_export() -> None:
    first, second = sorted(uuid.uuid4() for _ in range(2))
    stream = htcds._PersonStream(iter([(second, "a"), (first, "b")]))

    with pytest.raises(RuntimeError, match="not in the person order"):
        stream.take(second)


def test_only_an_encrypted_field_is_decrypted() -> None:
    with pytest.raises(TypeError, match="not encrypted"):
        htcds._encrypted(Person, "sex")
