"""The true counts behind the statistics tables (docs/security.md ST-2: aggregates only).

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
from dataclasses import dataclass
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
from atbalsts.statistics.models import ReleasedTable
from atbalsts.statistics.periods import Period
from atbalsts.statistics.tables import (
    NOT_RECORDED,
    RECOGNISED,
    SPECS,
    SPECS_BY_NAME,
    PeriodCounts,
    PublishedTable,
    age_group,
    exploitation_form,
    from_shown_values,
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


def recognised_counts(
    periods: Sequence[Period], as_of: Sequence[datetime.datetime | None] = ()
) -> list[dict[str, tuple[int, ...]]]:
    """Per period: persons recognised from January 1 to the period's end, per table of the
    recognised family; with a moment in ``as_of``, only the recognitions entered by then.
    Two queries."""
    cutoffs = _cutoffs(periods, as_of)
    year, last = periods[-1].year, periods[-1].end
    in_year = Recognition.objects.filter(
        recognised_on__gte=datetime.date(year, 1, 1), recognised_on__lte=last
    )
    rows = in_year.order_by("recognised_on", "pk").values_list(
        "created_at",
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

    def firsts_until(
        cutoff: datetime.datetime | None,
    ) -> list[tuple[datetime.date, dict[str, str]]]:
        firsts: dict[int, tuple[datetime.date, dict[str, str]]] = {}
        for (
            created,
            person_id,
            person_uuid,
            day,
            recognition_uuid,
            basis,
            source,
            region,
            sex,
            citizenship,
            birth,
        ) in rows:
            if person_id in firsts or (cutoff is not None and created > cutoff):
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
        return list(firsts.values())

    specs = [spec for spec in SPECS if spec.family == RECOGNISED]
    everyone = firsts_until(None)
    result: list[dict[str, tuple[int, ...]]] = []
    for period, cutoff in zip(periods, cutoffs, strict=True):
        counters = {spec.name: Counter[str]() for spec in specs}
        for day, categories in everyone if cutoff is None else firsts_until(cutoff):
            if day <= period.end:
                for name, code in categories.items():
                    counters[name][code] += 1
        result.append(
            {spec.name: tuple(counters[spec.name][code] for code in spec.codes) for spec in specs}
        )
    return result


def _cutoffs(
    periods: Sequence[Period], as_of: Sequence[datetime.datetime | None]
) -> list[datetime.datetime | None]:
    return list(as_of) or [None] * len(periods)


def _is_hours() -> Q:
    return Q(service=ServiceLine.COURSE, kind__in=HOURS_SERVICE_KINDS) | Q(
        service__in=[entitlements.AFTER_COURSE_CONSULTATION, entitlements.CRIMINAL_PROCESS_SUPPORT]
    )


def service_counts(
    periods: Sequence[Period], as_of: Sequence[datetime.datetime | None] = ()
) -> list[tuple[tuple[int, ...], dict[str, tuple[Decimal, ...]]]]:
    """Per period: persons who received each kind of service from January 1 to the period's
    end, and the services given and hours (with a moment in ``as_of``, only the services
    entered by then). One query."""
    start = periods[0].start
    annotations: dict[str, Any] = {}
    for index, (period, cutoff) in enumerate(zip(periods, _cutoffs(periods, as_of), strict=True)):
        until = Q(delivered_on__lte=period.end)
        if cutoff is not None:
            until &= Q(created_at__lte=cutoff)
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


def decision_counts(
    periods: Sequence[Period], as_of: Sequence[datetime.datetime | None] = ()
) -> list[dict[str, tuple[int, ...]]]:
    """Per period: SIVA's decisions from January 1 to the period's end, by outcome (as it
    stands now) and by whether the decision day was within the deadline (``decide_by``,
    counted in working days when the documents were received, atbalsts/rules/deadlines.py).
    One query."""
    annotations: dict[str, Any] = {}
    within = Q(decide_by__isnull=False, decided_at__date__lte=F("decide_by"))
    late = Q(decide_by__isnull=False, decided_at__date__gt=F("decide_by"))
    for index, (period, cutoff) in enumerate(zip(periods, _cutoffs(periods, as_of), strict=True)):
        until = Q(decided_at__date__lte=period.end)
        if cutoff is not None:
            until &= Q(decided_at__lte=cutoff)
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


def period_counts(
    period: Period, as_of: Sequence[datetime.datetime | None] = ()
) -> list[PeriodCounts]:
    """The true counts of every table for each period of ``period``'s series, oldest first;
    with a moment per period in ``as_of``, a period's counts as they stood then (a released
    period as it was shown). Four queries, whatever the data."""
    series = period.series()
    recognised = recognised_counts(series, as_of)
    services = service_counts(series, as_of)
    decisions = decision_counts(series, as_of)
    result = []
    for index in range(len(series)):
        persons, magnitudes = services[index]
        counts = {**recognised[index], "services": persons, **decisions[index]}
        result.append(PeriodCounts(counts=counts, magnitudes={"services": magnitudes}))
    return result


@dataclass(frozen=True)
class Version:
    """A period's tables as they were shown: revision 0 is the release."""

    number: int
    released_at: datetime.datetime
    tables: list[PublishedTable]


@dataclass(frozen=True)
class Release:
    """What is shown of a period: its versions, oldest first, and whether a correction is
    being held back because it could not be shown safely."""

    versions: list[Version]
    is_revision_withheld: bool = False

    @property
    def tables(self) -> list[PublishedTable]:
        return self.versions[0].tables

    @property
    def revisions(self) -> list[Version]:
        return self.versions[1:]


def released_in_year(year: int) -> dict[int, list[Version]]:
    """Per quarter of ``year``, the release and revisions stored so far, oldest first. One
    query. Aggregates only, the same for every actor who may see statistics at all."""
    found: dict[int, dict[int, tuple[datetime.datetime, dict[str, PublishedTable]]]] = {}
    for row in ReleasedTable.objects.filter(year=year).order_by("quarter", "revision", "pk"):
        spec = SPECS_BY_NAME.get(row.table)
        if spec is None:
            continue  # a table no longer published
        quarter = found.setdefault(row.quarter, {})
        _at, tables = quarter.setdefault(row.revision, (row.released_at, {}))
        tables[row.table] = from_shown_values(spec, row.shown)
    return {
        quarter: [
            Version(number=number, released_at=at, tables=[tables[spec.name] for spec in SPECS])
            for number, (at, tables) in sorted(versions.items())
        ]
        for quarter, versions in found.items()
    }


def released_versions(period: Period) -> list[Version]:
    """The release and revisions of ``period`` stored so far, oldest first. One query."""
    return released_in_year(period.year).get(period.quarter, [])
