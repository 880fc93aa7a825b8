"""The order of the process in dates: what cannot happen before what, and what cannot have
happened yet.

Sources: the seed, §"Speciālistu komisijas darbs" and §"Pirmais posms" (the commission
meets, gives its opinion in a protocol, the protocol goes to SIVA, SIVA decides "līdz trim
darba dienām" after receiving it), §"Otrais posms" (the course starts after SIVA's grant,
lasts "līdz 180 kalendāra dienām", its individual plan is drawn up and reviewed during it),
§"Trešais posms" (what is given after the course and within which period), the last chapter
(information passed on only with the person's consent); docs/domain.md "How we read the numbers".

How the invariants read the dates (each choice is ours where the texts are silent):

* The steps of one process form a partial order (:data:`PROCESS_ORDER`, :data:`REFERRAL_ORDER`):
  a step may fall on the same day as the step before it, never earlier. Steps with no date
  (not happened, or not on this basis) are skipped, and the order still holds across them
  (a SIVA decision is never before the opinion even when the receipt is unknown).
* Every inverted pair is reported, once, naming both steps and both dates; a date swapped
  with its neighbour is reported as exactly that pair.
* The first contact precedes the screening interview. A case's opening date is the day it
  was registered, which may come after an interview entered later, so the services do not
  give it as the first contact.
* The social service's home visit and follow-up contact are recorded facts of its own case
  management; they are ordered against nothing else here, but cannot lie ahead.
* Only planned items may lie in the future (:data:`PLANNED_STEPS`: the commission meeting,
  the course start, plan tasks' due dates and plan reviews' next dates); a recorded fact
  dated after ``today`` is reported against ``today``.
* The windows are the ledger's (:mod:`atbalsts.rules.entitlements`), never recomputed here:
  the course runs from its start through its end, or through its last allowed day while it
  has not ended; a delivery must fall in the window of the service it draws on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from atbalsts.rules.dates import day_after
from atbalsts.rules.entitlements import (
    AFTER_COURSE_CONSULTATION,
    COURSE,
    CRIMINAL_PROCESS_SUPPORT,
    FAMILY_MINOR_CONSULTATION,
    SERVICES,
    CriminalProcessSupport,
    after_course_window,
    course_last_day,
    support_years,
)
from atbalsts.rules.errors import RuleInputError, UnknownCodeError
from atbalsts.rules.rulesets import NoRuleSetInForceError, RuleSet, rule_set_for

# --- The steps ----------------------------------------------------------------------------

FIRST_CONTACT = "first_contact"
SCREENING = "screening"
LAW_ENFORCEMENT_DOCUMENT = "law_enforcement_document"
COMMISSION_MEETING = "commission_meeting"
RECOGNITION = "recognition"
OPINION = "opinion"
SUBMISSION = "submission"
RECEIPT = "receipt"
DECISION = "decision"
COURSE_START = "course_start"
CONSENT = "consent"
REFERRAL_SENT = "referral_sent"
REFERRAL_ANSWERED = "referral_answered"
HOME_VISIT = "home_visit"
FOLLOW_UP_CONTACT = "follow_up_contact"
PLAN_TASK_DUE = "plan_task_due"
PLAN_REVIEW = "plan_review"
NEXT_PLAN_REVIEW = "next_plan_review"
DELIVERY = "delivery"
TODAY = "today"
# The bounds of a window.
COURSE_LAST_DAY = "course_last_day"
COURSE_END = "course_end"
AFTER_COURSE_WINDOW_START = "after_course_window_start"
AFTER_COURSE_WINDOW_END = "after_course_window_end"
SUPPORT_PERIOD_START = "support_period_start"
SUPPORT_PERIOD_END = "support_period_end"

ORDER = "order"
FUTURE = "future"
BEFORE_WINDOW = "before_window"
AFTER_WINDOW = "after_window"
VIOLATION_CODES: tuple[str, ...] = (ORDER, FUTURE, BEFORE_WINDOW, AFTER_WINDOW)

PROCESS_ORDER: tuple[tuple[str, str], ...] = (
    (FIRST_CONTACT, SCREENING),
    (LAW_ENFORCEMENT_DOCUMENT, RECOGNITION),
    (COMMISSION_MEETING, RECOGNITION),
    (COMMISSION_MEETING, OPINION),
    (RECOGNITION, OPINION),
    (RECOGNITION, SUBMISSION),
    (OPINION, SUBMISSION),
    (SUBMISSION, RECEIPT),
    (RECEIPT, DECISION),
    (DECISION, COURSE_START),
)
"""Recognition to course, each pair (earlier, later): the commission meets, the person is
recognised (on the meeting day, or on the law-enforcement document), the opinion is recorded,
the documents go to SIVA, SIVA receives them and decides, and the course starts after the
grant. The first contact precedes the screening interview of the same case."""

REFERRAL_ORDER: tuple[tuple[str, str], ...] = (
    (CONSENT, REFERRAL_SENT),
    (REFERRAL_SENT, REFERRAL_ANSWERED),
)
"""Consent, then the referral it allows, then the recipient's answer (docs/security.md CO-1)."""

PLANNED_STEPS = frozenset({COMMISSION_MEETING, COURSE_START, PLAN_TASK_DUE, NEXT_PLAN_REVIEW})
"""Steps whose date may lie ahead: they are planned, not recorded as done."""

_STEP_ORDER: tuple[str, ...] = (
    FIRST_CONTACT,
    SCREENING,
    LAW_ENFORCEMENT_DOCUMENT,
    COMMISSION_MEETING,
    RECOGNITION,
    OPINION,
    SUBMISSION,
    RECEIPT,
    DECISION,
    COURSE_START,
    CONSENT,
    REFERRAL_SENT,
    REFERRAL_ANSWERED,
    HOME_VISIT,
    FOLLOW_UP_CONTACT,
)
STEPS = frozenset(_STEP_ORDER)
"""The steps :func:`check_order` knows (in the order its answer lists them)."""


def _closure(edges: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    """Every (earlier, later) the edges imply, transitively."""
    pairs = set(edges)
    while True:
        implied = {(a, d) for a, b in pairs for c, d in pairs if b == c} - pairs
        if not implied:
            return frozenset(pairs)
        pairs |= implied


_MUST_PRECEDE = _closure((*PROCESS_ORDER, *REFERRAL_ORDER))


# --- The answer ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DateOrderViolation:
    """``earlier`` (on ``earlier_on``) must not fall after ``later`` (on ``later_on``), and it
    does. ``code`` is one of :data:`VIOLATION_CODES`: two steps out of ``order``, a recorded
    fact in the ``future`` (``later`` is :data:`TODAY`), or a date ``before_window`` (``earlier``
    is the window's first day) or ``after_window`` (``later`` is its last day)."""

    code: str
    earlier: str
    earlier_on: date
    later: str
    later_on: date

    def involves(self, step: str) -> bool:
        return step in (self.earlier, self.later)


@dataclass(frozen=True)
class Window:
    """The days a dated item may fall on: ``start`` through ``end``, both included; each
    bound names the step it comes from."""

    start_step: str
    start: date
    end_step: str
    end: date


# --- The rules ----------------------------------------------------------------------------


def check_order(dates: Mapping[str, date | None], *, today: date) -> tuple[DateOrderViolation, ...]:
    """Every pair of known steps out of the process's order, and every recorded fact dated
    after ``today``; empty when the dates are consistent.

    ``dates`` maps steps of :data:`STEPS` to their dates (None or absent: not known).
    Sources: see the module's notes.
    """
    unknown = sorted(set(dates) - STEPS)
    if unknown:
        raise UnknownCodeError("dates", unknown[0])
    known: list[tuple[str, date]] = [
        (step, on) for step in _STEP_ORDER if (on := dates.get(step)) is not None
    ]
    violations = [
        DateOrderViolation(FUTURE, step, on, TODAY, today)
        for step, on in known
        if step not in PLANNED_STEPS and on > today
    ]
    # _STEP_ORDER lists every step after the steps that must precede it, so each pair
    # needs asking one way only.
    for index, (earlier, earlier_on) in enumerate(known):
        for later, later_on in known[index + 1 :]:
            if (earlier, later) in _MUST_PRECEDE and earlier_on > later_on:
                violations.append(DateOrderViolation(ORDER, earlier, earlier_on, later, later_on))
    return tuple(violations)


def check_in_future(step: str, on: date, *, today: date) -> DateOrderViolation | None:
    """A recorded fact ``step`` dated after ``today``, or None (planned steps may be ahead)."""
    if step in PLANNED_STEPS or on <= today:
        return None
    return DateOrderViolation(FUTURE, step, on, TODAY, today)


def check_within(step: str, on: date, window: Window) -> DateOrderViolation | None:
    """``step`` dated ``on`` outside ``window``, naming the bound it crosses; or None."""
    if on < window.start:
        return DateOrderViolation(BEFORE_WINDOW, window.start_step, window.start, step, on)
    if on > window.end:
        return DateOrderViolation(AFTER_WINDOW, step, on, window.end_step, window.end)
    return None


def _rule_set(course_start: date) -> RuleSet:
    try:
        return rule_set_for(course_start)
    except NoRuleSetInForceError as exc:
        raise RuleInputError("course_start", str(exc)) from exc


def course_window(course_start: date, course_end: date | None) -> Window:
    """The days of the course: its start through its end, or through its last allowed day
    (start + 179 days, :func:`atbalsts.rules.entitlements.course_last_day`) while it runs."""
    if course_end is not None:
        return Window(COURSE_START, course_start, COURSE_END, course_end)
    rule_set = _rule_set(course_start)
    return Window(
        COURSE_START, course_start, COURSE_LAST_DAY, course_last_day(course_start, rule_set)
    )


def delivery_window(
    service: str,
    *,
    course_start: date,
    course_end: date | None,
    criminal_process_support: CriminalProcessSupport | None,
) -> Window | None:
    """The days a delivery of ``service`` may fall on, or None when none is open yet (the
    course has not ended, or no support was granted: the ledger says why).

    The course's services and the family's consultations fall within the course; the
    post-course consultations within the post-course window (the day after the end through
    the end + 2 years); criminal-process support within its support years and after the
    course (seed §"Otrais posms", §"Trešais posms"; docs/domain.md "How we read the numbers").
    """
    if service not in SERVICES:
        raise UnknownCodeError("service", service)
    if service in (COURSE, FAMILY_MINOR_CONSULTATION):
        return course_window(course_start, course_end)
    if course_end is None:
        return None
    rule_set = _rule_set(course_start)
    if service == AFTER_COURSE_CONSULTATION:
        first, last = after_course_window(course_end, rule_set)
        return Window(AFTER_COURSE_WINDOW_START, first, AFTER_COURSE_WINDOW_END, last)
    assert service == CRIMINAL_PROCESS_SUPPORT  # noqa: S101 - SERVICES has four
    if criminal_process_support is None:
        return None
    period_start = criminal_process_support.granted_on or day_after(course_end)
    years = support_years(period_start, rule_set)
    # Support is given after the course even when it was granted during it.
    first = max(years[0][0], day_after(course_end))
    return Window(SUPPORT_PERIOD_START, first, SUPPORT_PERIOD_END, years[-1][1])
