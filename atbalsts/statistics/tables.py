"""The published statistics tables, their categories, and how they are protected.

Each table is one dimension of counts of persons (or of SIVA decisions) per period. The
counts come from :mod:`atbalsts.statistics.selectors`; this module turns them into what may
be shown, through the disclosure engine (atbalsts.disclosure, docs/security.md ST-1, ST-2).

**One marker for every hidden cell.** The engine hides counts 1-4 (1-9 in the table by
region: below national level, k = 10) and, to protect them, further cells. The page shows
every hidden cell the same way, ``x``, explained in the legend as "fewer than 5 persons, or
hidden so that such a number cannot be worked out". Showing the small ones as "<5" and the
others with another mark would leak: a reader would then know each "<5" cell is 1-4 and
each other hidden cell is 5 or more. In the table 1, 5, 30 (total 36) the engine hides 1
and 5; the reader knows they sum to 6, and with "<5 and 5 or more" the only answer is 1 and
5 exactly. With one marker the reader knows only that each hidden cell holds at least one
person (zeros are shown), which the engine's audit takes into account. The one exception,
a small group all of one category, whose zeros are shown as x as well (disclosure.groups),
only takes that knowledge away.

**Tables that share a total.** The tables of one *family* count the same persons (all
tables of recognised persons; both tables of SIVA decisions), so the total of one is the
total of every other. A total hidden in one table but shown in another would be a number
the engine of the first never saw. So in each period the total is shown in all tables of a
family or in none: when the engine hides it in any of them, every non-zero cell of every
table of the family is hidden for that period (safe: with the total unknown, no hidden
cell has an upper bound). Apart from their common total, two tables of different
categories of the same persons share no equation a reader could use.

**Magnitudes.** The services table also shows the number of services given and the hours;
these follow the persons' pattern (hidden where the number of persons is hidden), so the
hours of one or two persons are never shown on their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from atbalsts.agency.models import SubmissionStatus
from atbalsts.cases.models import ReferralSource
from atbalsts.courses.models import ServiceLine
from atbalsts.disclosure import (
    MARKER,
    NATIONAL_K,
    SUBNATIONAL_K,
    DisclosureError,
    FrequencyTable,
    Publication,
    group_masked_grid,
    protect,
)
from atbalsts.disclosure.revisions import revision_problems
from atbalsts.identification.models import IdentificationBasis
from atbalsts.people.models import CitizenshipGroup, Sex
from atbalsts.rules import catalogue

NOT_RECORDED = "not_recorded"
RECOGNISED = "recognised"
DECISIONS = "decisions"
SERVICES = "services"

AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("0-17", 0, 17),
    ("18-29", 18, 29),
    ("30-49", 30, 49),
    ("50+", 50, None),
)
"""Broad age bands (years at recognition): coarse on purpose, few persons a year (T5)."""

REGIONS: tuple[tuple[str, str, Promise], ...] = (
    ("riga", "rīg", _("Rīga")),
    ("vidzeme", "vidzem", _("Vidzeme")),
    ("kurzeme", "kurzem", _("Kurzeme")),
    ("zemgale", "zemgal", _("Zemgale")),
    ("latgale", "latgal", _("Latgale")),
)
"""The five planning regions and the stem their name starts with in an organisation's
free-text region (administration form: "For example Rīga, Kurzeme or Latgale")."""

MULTIPLE_FORMS = "multiple"
PERSONS = _("Persons")


def region_code(region: str) -> str:
    """The planning region of an organisation's free-text region, or ``NOT_RECORDED``."""
    text = region.strip().lower()
    for code, stem, _label in REGIONS:
        if text.startswith((stem, stem.replace("ī", "i"))):
            return code
    return NOT_RECORDED


def age_group(age: int | None) -> str:
    if age is None:
        return NOT_RECORDED
    for code, low, high in AGE_GROUPS:
        if age >= low and (high is None or age <= high):
            return code
    return NOT_RECORDED


def exploitation_form(codes: Sequence[str]) -> str:
    """One category per person: the form (a sham marriage counts as forced services), or
    "several forms", so that the table's cells add up to its total."""
    forms = {catalogue.EXPLOITATION_FORM_PARENTS.get(code, code) for code in codes}
    if not forms:
        return NOT_RECORDED
    if len(forms) > 1:
        return MULTIPLE_FORMS
    return forms.pop()


@dataclass(frozen=True)
class TableSpec:
    """One published table: its categories in a fixed order (the same in every period)."""

    name: str
    title: str | Promise
    family: str
    categories: tuple[tuple[str, str | Promise], ...]
    unit: str | Promise = PERSONS
    k: int = NATIONAL_K
    magnitudes: tuple[tuple[str, str | Promise], ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _label in self.categories)


def _choices(choices: Sequence[tuple[str, str | Promise]]) -> tuple[tuple[str, str | Promise], ...]:
    return tuple((str(code), label) for code, label in choices)


_NOT_RECORDED_CATEGORY = (NOT_RECORDED, _("Not recorded"))

SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        name="basis",
        title=_("Persons recognised as victims, by basis of recognition"),
        family=RECOGNISED,
        categories=(
            (IdentificationBasis.CRIMINAL_PROCEEDINGS_DECISION, _("Criminal proceedings")),
            (
                IdentificationBasis.FOREIGN_LAW_ENFORCEMENT_CERTIFICATE,
                _("Foreign law-enforcement certificate"),
            ),
            (IdentificationBasis.COMMISSION_OPINION, _("Specialist commission")),
        ),
    ),
    TableSpec(
        name="exploitation_form",
        title=_("Persons recognised as victims, by form of exploitation"),
        family=RECOGNISED,
        categories=(
            ("sexual", _("Sexual exploitation")),
            ("forced_labour", _("Forced labour")),
            ("forced_services", _("Forced services, including sham marriages")),
            ("forced_criminality", _("Forced criminality")),
            ("forced_begging", _("Forced begging")),
            ("slavery_servitude", _("Slavery, similar practices, servitude")),
            ("organ_removal", _("Removal of tissues or organs")),
            (MULTIPLE_FORMS, _("Several forms")),
            _NOT_RECORDED_CATEGORY,
        ),
    ),
    TableSpec(
        name="sex",
        title=_("Persons recognised as victims, by sex"),
        family=RECOGNISED,
        categories=_choices(Sex.choices),
    ),
    TableSpec(
        name="age_group",
        title=_("Persons recognised as victims, by age at recognition"),
        family=RECOGNISED,
        categories=(
            ("0-17", _("Under 18")),
            ("18-29", _("18 to 29")),
            ("30-49", _("30 to 49")),
            ("50+", _("50 and older")),
            _NOT_RECORDED_CATEGORY,
        ),
    ),
    TableSpec(
        name="citizenship",
        title=_("Persons recognised as victims, by citizenship"),
        family=RECOGNISED,
        categories=_choices(CitizenshipGroup.choices),
    ),
    TableSpec(
        name="referral_source",
        title=_("Persons recognised as victims, by who referred them"),
        family=RECOGNISED,
        categories=(*_choices(ReferralSource.choices), _NOT_RECORDED_CATEGORY),
    ),
    TableSpec(
        name="region",
        title=_("Persons recognised as victims, by planning region of the organisation"),
        family=RECOGNISED,
        categories=(
            *((code, label) for code, _stem, label in REGIONS),
            (NOT_RECORDED, _("Not recorded or abroad")),
        ),
        k=SUBNATIONAL_K,
    ),
    TableSpec(
        name="services",
        title=_("Persons who received services, by kind of service"),
        family=SERVICES,
        categories=_choices(ServiceLine.choices),
        magnitudes=(("deliveries", _("Services given")), ("hours", _("Hours"))),
    ),
    TableSpec(
        name="decision_outcome",
        title=_("SIVA decisions, by outcome"),
        family=DECISIONS,
        unit=_("Decisions"),
        categories=(
            (SubmissionStatus.GRANTED, _("Service granted")),
            (SubmissionStatus.WAITING_LIST, _("Placed on the waiting list")),
            (SubmissionStatus.REFUSED, _("Service refused")),
        ),
    ),
    TableSpec(
        name="decision_deadline",
        title=_("SIVA decisions, by whether they were taken within the deadline"),
        family=DECISIONS,
        unit=_("Decisions"),
        categories=(
            ("within", _("Within the deadline")),
            ("late", _("After the deadline")),
            ("no_deadline", _("Deadline not recorded")),
        ),
    ),
)
SPECS_BY_NAME: Mapping[str, TableSpec] = {spec.name: spec for spec in SPECS}


@dataclass(frozen=True)
class PeriodCounts:
    """The true counts of one period, per table, in the order of the table's categories.

    Server-side only: what leaves the server is :class:`PublishedTable`.
    """

    counts: Mapping[str, tuple[int, ...]]
    magnitudes: Mapping[str, Mapping[str, tuple[Decimal, ...]]] = field(default_factory=dict)


def _table(spec: TableSpec, counts: tuple[int, ...]) -> FrequencyTable:
    return FrequencyTable.one_dimensional(spec.codes, counts)


def _total_cell(publication: Publication) -> tuple[int, int]:
    rows, columns = publication.table.shape
    return rows, columns


def _all_hidden(publication: Publication) -> Publication:
    table = publication.table
    return replace(publication, hidden=frozenset(c for c in table.cells if table.value(c) > 0))


def _pinned(
    period: PeriodCounts,
    shown: Sequence[PublishedTable],
    previous: Mapping[str, Publication | None],
    specs: Sequence[TableSpec],
) -> dict[str, Publication] | None:
    """The publications of an already released period as it was shown: its counts as they
    stood when its latest version was shown, under that version's pattern; None when they
    no longer give exactly what was shown (a person's details corrected since)."""
    pinned = {}
    for spec, table in zip(specs, shown, strict=True):
        grid = _grid(table)
        hidden = frozenset(
            (row, j) for j, value in enumerate(grid) if value == MARKER for row in (0, 1)
        )
        publication = Publication(
            table=_table(spec, period.counts[spec.name]),
            hidden=hidden,
            k=spec.k,
            previous=previous[spec.name],
        )
        if list(publication.published_grid()[0]) != grid:
            return None
        pinned[spec.name] = publication
    return pinned


def _never_decreases(earlier: PeriodCounts, later: Sequence[PeriodCounts]) -> bool:
    return all(
        all(a <= b for a, b in zip(earlier.counts[name], period.counts[name], strict=True))
        for period in later
        for name in earlier.counts
    )


def protect_series(
    periods: Sequence[PeriodCounts],
    specs: Sequence[TableSpec] = SPECS,
    shown: Sequence[Sequence[PublishedTable] | None] = (),
) -> list[dict[str, Publication]]:
    """The publications of every table for each period of one year-to-date series, oldest
    first; each period's publication of a table has the previous period's as ``previous``.

    ``shown`` holds, for the earlier periods already released, the tables last shown of
    them (their counts in ``periods`` as they stood then): those periods enter the series
    as they were shown, so that the next period is protected against what readers hold,
    not against today's recomputation of a period they saw before a late entry (ST-1).
    """
    series: list[dict[str, Publication]] = []
    previous: dict[str, Publication | None] = {spec.name: None for spec in specs}
    for index, period in enumerate(periods):
        released = shown[index] if index < len(shown) else None
        pinned = None
        if released is not None and _never_decreases(period, periods[index + 1 :]):
            pinned = _pinned(period, released, previous, specs)
        if pinned is not None:
            series.append(pinned)
            previous = dict(pinned)
            continue
        current: dict[str, Publication] = {}
        for spec in specs:
            table = _table(spec, period.counts[spec.name])
            try:
                current[spec.name] = protect(table, k=spec.k, previous=previous[spec.name])
            except DisclosureError:
                # Nothing found that keeps the rules: publish none of its non-zero cells.
                bare = Publication(table=table, hidden=frozenset(), k=spec.k)
                current[spec.name] = replace(_all_hidden(bare), previous=previous[spec.name])
        for family in {spec.family for spec in specs}:
            members = [spec.name for spec in specs if spec.family == family]
            if any(_total_cell(current[name]) in current[name].hidden for name in members):
                for name in members:
                    current[name] = _all_hidden(current[name])
        series.append(current)
        previous = dict(current)
    return series


Shown = int | Decimal | str
"""A published number, or :data:`atbalsts.disclosure.MARKER`."""


@dataclass(frozen=True)
class PublishedRow:
    code: str
    label: str | Promise
    value: Shown
    magnitudes: tuple[Shown, ...] = ()

    @property
    def is_hidden(self) -> bool:
        return self.value == MARKER


@dataclass(frozen=True)
class PublishedTable:
    """What is shown of one table: per category the number or the marker, and the total."""

    spec: TableSpec
    rows: tuple[PublishedRow, ...]
    total: PublishedRow

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def share_within_deadline(self) -> str:
        """The share of decisions taken within the deadline, of those with one; shown only
        when both its counts are shown (a share beside a shown total is a count)."""
        if self.spec.name != "decision_deadline":
            return ""
        within, late = self.rows[0].value, self.rows[1].value
        if not isinstance(within, int) or not isinstance(late, int):
            return MARKER
        if within + late == 0:
            return "—"
        return f"{round(100 * within / (within + late))} %"


def published_table(
    spec: TableSpec, publication: Publication, magnitudes: Mapping[str, tuple[Decimal, ...]]
) -> PublishedTable:
    # Small groups all of one category are masked too, zeros included (disclosure.groups).
    grid = group_masked_grid(publication)
    shown = grid[0]

    def magnitude_values(index: int) -> tuple[Shown, ...]:
        if shown[index] == MARKER:
            return tuple(MARKER for _ in spec.magnitudes)
        values = []
        for name, _label in spec.magnitudes:
            column = magnitudes.get(name, ())
            values.append(sum(column, Decimal(0)) if index == len(spec.codes) else column[index])
        return tuple(_plain(v) for v in values)

    rows = tuple(
        PublishedRow(code=code, label=label, value=shown[i], magnitudes=magnitude_values(i))
        for i, (code, label) in enumerate(spec.categories)
    )
    total = PublishedRow(
        code="total",
        label=_("Total"),
        value=shown[len(spec.codes)],
        magnitudes=magnitude_values(len(spec.codes)),
    )
    return PublishedTable(spec=spec, rows=rows, total=total)


def _plain(value: Decimal) -> Shown:
    """Whole numbers without decimals (hours are recorded in quarters at most)."""
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else normal


def published_tables(
    periods: Sequence[PeriodCounts],
    specs: Sequence[TableSpec] = SPECS,
    shown: Sequence[Sequence[PublishedTable] | None] = (),
) -> list[PublishedTable]:
    """The tables of the last period of ``periods`` (a year-to-date series) as shown;
    ``shown`` as in :func:`protect_series`."""
    last = protect_series(periods, specs, shown)[-1]
    return [
        published_table(spec, last[spec.name], periods[-1].magnitudes.get(spec.name, {}))
        for spec in specs
    ]


def _stored(value: Shown) -> int | str:
    return str(value) if isinstance(value, Decimal) else value


def _loaded(value: int | str) -> Shown:
    return Decimal(value) if isinstance(value, str) and value != MARKER else value


def shown_values(table: PublishedTable) -> dict[str, Any]:
    """What is stored of a released table: the shown values only (ST-1), as JSON."""
    return {
        "rows": [_stored(row.value) for row in table.rows],
        "total": _stored(table.total.value),
        "magnitudes": [[_stored(v) for v in row.magnitudes] for row in table.rows],
        "total_magnitudes": [_stored(v) for v in table.total.magnitudes],
    }


def from_shown_values(spec: TableSpec, shown: Mapping[str, Any]) -> PublishedTable:
    """The released table back from :func:`shown_values`, with today's labels."""
    rows = tuple(
        PublishedRow(
            code=code,
            label=label,
            value=_loaded(value),
            magnitudes=tuple(_loaded(v) for v in magnitudes),
        )
        for (code, label), value, magnitudes in zip(
            spec.categories, shown["rows"], shown["magnitudes"], strict=True
        )
    )
    total = PublishedRow(
        code="total",
        label=_("Total"),
        value=_loaded(shown["total"]),
        magnitudes=tuple(_loaded(v) for v in shown["total_magnitudes"]),
    )
    return PublishedTable(spec=spec, rows=rows, total=total)


def _grid(table: PublishedTable) -> list[int | str]:
    return [
        value if isinstance(value, int | str) else str(value)
        for value in (*(row.value for row in table.rows), table.total.value)
    ]


def revised_tables(
    versions: Sequence[Sequence[PublishedTable]],
    current: PeriodCounts,
    specs: Sequence[TableSpec] = SPECS,
) -> list[PublishedTable]:
    """The tables of a released period from its ``current`` true counts under the pattern
    of its release (``versions[0]``, in ``specs``' order): a cell's published state never
    changes between the release and its revisions."""
    revised = []
    for spec, released in zip(specs, versions[0], strict=True):
        hidden = frozenset(
            (row, j) for j, value in enumerate(_grid(released)) if value == MARKER for row in (0, 1)
        )
        table = _table(spec, current.counts[spec.name])
        publication = Publication(table=table, hidden=hidden, k=spec.k)
        revised.append(published_table(spec, publication, current.magnitudes.get(spec.name, {})))
    return revised


def is_revision_safe(
    versions: Sequence[Sequence[PublishedTable]],
    current: PeriodCounts,
    specs: Sequence[TableSpec] = SPECS,
) -> bool:
    """Whether the revision from ``current`` may be shown beside ``versions`` (the release
    and the revisions shown, oldest first), by atbalsts.disclosure.revisions.

    All tables are revised together or none is: the tables of one family count the same
    added persons, so one revised table beside an unrevised one would still say who they
    were, and a revision held back for one table only would point at it.
    """
    return not any(
        revision_problems(
            [_grid(version[index]) for version in versions],
            current.counts[spec.name],
            k=spec.k,
        )
        for index, spec in enumerate(specs)
    )
