"""The ledger of entitlements: what a person may still receive, and which recorded
deliveries break a rule.

Sources: the seed, §"Otrais posms" (course up to 180 calendar days), §"Trešais posms"
(five one-hour consultations within two years after the course unless the person receives
criminal-process support; criminal-process support up to 150 hours a year over a 3-year
period, limited under state legal aid), §"Valsts finansētais sociālās rehabilitācijas
pakalpojums" and scheme 1 (five consultations for the minor family members); MK 889
4. and 4.¹ p.; MK 344 4. and 5. p.; docs/domain.md "How we read the numbers".

How the ledger reads its input (each choice is ours where the texts are silent):

* The rule set is the one in force on the day the course started, and every answer
  names it.
* Deliveries are judged in date order (input order breaks ties), so the result does not
  depend on the order they were recorded in. Each delivery breaks at most one rule: the
  first of before_course, not_entitled, outside_window / after_course_end,
  kind_not_allowed, quota_exceeded. A delivery that breaks a rule consumes no quota, and
  a delivery is accepted or refused whole (never partly).
* Deliveries dated after ``as_of`` are not judged yet: they neither count nor break a
  rule, and their indexes are listed in ``not_yet_counted``.
* ``hours`` is the quantity in the service's unit: hours of consultations and support;
  for course deliveries the unit of the course service (hours, nights or euro). It must be
  a finite number, not negative, and more than zero for the three services with a quota.
* A post-course consultation lasts one hour: a longer delivery uses one consultation for
  each hour begun (2 hours use 2 of the 5).
* A family consultation counts as one consultation whatever its length (the seed gives no
  length) and belongs to the course (docs/domain.md lists it under phase 2).
* A course end after the last allowed day is an input error (``course_end``): the course
  record itself is wrong, and forms validate it with :func:`course_last_day`.
* A course without an end has not ended: no post-course window opens until the end is
  recorded.
* Criminal-process support is given after the course ends: a delivery before the day after
  the course end, before the grant, or after the third support year is outside its window.
  Support years are counted from the grant (G), or from the day after the course end when
  no grant date is recorded.
* Post-course consultations are not available from the day criminal-process support runs
  (G) on; consultations given before G are valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from atbalsts.rules.catalogue import (
    AFTER_COURSE_CONSULTATION_SPECIALISTS,
    COURSE_SERVICES,
    CRIMINAL_PROCESS_SUPPORT_KINDS,
    CRIMINAL_PROCESS_SUPPORT_WITH_STATE_LEGAL_AID,
    SPECIALISTS,
)
from atbalsts.rules.citations import recommendations
from atbalsts.rules.dates import add_days, add_years, day_after, day_before
from atbalsts.rules.errors import RuleInputError, UnknownCodeError
from atbalsts.rules.rulesets import NoRuleSetInForceError, RuleSet, rule_set_for

COURSE = "course"
AFTER_COURSE_CONSULTATION = "after_course_consultation"
CRIMINAL_PROCESS_SUPPORT = "criminal_process_support"
FAMILY_MINOR_CONSULTATION = "family_minor_consultation"
SERVICES: tuple[str, ...] = (
    COURSE,
    AFTER_COURSE_CONSULTATION,
    CRIMINAL_PROCESS_SUPPORT,
    FAMILY_MINOR_CONSULTATION,
)

VIOLATION_CODES: tuple[str, ...] = (
    "before_course",
    "after_course_end",
    "outside_window",
    "quota_exceeded",
    "not_entitled",
    "kind_not_allowed",
)

# The methodological recommendations' chapters these rules come from; the regulation's
# paragraph is each answer's ``rule``.
_SECOND_PHASE = recommendations(
    "Otrais posms - sociālās rehabilitācijas pamatpakalpojuma sniegšana",
    "Second phase: the basic social rehabilitation service",
)
_THIRD_PHASE = recommendations(
    "Trešais posms - konsultācijas pēc sociālās rehabilitācijas pakalpojuma kursa",
    "Third phase: consultations after the social rehabilitation course",
)
_STATE_SERVICE = recommendations(
    "Valsts finansētais sociālās rehabilitācijas pakalpojums",
    "The state-funded social rehabilitation service",
)
SOURCE_COURSE = _SECOND_PHASE.lv
SOURCE_AFTER_COURSE = _THIRD_PHASE.lv
SOURCE_SUPPORT = _THIRD_PHASE.lv
SOURCE_STATE_LEGAL_AID = _THIRD_PHASE.lv
SOURCE_FAMILY = _STATE_SERVICE.lv


# --- Input ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """One recorded delivery: ``service`` is one of :data:`SERVICES`; ``kind`` a code of
    the course services (course), of the specialists (consultations) or of the
    criminal-process support kinds (required there); ``hours`` the quantity."""

    on: date
    service: str
    kind: str | None
    hours: Decimal


@dataclass(frozen=True)
class CriminalProcessSupport:
    """The person receives support in criminal proceedings on trafficking, granted on
    ``granted_on`` (None: from the day after the course ends), and ``state_legal_aid`` when
    the person also receives state-provided legal aid."""

    granted_on: date | None
    state_legal_aid: bool = False


# --- Answer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseReport:
    """The course: day 1 is ``start``; ``days_used`` counts through ``as_of`` (or the end),
    ``days_left`` the days still ahead through the end or the last allowed day."""

    start: date
    last_allowed_day: date
    end: date | None
    days_used: int
    days_left: int
    rule: str
    source: str = SOURCE_COURSE


@dataclass(frozen=True)
class AfterCourseConsultationsReport:
    """Five one-hour consultations within the window after the course.

    ``status``: "open" (the window is open on ``as_of``), "course_not_ended",
    "not_entitled" (criminal-process support runs), or "closed" (the window has passed).
    """

    available: bool
    status: str
    window_start: date | None
    window_end: date | None
    allowed: int
    used: int
    remaining: int
    consultation_hours: int
    rule: str
    source: str = SOURCE_AFTER_COURSE


@dataclass(frozen=True)
class SupportYear:
    """Support year ``number``: ``start`` through ``end`` (both included)."""

    number: int
    start: date
    end: date
    cap_hours: Decimal
    used_hours: Decimal
    remaining_hours: Decimal


@dataclass(frozen=True)
class CriminalProcessSupportReport:
    """Criminal-process support: the kinds allowed and the hours of each support year."""

    available: bool
    granted_on: date | None
    period_start: date | None
    state_legal_aid: bool
    allowed_kinds: tuple[str, ...]
    years: tuple[SupportYear, ...]
    rule: str
    source: str = SOURCE_SUPPORT


@dataclass(frozen=True)
class FamilyMinorConsultationsReport:
    """Consultations for the minor family members staying in Latvia, during the course."""

    allowed: int
    used: int
    remaining: int
    rule: str
    source: str = SOURCE_FAMILY


@dataclass(frozen=True)
class Violation:
    """Delivery number ``delivery`` (its index in the input) breaks ``rule``."""

    delivery: int
    code: str
    message_lv: str
    message_en: str
    rule: str
    source: str


@dataclass(frozen=True)
class EntitlementsReport:
    """The answer of :func:`evaluate_entitlements` (the API returns these fields)."""

    rule_set: str
    as_of: date
    course: CourseReport
    after_course_consultations: AfterCourseConsultationsReport
    criminal_process_support: CriminalProcessSupportReport
    family_minor_consultations: FamilyMinorConsultationsReport
    violations: tuple[Violation, ...]
    not_yet_counted: tuple[int, ...] = ()


# --- Rules ------------------------------------------------------------------------------


def course_last_day(start: date, rule_set: RuleSet) -> date:
    """The last day the course may last: day 1 is ``start``, so start + 179 days for a
    course of up to 180 calendar days (MK 889 4. p.; MK 344 4. p.; docs/domain.md "Course")."""
    return add_days(start, rule_set.course_max_days - 1)


def after_course_window(course_end: date, rule_set: RuleSet) -> tuple[date, date]:
    """The post-course window: the day after the course end through the end + 2 years,
    both included (MK 344 4. p.; docs/domain.md "Post-course window")."""
    return day_after(course_end), add_years(course_end, rule_set.after_course_window_years)


def support_years(period_start: date, rule_set: RuleSet) -> tuple[tuple[date, date], ...]:
    """Support year k runs from G + (k-1) years through the day before G + k years
    (seed §"Trešais posms": "150 stundu gadā 3 gadu periodā"; docs/domain.md)."""
    return tuple(
        (add_years(period_start, k - 1), day_before(add_years(period_start, k)))
        for k in range(1, rule_set.criminal_process_support_years + 1)
    )


def allowed_support_kinds(*, state_legal_aid: bool) -> tuple[str, ...]:
    """The criminal-process support kinds a person may receive, in catalogue order:
    only social worker and psychologist consultations and the interpreter under state
    legal aid (seed §"Trešais posms")."""
    return tuple(
        kind
        for kind in CRIMINAL_PROCESS_SUPPORT_KINDS
        if not state_legal_aid or kind in CRIMINAL_PROCESS_SUPPORT_WITH_STATE_LEGAL_AID
    )


@dataclass(frozen=True)
class _Judgement:
    code: str
    message_lv: str
    message_en: str
    rule: str
    source: str


def _fmt(d: date) -> str:
    """A date as Latvian texts write it ("08.07.2026."); it also ends a sentence."""
    return d.strftime("%d.%m.%Y.")


def _fmt_en(d: date) -> str:
    """A date as British English writes it in short ("08/07/2026")."""
    return d.strftime("%d/%m/%Y")


@dataclass
class _Ledger:
    """The working state of one evaluation (mutable; never leaves this module)."""

    rule_set: RuleSet
    start: date
    end: date | None
    last_day: date
    support: CriminalProcessSupport | None
    period_start: date | None
    years: tuple[tuple[date, date], ...]
    consultations_used: int = 0
    family_used: int = 0

    def __post_init__(self) -> None:
        self.hours_used: list[Decimal] = [Decimal(0) for _ in self.years]

    # Each judge returns None when the delivery is accepted (and then records its use).

    def judge(self, delivery: Delivery) -> _Judgement | None:
        if delivery.on < self.start:
            return self._before_course(delivery)
        if delivery.service == COURSE:
            return self._course(delivery)
        if delivery.service == AFTER_COURSE_CONSULTATION:
            return self._after_course_consultation(delivery)
        if delivery.service == CRIMINAL_PROCESS_SUPPORT:
            return self._criminal_process_support(delivery)
        return self._family_consultation(delivery)

    def _before_course(self, delivery: Delivery) -> _Judgement:
        return _Judgement(
            "before_course",
            f"Pakalpojums sniegts {_fmt(delivery.on)}, pirms kursa sākuma {_fmt(self.start)}",
            f"Delivered on {_fmt_en(delivery.on)}, before the course started on"
            f" {_fmt_en(self.start)}.",
            self.rule_set.reference("course"),
            SOURCE_COURSE,
        )

    def _course(self, delivery: Delivery) -> _Judgement | None:
        course_end = self.end or self.last_day
        if delivery.on > course_end:
            return self._after_course_end(delivery, course_end, "course", SOURCE_COURSE)
        return None

    def _after_course_end(
        self, delivery: Delivery, course_end: date, rule: str, source: str
    ) -> _Judgement:
        return _Judgement(
            "after_course_end",
            f"Pakalpojums sniegts {_fmt(delivery.on)}, pēc kursa beigām {_fmt(course_end)}",
            f"Delivered on {_fmt_en(delivery.on)}, after the course ended on"
            f" {_fmt_en(course_end)}.",
            self.rule_set.reference(rule),
            source,
        )

    def receives_support_on(self, on: date) -> bool:
        return self.support is not None and (self.period_start is None or on >= self.period_start)

    def _after_course_consultation(self, delivery: Delivery) -> _Judgement | None:
        rs = self.rule_set
        rule = rs.reference("after_course_consultations")
        if self.receives_support_on(delivery.on):
            return _Judgement(
                "not_entitled",
                "Konsultācijas pēc kursa nepienākas, jo persona saņem atbalstu kriminālprocesā.",
                "No post-course consultations: the person receives criminal-process support.",
                rule,
                SOURCE_AFTER_COURSE,
            )
        if self.end is None or delivery.on <= self.end:
            return _Judgement(
                "outside_window",
                f"Konsultācija {_fmt(delivery.on)} ir pirms kursa beigām; konsultācijas pēc"
                " kursa sniedz tikai pēc tā beigām.",
                f"Consultation on {_fmt_en(delivery.on)} is before the course ended;"
                " post-course consultations start the day after the course ends.",
                rule,
                SOURCE_AFTER_COURSE,
            )
        window_end = after_course_window(self.end, rs)[1]
        if delivery.on > window_end:
            return _Judgement(
                "outside_window",
                f"Konsultācija {_fmt(delivery.on)} ir pēc {rs.after_course_window_years} gadu"
                f" perioda beigām {_fmt(window_end)}",
                f"Consultation on {_fmt_en(delivery.on)} is after the"
                f" {rs.after_course_window_years}-year window closed on {_fmt_en(window_end)}.",
                rule,
                SOURCE_AFTER_COURSE,
            )
        if delivery.kind not in AFTER_COURSE_CONSULTATION_SPECIALISTS and delivery.kind is not None:
            return _Judgement(
                "kind_not_allowed",
                "Konsultācijas pēc kursa sniedz jurists, sociālais darbinieks vai psihologs.",
                "Post-course consultations are given by a lawyer, a social worker or a"
                " psychologist.",
                rule,
                SOURCE_AFTER_COURSE,
            )
        units = int(
            (delivery.hours / Decimal(rs.after_course_consultation_hours)).to_integral_value(
                rounding=ROUND_CEILING
            )
        )
        if self.consultations_used + units > rs.after_course_consultations:
            return _Judgement(
                "quota_exceeded",
                f"Konsultācija izmantotu {units} no atlikušajām"
                f" {rs.after_course_consultations - self.consultations_used}"
                f" konsultācijām ({rs.after_course_consultations} kopā).",
                f"The consultation would use {units} of the"
                f" {rs.after_course_consultations - self.consultations_used} consultations"
                f" left ({rs.after_course_consultations} in all).",
                rule,
                SOURCE_AFTER_COURSE,
            )
        self.consultations_used += units
        return None

    def _criminal_process_support(self, delivery: Delivery) -> _Judgement | None:
        rs = self.rule_set
        rule = rs.reference("criminal_process_support")
        if self.support is None:
            return _Judgement(
                "not_entitled",
                "Atbalsts kriminālprocesā nav piešķirts.",
                "No criminal-process support was granted.",
                rule,
                SOURCE_SUPPORT,
            )
        if self.end is None or delivery.on <= self.end:
            return _Judgement(
                "outside_window",
                f"Atbalsts {_fmt(delivery.on)} ir pirms kursa beigām; to sniedz pēc kursa.",
                f"Support on {_fmt_en(delivery.on)} is before the course ended; it is"
                " given after the course.",
                rule,
                SOURCE_SUPPORT,
            )
        year = self._support_year_of(delivery.on)
        if year is None:
            first, last = self.years[0][0], self.years[-1][1]
            return _Judgement(
                "outside_window",
                f"Atbalsts {_fmt(delivery.on)} ir ārpus {rs.criminal_process_support_years} gadu"
                f" perioda {_fmt(first)}–{_fmt(last)}",  # noqa: RUF001 - Latvian date range dash
                f"Support on {_fmt_en(delivery.on)} is outside the"
                f" {rs.criminal_process_support_years}-year period {_fmt_en(first)} to"
                f" {_fmt_en(last)}.",
                rule,
                SOURCE_SUPPORT,
            )
        allowed = allowed_support_kinds(state_legal_aid=self.support.state_legal_aid)
        if delivery.kind not in allowed:
            return _Judgement(
                "kind_not_allowed",
                "Saņemot valsts nodrošināto juridisko palīdzību, atbalsts ir tikai sociālā"
                " darbinieka un psihologa konsultācijas un tulks tajās.",
                "Under state legal aid, support is limited to social worker and psychologist"
                " consultations and the interpreter in them.",
                rs.reference("state_legal_aid"),
                SOURCE_STATE_LEGAL_AID,
            )
        cap = Decimal(rs.criminal_process_support_hours_per_year)
        used = self.hours_used[year]
        if used + delivery.hours > cap:
            return _Judgement(
                "quota_exceeded",
                f"{delivery.hours} stundas pārsniegtu {year + 1}. atbalsta gada atlikumu"
                f" {cap - used} stundas ({cap} stundas gadā).",
                f"{delivery.hours} hours would exceed the {cap - used} hours left in support"
                f" year {year + 1} ({cap} hours a year).",
                rule,
                SOURCE_SUPPORT,
            )
        self.hours_used[year] = used + delivery.hours
        return None

    def _support_year_of(self, on: date) -> int | None:
        for index, (first, last) in enumerate(self.years):
            if first <= on <= last:
                return index
        return None

    def _family_consultation(self, delivery: Delivery) -> _Judgement | None:
        rs = self.rule_set
        course_end = self.end or self.last_day
        if delivery.on > course_end:
            return self._after_course_end(
                delivery, course_end, "family_minor_consultations", SOURCE_FAMILY
            )
        if self.family_used >= rs.family_minor_consultations:
            return _Judgement(
                "quota_exceeded",
                f"Ģimenes locekļu konsultāciju skaits ({rs.family_minor_consultations})"
                " jau ir izmantots.",
                f"All {rs.family_minor_consultations} consultations for the family are used.",
                rs.reference("family_minor_consultations"),
                SOURCE_FAMILY,
            )
        self.family_used += 1
        return None


_KINDS: dict[str, frozenset[str]] = {
    COURSE: frozenset(COURSE_SERVICES),
    AFTER_COURSE_CONSULTATION: frozenset(SPECIALISTS),
    CRIMINAL_PROCESS_SUPPORT: frozenset(CRIMINAL_PROCESS_SUPPORT_KINDS),
    FAMILY_MINOR_CONSULTATION: frozenset(SPECIALISTS),
}
"""The codes each service's ``kind`` may take (an unknown one is an input error; a known
specialist who may not give a post-course consultation is a violation)."""


def _check_kind(index: int, delivery: Delivery) -> None:
    field = f"deliveries[{index}].kind"
    if delivery.kind is None:
        if delivery.service == CRIMINAL_PROCESS_SUPPORT:
            raise RuleInputError(field, "required for criminal-process support")
    elif delivery.kind not in _KINDS[delivery.service]:
        raise UnknownCodeError(field, delivery.kind)


def _check_delivery(index: int, delivery: Delivery) -> None:
    if delivery.service not in SERVICES:
        raise UnknownCodeError(f"deliveries[{index}].service", delivery.service)
    _check_kind(index, delivery)
    hours = delivery.hours
    field = f"deliveries[{index}].hours"
    if not hours.is_finite():
        raise RuleInputError(field, "must be a finite number")
    if hours < 0:
        raise RuleInputError(field, f"must not be negative, not {hours}")
    if hours == 0 and delivery.service != COURSE:
        raise RuleInputError(field, "must be more than zero")


def evaluate_entitlements(
    *,
    as_of: date,
    course_start: date,
    course_end: date | None,
    criminal_process_support: CriminalProcessSupport | None,
    deliveries: Sequence[Delivery],
) -> EntitlementsReport:
    """What the person has used and may still receive on ``as_of``, and which recorded
    deliveries break a rule (see the module's notes for how the input is read).

    Sources: seed §"Otrais posms" and §"Trešais posms"; MK 889 4., 4.¹ p.; MK 344 4., 5. p.;
    docs/domain.md "How we read the numbers". The rule set is the one in force on
    ``course_start``. Input the rules cannot judge raises :class:`RuleInputError` naming
    the field (e.g. ``deliveries[3].hours``).
    """
    try:
        rule_set = rule_set_for(course_start)
    except NoRuleSetInForceError as exc:
        raise RuleInputError("course_start", str(exc)) from exc
    last_day = course_last_day(course_start, rule_set)
    if course_end is not None and course_end < course_start:
        raise RuleInputError("course_end", "is before the course start")
    if course_end is not None and course_end > last_day:
        raise RuleInputError(
            "course_end",
            f"is after the last allowed day {last_day.isoformat()}"
            f" ({rule_set.course_max_days} days, {rule_set.reference('course')})",
        )
    for index, delivery in enumerate(deliveries):
        _check_delivery(index, delivery)

    support = criminal_process_support
    period_start: date | None = None
    if support is not None:
        period_start = support.granted_on or (day_after(course_end) if course_end else None)
    ledger = _Ledger(
        rule_set=rule_set,
        start=course_start,
        end=course_end,
        last_day=last_day,
        support=support,
        period_start=period_start,
        years=support_years(period_start, rule_set) if period_start else (),
    )

    violations: list[Violation] = []
    not_yet_counted: list[int] = []
    for index in sorted(range(len(deliveries)), key=lambda i: (deliveries[i].on, i)):
        delivery = deliveries[index]
        if delivery.on > as_of:
            not_yet_counted.append(index)
            continue
        judgement = ledger.judge(delivery)
        if judgement is not None:
            violations.append(
                Violation(
                    delivery=index,
                    code=judgement.code,
                    message_lv=judgement.message_lv,
                    message_en=judgement.message_en,
                    rule=judgement.rule,
                    source=judgement.source,
                )
            )
    violations.sort(key=lambda v: v.delivery)

    return EntitlementsReport(
        rule_set=rule_set.id,
        as_of=as_of,
        course=_course_report(ledger, as_of),
        after_course_consultations=_after_course_report(ledger, as_of),
        criminal_process_support=_support_report(ledger, as_of),
        family_minor_consultations=FamilyMinorConsultationsReport(
            allowed=rule_set.family_minor_consultations,
            used=ledger.family_used,
            remaining=rule_set.family_minor_consultations - ledger.family_used,
            rule=rule_set.reference("family_minor_consultations"),
        ),
        violations=tuple(violations),
        not_yet_counted=tuple(sorted(not_yet_counted)),
    )


def _course_report(ledger: _Ledger, as_of: date) -> CourseReport:
    course_end = ledger.end or ledger.last_day
    total = (course_end - ledger.start).days + 1
    counted_through = min(as_of, course_end)
    used = max(0, (counted_through - ledger.start).days + 1)
    return CourseReport(
        start=ledger.start,
        last_allowed_day=ledger.last_day,
        end=ledger.end,
        days_used=used,
        days_left=total - used,
        rule=ledger.rule_set.reference("course"),
    )


def _after_course_report(ledger: _Ledger, as_of: date) -> AfterCourseConsultationsReport:
    rs = ledger.rule_set
    window = after_course_window(ledger.end, rs) if ledger.end else None
    if ledger.receives_support_on(as_of):
        status = "not_entitled"
    elif window is None or as_of < window[0]:
        status = "course_not_ended"
    elif as_of > window[1]:
        status = "closed"
    else:
        status = "open"
    remaining = rs.after_course_consultations - ledger.consultations_used
    return AfterCourseConsultationsReport(
        available=status == "open" and remaining > 0,
        status=status,
        window_start=window[0] if window else None,
        window_end=window[1] if window else None,
        allowed=rs.after_course_consultations,
        used=ledger.consultations_used,
        remaining=remaining,
        consultation_hours=rs.after_course_consultation_hours,
        rule=rs.reference("after_course_consultations"),
    )


def _support_report(ledger: _Ledger, as_of: date) -> CriminalProcessSupportReport:
    rs = ledger.rule_set
    support = ledger.support
    cap = Decimal(rs.criminal_process_support_hours_per_year)
    years = tuple(
        SupportYear(
            number=index + 1,
            start=first,
            end=last,
            cap_hours=cap,
            used_hours=ledger.hours_used[index],
            remaining_hours=cap - ledger.hours_used[index],
        )
        for index, (first, last) in enumerate(ledger.years)
    )
    current = next((y for y in years if y.start <= as_of <= y.end), None)
    available = (
        current is not None
        and ledger.end is not None
        and as_of > ledger.end
        and current.remaining_hours > 0
    )
    return CriminalProcessSupportReport(
        available=available,
        granted_on=support.granted_on if support else None,
        period_start=ledger.period_start,
        state_legal_aid=support.state_legal_aid if support else False,
        allowed_kinds=(
            allowed_support_kinds(state_legal_aid=support.state_legal_aid) if support else ()
        ),
        years=years,
        rule=rs.reference("criminal_process_support"),
    )
