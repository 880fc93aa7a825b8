"""The order of the process in dates (atbalsts/rules/process_dates.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from atbalsts.rules import process_dates as pd
from atbalsts.rules.entitlements import (
    AFTER_COURSE_CONSULTATION,
    COURSE,
    CRIMINAL_PROCESS_SUPPORT,
    FAMILY_MINOR_CONSULTATION,
    CriminalProcessSupport,
    after_course_window,
    course_last_day,
    support_years,
)
from atbalsts.rules.errors import RuleInputError, UnknownCodeError
from atbalsts.rules.rulesets import rule_set_for
from tests.rules.strategies import any_date

MAIN_CHAIN = (
    pd.COMMISSION_MEETING,
    pd.RECOGNITION,
    pd.OPINION,
    pd.SUBMISSION,
    pd.RECEIPT,
    pd.DECISION,
    pd.COURSE_START,
)
"""The recognition-to-course process on the commission's basis: a total order."""

FAR_FUTURE = date(2099, 12, 31)


def _sorted_dates(count: int) -> st.SearchStrategy[list[date]]:
    return st.lists(any_date, min_size=count, max_size=count).map(sorted)


def test_the_exact_scenario_is_reported_naming_both_dates() -> None:
    # The opinion recorded on 7 December for a meeting dated 9 December, sent the same day.
    found = pd.check_order(
        {
            pd.COMMISSION_MEETING: date(2026, 12, 9),
            pd.RECOGNITION: date(2026, 12, 9),
            pd.OPINION: date(2026, 12, 7),
            pd.SUBMISSION: date(2026, 12, 7),
        },
        today=date(2026, 12, 7),
    )
    assert found == (
        # The recognition, unlike the meeting, is a recorded fact: it cannot lie ahead.
        pd.DateOrderViolation(
            pd.FUTURE, pd.RECOGNITION, date(2026, 12, 9), pd.TODAY, date(2026, 12, 7)
        ),
        pd.DateOrderViolation(
            pd.ORDER, pd.COMMISSION_MEETING, date(2026, 12, 9), pd.OPINION, date(2026, 12, 7)
        ),
        pd.DateOrderViolation(
            pd.ORDER, pd.COMMISSION_MEETING, date(2026, 12, 9), pd.SUBMISSION, date(2026, 12, 7)
        ),
        pd.DateOrderViolation(
            pd.ORDER, pd.RECOGNITION, date(2026, 12, 9), pd.OPINION, date(2026, 12, 7)
        ),
        pd.DateOrderViolation(
            pd.ORDER, pd.RECOGNITION, date(2026, 12, 9), pd.SUBMISSION, date(2026, 12, 7)
        ),
    )
    assert found[1].involves(pd.OPINION)
    assert not found[1].involves(pd.SUBMISSION)


@given(_sorted_dates(len(MAIN_CHAIN)))
def test_dates_in_order_pass(dates: list[date]) -> None:
    assert pd.check_order(dict(zip(MAIN_CHAIN, dates, strict=True)), today=FAR_FUTURE) == ()


@given(_sorted_dates(len(MAIN_CHAIN)), st.data())
def test_a_swapped_neighbour_pair_is_reported_as_exactly_that_pair(
    dates: list[date], data: st.DataObject
) -> None:
    i = data.draw(st.integers(min_value=0, max_value=len(MAIN_CHAIN) - 2))
    assume(dates[i] != dates[i + 1])
    dates[i], dates[i + 1] = dates[i + 1], dates[i]
    found = pd.check_order(dict(zip(MAIN_CHAIN, dates, strict=True)), today=FAR_FUTURE)
    assert found == (
        pd.DateOrderViolation(pd.ORDER, MAIN_CHAIN[i], dates[i], MAIN_CHAIN[i + 1], dates[i + 1]),
    )


@given(_sorted_dates(len(MAIN_CHAIN)), st.data())
def test_any_swapped_pair_is_reported_and_every_report_involves_it(
    dates: list[date], data: st.DataObject
) -> None:
    i = data.draw(st.integers(min_value=0, max_value=len(MAIN_CHAIN) - 2))
    j = data.draw(st.integers(min_value=i + 1, max_value=len(MAIN_CHAIN) - 1))
    assume(dates[i] != dates[j])
    dates[i], dates[j] = dates[j], dates[i]
    found = pd.check_order(dict(zip(MAIN_CHAIN, dates, strict=True)), today=FAR_FUTURE)
    swapped = pd.DateOrderViolation(pd.ORDER, MAIN_CHAIN[i], dates[i], MAIN_CHAIN[j], dates[j])
    assert swapped in found
    assert all(v.involves(MAIN_CHAIN[i]) or v.involves(MAIN_CHAIN[j]) for v in found)
    assert all(v.code == pd.ORDER and v.earlier_on > v.later_on for v in found)


@given(
    st.dictionaries(
        st.sampled_from(sorted(pd.STEPS)), st.one_of(st.none(), any_date), max_size=len(pd.STEPS)
    )
)
def test_every_reported_pair_is_one_the_order_requires(dates: dict[str, date | None]) -> None:
    for v in pd.check_order(dates, today=FAR_FUTURE):
        assert (v.earlier, v.later) in pd._MUST_PRECEDE
        assert dates[v.earlier] == v.earlier_on
        assert dates[v.later] == v.later_on
        assert v.earlier_on > v.later_on


@given(_sorted_dates(len(MAIN_CHAIN)), st.sets(st.sampled_from(MAIN_CHAIN)))
def test_unknown_steps_are_skipped_and_the_order_holds_across_them(
    dates: list[date], unknown: set[str]
) -> None:
    given_dates: dict[str, date | None] = {
        step: (None if step in unknown else on) for step, on in zip(MAIN_CHAIN, dates, strict=True)
    }
    assert pd.check_order(given_dates, today=FAR_FUTURE) == ()


def test_the_order_holds_across_an_unknown_step() -> None:
    # No receipt recorded: the decision still may not precede the submission.
    found = pd.check_order(
        {pd.SUBMISSION: date(2026, 3, 5), pd.DECISION: date(2026, 3, 4)}, today=FAR_FUTURE
    )
    assert found == (
        pd.DateOrderViolation(
            pd.ORDER, pd.SUBMISSION, date(2026, 3, 5), pd.DECISION, date(2026, 3, 4)
        ),
    )


def test_steps_on_the_same_day_are_in_order() -> None:
    day = date(2026, 12, 7)
    assert pd.check_order(dict.fromkeys(MAIN_CHAIN, day), today=day) == ()


@given(any_date, any_date, any_date)
def test_referral_order(consent: date, sent: date, answered: date) -> None:
    found = pd.check_order(
        {pd.CONSENT: consent, pd.REFERRAL_SENT: sent, pd.REFERRAL_ANSWERED: answered},
        today=FAR_FUTURE,
    )
    expected = {
        (pd.CONSENT, pd.REFERRAL_SENT): consent > sent,
        (pd.CONSENT, pd.REFERRAL_ANSWERED): consent > answered,
        (pd.REFERRAL_SENT, pd.REFERRAL_ANSWERED): sent > answered,
    }
    assert {(v.earlier, v.later) for v in found} == {pair for pair, bad in expected.items() if bad}


def test_first_contact_precedes_the_screening_and_is_unrelated_to_a_police_document() -> None:
    found = pd.check_order(
        {
            pd.FIRST_CONTACT: date(2026, 5, 2),
            pd.SCREENING: date(2026, 5, 1),
            pd.LAW_ENFORCEMENT_DOCUMENT: date(2026, 1, 1),
            pd.RECOGNITION: date(2026, 1, 2),
        },
        today=FAR_FUTURE,
    )
    assert [(v.earlier, v.later) for v in found] == [(pd.FIRST_CONTACT, pd.SCREENING)]


def test_the_order_is_transitive_and_every_step_follows_its_predecessors() -> None:
    assert (pd.COMMISSION_MEETING, pd.COURSE_START) in pd._MUST_PRECEDE
    assert (pd.CONSENT, pd.REFERRAL_ANSWERED) in pd._MUST_PRECEDE
    assert (pd.FIRST_CONTACT, pd.COURSE_START) not in pd._MUST_PRECEDE
    position = {step: index for index, step in enumerate(pd._STEP_ORDER)}
    assert all(position[a] < position[b] for a, b in pd._MUST_PRECEDE)
    assert set(pd._STEP_ORDER) == pd.STEPS


def test_an_unknown_step_is_an_input_error() -> None:
    with pytest.raises(UnknownCodeError) as raised:
        pd.check_order({"meeting": date(2026, 1, 1)}, today=FAR_FUTURE)
    assert raised.value.field == "dates"
    assert raised.value.code == "meeting"


# --- Nothing recorded in the future ---------------------------------------------------------

RECORDED = sorted(pd.STEPS - pd.PLANNED_STEPS)


@given(st.sampled_from(RECORDED), any_date, st.integers(min_value=1, max_value=3000))
def test_a_recorded_fact_after_today_is_reported_against_today(
    step: str, today: date, days: int
) -> None:
    ahead = today + timedelta(days=days)
    expected = pd.DateOrderViolation(pd.FUTURE, step, ahead, pd.TODAY, today)
    assert pd.check_order({step: ahead}, today=today) == (expected,)
    assert pd.check_in_future(step, ahead, today=today) == expected


@given(st.sampled_from(sorted(pd.STEPS)), any_date, st.integers(min_value=0, max_value=3000))
def test_today_or_earlier_is_never_in_the_future(step: str, today: date, days: int) -> None:
    past = today - timedelta(days=days)
    assert pd.check_order({step: past}, today=today) == ()
    assert pd.check_in_future(step, past, today=today) is None


@given(st.sampled_from(sorted(pd.PLANNED_STEPS)), any_date, st.integers(min_value=1))
def test_planned_items_may_lie_ahead(step: str, today: date, days: int) -> None:
    ahead = today + timedelta(days=min(days, 3000))
    assert pd.check_in_future(step, ahead, today=today) is None
    if step in pd.STEPS:
        assert pd.check_order({step: ahead}, today=today) == ()


def test_the_planned_steps() -> None:
    assert {
        pd.COMMISSION_MEETING,
        pd.COURSE_START,
        pd.PLAN_TASK_DUE,
        pd.NEXT_PLAN_REVIEW,
    } == pd.PLANNED_STEPS
    for fact in (pd.OPINION, pd.SUBMISSION, pd.RECEIPT, pd.DECISION, pd.DELIVERY, pd.CONSENT):
        assert fact not in pd.PLANNED_STEPS


# --- Windows -----------------------------------------------------------------------------


@given(any_date, st.integers(min_value=0, max_value=400), st.integers(min_value=-50, max_value=50))
def test_within_a_window(start: date, length: int, offset: int) -> None:
    window = pd.Window("a", start, "b", start + timedelta(days=length))
    for on in (start, window.end, start + timedelta(days=length // 2)):
        assert pd.check_within("x", on, window) is None
    before = start - timedelta(days=abs(offset) + 1)
    assert pd.check_within("x", before, window) == pd.DateOrderViolation(
        pd.BEFORE_WINDOW, "a", start, "x", before
    )
    after = window.end + timedelta(days=abs(offset) + 1)
    assert pd.check_within("x", after, window) == pd.DateOrderViolation(
        pd.AFTER_WINDOW, "x", after, "b", window.end
    )


@given(any_date)
def test_a_running_course_lasts_through_its_last_allowed_day(start: date) -> None:
    window = pd.course_window(start, None)
    assert window == pd.Window(
        pd.COURSE_START, start, pd.COURSE_LAST_DAY, course_last_day(start, rule_set_for(start))
    )
    assert window.end - window.start == timedelta(days=179)


def test_the_course_window_example_of_the_domain() -> None:
    # docs/domain.md: 2026-01-10 → 2026-07-08.
    assert pd.course_window(date(2026, 1, 10), None).end == date(2026, 7, 8)
    assert pd.course_window(date(2026, 1, 10), date(2026, 3, 1)) == pd.Window(
        pd.COURSE_START, date(2026, 1, 10), pd.COURSE_END, date(2026, 3, 1)
    )


def test_a_course_before_the_first_rule_set_is_an_input_error() -> None:
    with pytest.raises(RuleInputError) as raised:
        pd.course_window(date(2006, 12, 31), None)
    assert raised.value.field == "course_start"


@given(any_date, st.one_of(st.none(), st.integers(min_value=0, max_value=179)))
def test_course_services_and_family_consultations_fall_within_the_course(
    start: date, length: int | None
) -> None:
    end = None if length is None else start + timedelta(days=length)
    for service in (COURSE, FAMILY_MINOR_CONSULTATION):
        assert pd.delivery_window(
            service, course_start=start, course_end=end, criminal_process_support=None
        ) == pd.course_window(start, end)


@given(any_date, st.integers(min_value=0, max_value=179))
def test_after_course_consultations_fall_in_the_ledgers_window(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    window = pd.delivery_window(
        AFTER_COURSE_CONSULTATION, course_start=start, course_end=end, criminal_process_support=None
    )
    first, last = after_course_window(end, rule_set_for(start))
    assert window == pd.Window(
        pd.AFTER_COURSE_WINDOW_START, first, pd.AFTER_COURSE_WINDOW_END, last
    )


@given(
    any_date,
    st.integers(min_value=0, max_value=179),
    st.one_of(st.none(), st.integers(min_value=-100, max_value=400)),
)
def test_criminal_process_support_falls_in_its_support_years_after_the_course(
    start: date, length: int, granted_offset: int | None
) -> None:
    end = start + timedelta(days=length)
    granted = None if granted_offset is None else end + timedelta(days=granted_offset)
    window = pd.delivery_window(
        CRIMINAL_PROCESS_SUPPORT,
        course_start=start,
        course_end=end,
        criminal_process_support=CriminalProcessSupport(granted_on=granted),
    )
    years = support_years(granted or end + timedelta(days=1), rule_set_for(start))
    assert window == pd.Window(
        pd.SUPPORT_PERIOD_START,
        max(years[0][0], end + timedelta(days=1)),
        pd.SUPPORT_PERIOD_END,
        years[-1][1],
    )


def test_no_window_before_the_course_ends_or_without_support() -> None:
    start = date(2026, 1, 10)
    for service in (AFTER_COURSE_CONSULTATION, CRIMINAL_PROCESS_SUPPORT):
        assert (
            pd.delivery_window(
                service,
                course_start=start,
                course_end=None,
                criminal_process_support=CriminalProcessSupport(granted_on=None),
            )
            is None
        )
    assert (
        pd.delivery_window(
            CRIMINAL_PROCESS_SUPPORT,
            course_start=start,
            course_end=date(2026, 3, 1),
            criminal_process_support=None,
        )
        is None
    )


def test_an_unknown_service_is_an_input_error() -> None:
    with pytest.raises(UnknownCodeError):
        pd.delivery_window(
            "massage", course_start=date(2026, 1, 1), course_end=None, criminal_process_support=None
        )
