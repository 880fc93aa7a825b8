"""The true counts behind the statistics tables (SECURITY.md ST-2: aggregates only).

Nothing here returns a person, a case or an identifier: each selector returns counts per
category and period (:class:`atbalsts.statistics.tables.PeriodCounts`), and only the
protected tables of :mod:`atbalsts.statistics.tables` reach a page or a file.

How each count is made:

* Services and SIVA decisions are counted in the database (``values().annotate(Count)`` and
  ``Sum``, one query each, with one conditional count per quarter).
* Recognised persons are counted in Python over one narrow query of coded columns
  (referral source, region, sex, citizenship group) plus the basis and the birth date, and
  one query of the forms of exploitation: the basis, the birth date and the screening's
  forms are encrypted in the application (atbalsts/core/fields.py), so the database cannot
  group by them; and a person
  recognised twice in a year (two cases) must count once, by the first recognition. The
  rows live only inside :func:`recognised_counts` and are reduced to counts there.

Every selector takes the series of periods at once, so the number of queries does not
depend on how many persons, cases or quarters there are.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from atbalsts.agency.models import AgencySubmission
from atbalsts.core.crypto import keyring
from atbalsts.core.fields import associated_data_for
from atbalsts.courses.models import Delivery, ServiceLine
from atbalsts.identification.models import Recognition
from atbalsts.people.models import Person
from atbalsts.rules import catalogue, entitlements
from atbalsts.screening.models import Screening, ScreeningStatus
from atbalsts.statistics.periods import Period
from atbalsts.statistics.tables import (
    NOT_RECORDED,
    RECOGNISED,
    SPECS,
    PeriodCounts,
    age_group,
    exploitation_form,
    region_code,
)

HOURS_SERVICE_KINDS = frozenset(
    code for code, service in catalogue.COURSE_SERVICES.items() if service.unit == "hours"
)
"""The course services measured in hours (nights, euro and counts are not hours)."""


def _age_on(birth_date: datetime.date | None, day: datetime.date) -> int | None:
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _birth_date(person_uuid: Any, envelope: bytes | memoryview | None) -> datetime.date | None:
    if not envelope:
        return None
    text = keyring().decrypt(
        bytes(envelope), associated_data=associated_data_for(Person, "birth_date", person_uuid)
    )
    return datetime.date.fromisoformat(text)


def _codes_of(envelope: bytes | memoryview | None, screening_uuid: Any) -> list[str]:
    if not envelope:
        return []
    text = keyring().decrypt(
        bytes(envelope), associated_data=associated_data_for(Screening, "purposes", screening_uuid)
    )
    return [code for code in text.split(",") if code]


def _basis(recognition_uuid: Any, envelope: bytes | memoryview) -> str:
    return keyring().decrypt(
        bytes(envelope),
        associated_data=associated_data_for(Recognition, "basis", recognition_uuid),
    )


def recognised_counts(periods: Sequence[Period]) -> list[dict[str, tuple[int, ...]]]:
    """Per period: persons recognised from January 1 to the period's end, per table of the
    recognised family. Two queries."""
    year, last = periods[-1].year, periods[-1].end
    in_year = Recognition.objects.filter(
        recognised_on__gte=datetime.date(year, 1, 1), recognised_on__lte=last
    )
    rows = in_year.order_by("recognised_on", "pk").values_list(
        "case__person_id",
        "case__person__uuid",
        "recognised_on",
        "uuid",
        "basis",
        "case__referral_source",
        "case__organisation__region",
        "case__person__sex",
        "case__person__citizenship_group",
        "case__person__birth_date",
    )
    # The latest completed screening of each recognised person (any of their cases).
    screenings = (
        Screening.objects.filter(
            status=ScreeningStatus.COMPLETED,
            case__person_id__in=in_year.values("case__person_id"),
        )
        .order_by("assessed_on", "created_at", "pk")
        .values_list("case__person_id", "uuid", "purposes")
    )
    forms: dict[int, str] = {}
    for person_id, screening_uuid, purposes in screenings:
        forms[person_id] = exploitation_form(_codes_of(purposes, screening_uuid))

    firsts: dict[int, tuple[datetime.date, dict[str, str]]] = {}
    for row in rows:
        person_id, person_uuid, day, recognition_uuid, basis = row[:5]
        source, region, sex, citizenship, birth = row[5:]
        if person_id in firsts:
            continue  # counted once, by the first recognition of the year
        firsts[person_id] = (
            day,
            {
                "basis": _basis(recognition_uuid, basis),
                "exploitation_form": forms.get(person_id, NOT_RECORDED),
                "sex": sex,
                "age_group": age_group(_age_on(_birth_date(person_uuid, birth), day)),
                "citizenship": citizenship,
                "referral_source": source or NOT_RECORDED,
                "region": region_code(region or ""),
            },
        )
    specs = [spec for spec in SPECS if spec.family == RECOGNISED]
    result: list[dict[str, tuple[int, ...]]] = []
    for period in periods:
        counters = {spec.name: Counter[str]() for spec in specs}
        for day, categories in firsts.values():
            if day <= period.end:
                for name, code in categories.items():
                    counters[name][code] += 1
        result.append(
            {spec.name: tuple(counters[spec.name][code] for code in spec.codes) for spec in specs}
        )
    return result


def _is_hours() -> Q:
    return Q(service=ServiceLine.COURSE, kind__in=HOURS_SERVICE_KINDS) | Q(
        service__in=[entitlements.AFTER_COURSE_CONSULTATION, entitlements.CRIMINAL_PROCESS_SUPPORT]
    )


def service_counts(
    periods: Sequence[Period],
) -> list[tuple[tuple[int, ...], dict[str, tuple[Decimal, ...]]]]:
    """Per period: persons who received each kind of service from January 1 to the period's
    end, and the services given and hours. One query."""
    start = periods[0].start
    annotations: dict[str, Any] = {}
    for index, period in enumerate(periods):
        until = Q(delivered_on__lte=period.end)
        annotations[f"persons_{index}"] = Count("course__case__person", filter=until, distinct=True)
        annotations[f"deliveries_{index}"] = Count("pk", filter=until)
        annotations[f"hours_{index}"] = Sum("quantity", filter=until & _is_hours())
    rows = {
        row["service"]: row
        for row in Delivery.objects.filter(
            delivered_on__gte=start, delivered_on__lte=periods[-1].end
        )
        .order_by()
        .values("service")
        .annotate(**annotations)
    }
    codes = [code for code, _label in ServiceLine.choices]
    result = []
    for index in range(len(periods)):

        def column(name: str, index: int = index) -> list[Any]:
            return [rows.get(code, {}).get(f"{name}_{index}") or 0 for code in codes]

        result.append(
            (
                tuple(int(v) for v in column("persons")),
                {
                    "deliveries": tuple(Decimal(v) for v in column("deliveries")),
                    "hours": tuple(Decimal(v) for v in column("hours")),
                },
            )
        )
    return result


def decision_counts(periods: Sequence[Period]) -> list[dict[str, tuple[int, ...]]]:
    """Per period: SIVA's decisions from January 1 to the period's end, by outcome (as it
    stands now) and by whether the decision day was within the deadline (``decide_by``,
    counted in working days when the documents were received, atbalsts/rules/deadlines.py).
    One query."""
    annotations: dict[str, Any] = {}
    within = Q(decide_by__isnull=False, decided_at__date__lte=F("decide_by"))
    late = Q(decide_by__isnull=False, decided_at__date__gt=F("decide_by"))
    for index, period in enumerate(periods):
        until = Q(decided_at__date__lte=period.end)
        annotations[f"all_{index}"] = Count("pk", filter=until)
        annotations[f"within_{index}"] = Count("pk", filter=until & within)
        annotations[f"late_{index}"] = Count("pk", filter=until & late)
    rows = {
        row["status"]: row
        for row in AgencySubmission.objects.filter(
            decided_at__isnull=False,
            decided_at__date__gte=periods[0].start,
            decided_at__date__lte=periods[-1].end,
        )
        .order_by()
        .values("status")
        .annotate(**annotations)
    }
    outcome = next(spec for spec in SPECS if spec.name == "decision_outcome")
    result = []
    for index in range(len(periods)):
        by_outcome = tuple(rows.get(code, {}).get(f"all_{index}", 0) for code in outcome.codes)
        decided = [rows.get(code, {}) for code in outcome.codes]
        on_time = sum(row.get(f"within_{index}", 0) for row in decided)
        after = sum(row.get(f"late_{index}", 0) for row in decided)
        missing = sum(by_outcome) - on_time - after
        result.append(
            {"decision_outcome": by_outcome, "decision_deadline": (on_time, after, missing)}
        )
    return result


def period_counts(period: Period) -> list[PeriodCounts]:
    """The true counts of every table for each period of ``period``'s series, oldest first.
    Four queries, whatever the data."""
    series = period.series()
    recognised = recognised_counts(series)
    services = service_counts(series)
    decisions = decision_counts(series)
    result = []
    for index in range(len(series)):
        persons, magnitudes = services[index]
        counts = {**recognised[index], "services": persons, **decisions[index]}
        result.append(PeriodCounts(counts=counts, magnitudes={"services": magnitudes}))
    return result
