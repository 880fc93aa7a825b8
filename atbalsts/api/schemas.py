"""Request and answer shapes of the rules API.

The allowed codes come from the rules' catalogue and appear in the OpenAPI document as
``enum`` lists; an unknown code is refused with ``unknown_code`` naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from atbalsts.rules import catalogue
from atbalsts.rules.entitlements import SERVICES
from atbalsts.rules.screening import MAX_AGE

# Dates the rules can sensibly be asked about: wide enough for birth dates and for the
# three support years after a course, narrow enough that no answer overflows.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
MAX_CODES = 100
MAX_DELIVERIES = 1000
MAX_DELIVERY_HOURS = Decimal(10_000)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_text(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_format", "Use a date in the form YYYY-MM-DD.")
    return value


def _date_in_range(value: dt.date) -> dt.date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise PydanticCustomError(
            "date_range",
            "Use a date from {earliest} to {latest}.",
            {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_text), AfterValidator(_date_in_range)]


def _member_of(codes: Iterable[str]) -> Callable[[str], str]:
    known = frozenset(codes)

    def check(value: str) -> str:
        if value not in known:
            raise PydanticCustomError("unknown_code", "Unknown code '{code}'.", {"code": value})
        return value

    return check


def _code_schema(codes: Iterable[str]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(dict.fromkeys(codes))})


def _codes(list_name: str) -> tuple[str, ...]:
    return tuple(catalogue.LISTS[list_name])


_KIND_CODES = (
    *catalogue.COURSE_SERVICES,
    *catalogue.SPECIALISTS,
    *catalogue.CRIMINAL_PROCESS_SUPPORT_KINDS,
)

IndicatorCode = Annotated[
    str, AfterValidator(_member_of(_codes("indicators"))), _code_schema(_codes("indicators"))
]
CriteriaCode = Annotated[
    str, AfterValidator(_member_of(_codes("criteria"))), _code_schema(_codes("criteria"))
]
ActCode = Annotated[
    str, AfterValidator(_member_of(_codes("legal_acts"))), _code_schema(_codes("legal_acts"))
]
MeansCode = Annotated[
    str, AfterValidator(_member_of(_codes("legal_means"))), _code_schema(_codes("legal_means"))
]
PurposeCode = Annotated[
    str,
    AfterValidator(_member_of(_codes("exploitation_forms"))),
    _code_schema(_codes("exploitation_forms")),
]
CircumstanceCode = Annotated[
    str,
    AfterValidator(_member_of(_codes("sentencing_circumstances"))),
    _code_schema(_codes("sentencing_circumstances")),
]
ServiceCode = Annotated[str, AfterValidator(_member_of(SERVICES)), _code_schema(SERVICES)]
KindCode = Annotated[str, AfterValidator(_member_of(_KIND_CODES)), _code_schema(_KIND_CODES)]


class _Input(Schema):
    # Unknown keys are refused, not ignored: a misspelt field must not pass silently.
    model_config = ConfigDict(extra="forbid")


# --- Working days and the agency deadline -------------------------------------------------


class WorkingDaysQuery(Schema):
    start: IsoDate
    days: int = Field(ge=1, le=366)


class WorkingDaysOut(Schema):
    start: dt.date
    days: int
    date: dt.date


class AgencyDeadlineQuery(Schema):
    received_on: IsoDate


class AgencyDeadlineOut(Schema):
    received_on: dt.date
    decide_by: dt.date
    rule_set: str


# --- Screening ----------------------------------------------------------------------------


class ScreeningIn(_Input):
    assessed_on: IsoDate
    birth_date: IsoDate | None = None
    age: StrictInt | None = Field(default=None, ge=0, le=MAX_AGE)
    indicators: list[IndicatorCode] = Field(default_factory=list, max_length=MAX_CODES)
    criteria: list[CriteriaCode] = Field(default_factory=list, max_length=MAX_CODES)
    acts: list[ActCode] = Field(default_factory=list, max_length=MAX_CODES)
    means: list[MeansCode] = Field(default_factory=list, max_length=MAX_CODES)
    purposes: list[PurposeCode] = Field(default_factory=list, max_length=MAX_CODES)


class DefinitionOut(Schema):
    act: bool
    means: bool
    means_required: bool
    purpose: bool
    complete: bool


class ExplanationOut(Schema):
    code: str
    text: str
    source: str


class ScreeningOut(Schema):
    rule_set: str
    is_minor: bool | None
    signs_found: int
    refer_to_provider: bool
    criteria_groups_met: list[str]
    definition: DefinitionOut
    explanation: list[ExplanationOut]


# --- Sentencing ---------------------------------------------------------------------------


class SentencingIn(_Input):
    circumstances: list[CircumstanceCode] = Field(max_length=MAX_CODES)


class SentencingOut(Schema):
    part: int
    imprisonment_min_years: int | None
    imprisonment_max_years: int
    probation_max_years: int


# --- Entitlements -------------------------------------------------------------------------


class CriminalProcessSupportIn(_Input):
    granted_on: IsoDate | None = None
    state_legal_aid: StrictBool


class DeliveryIn(_Input):
    on: IsoDate
    service: ServiceCode
    kind: KindCode | None = None
    hours: Decimal = Field(ge=0, le=MAX_DELIVERY_HOURS, max_digits=9, decimal_places=2)


class EntitlementsIn(_Input):
    as_of: IsoDate
    course_start: IsoDate
    course_end: IsoDate | None = None
    criminal_process_support: CriminalProcessSupportIn | None = None
    deliveries: list[DeliveryIn] = Field(default_factory=list, max_length=MAX_DELIVERIES)


class CourseOut(Schema):
    start: dt.date
    last_allowed_day: dt.date
    end: dt.date | None
    days_used: int
    days_left: int


class AfterCourseConsultationsOut(Schema):
    available: bool
    window_start: dt.date | None
    window_end: dt.date | None
    allowed: int
    used: int
    remaining: int


class SupportYearOut(Schema):
    year: int
    start: dt.date
    end: dt.date
    cap_hours: float
    used_hours: float
    remaining_hours: float


class CriminalProcessSupportOut(Schema):
    available: bool
    allowed_kinds: list[str]
    years: list[SupportYearOut]


class FamilyMinorConsultationsOut(Schema):
    allowed: int
    used: int
    remaining: int


class ViolationOut(Schema):
    delivery: int
    code: str
    message: str
    rule: str


class EntitlementsOut(Schema):
    rule_set: str
    course: CourseOut
    after_course_consultations: AfterCourseConsultationsOut
    criminal_process_support: CriminalProcessSupportOut
    family_minor_consultations: FamilyMinorConsultationsOut
    violations: list[ViolationOut]


# --- Errors -------------------------------------------------------------------------------


class ErrorItem(Schema):
    field: str | None
    code: str
    message: str


class ErrorOut(Schema):
    detail: list[ErrorItem]


ERROR_RESPONSES: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    422: ErrorOut,
}
