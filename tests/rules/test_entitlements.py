from __future__ import annotations

import itertools
import math
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atbalsts.rules.dates import add_years
from atbalsts.rules.entitlements import (
    SERVICES,
    VIOLATION_CODES,
    CriminalProcessSupport,
    Delivery,
    EntitlementsReport,
    evaluate_entitlements,
    support_years,
)
from atbalsts.rules.errors import RuleInputError, UnknownCodeError
from atbalsts.rules.rulesets import RULE_SETS

START = date(2026, 1, 10)
LAST = date(2026, 7, 8)  # docs/domain.md: 2026-01-10 -> 2026-07-08
END = LAST
ONE = Decimal(1)


def consultation(on: date, kind: str | None = "psychologist", hours: Decimal = ONE) -> Delivery:
    return Delivery(on=on, service="after_course_consultation", kind=kind, hours=hours)


def support(on: date, hours: Decimal, kind: str = "lawyer_consultation") -> Delivery:
    return Delivery(on=on, service="criminal_process_support", kind=kind, hours=hours)


def course(on: date, kind: str | None = "accommodation") -> Delivery:
    return Delivery(on=on, service="course", kind=kind, hours=ONE)


def family(on: date) -> Delivery:
    return Delivery(on=on, service="family_minor_consultation", kind=None, hours=ONE)


def evaluate(
    deliveries: list[Delivery],
    *,
    as_of: date = date(2030, 1, 1),
    start: date = START,
    end: date | None = END,
    cps: CriminalProcessSupport | None = None,
) -> EntitlementsReport:
    return evaluate_entitlements(
        as_of=as_of,
        course_start=start,
        course_end=end,
        criminal_process_support=cps,
        deliveries=deliveries,
    )


def codes(report: EntitlementsReport) -> dict[int, str]:
    return {v.delivery: v.code for v in report.violations}


# --- The course -----------------------------------------------------------------------------


def test_course_of_180_days_domain_example() -> None:
    report = evaluate([], as_of=date(2026, 3, 1), end=None)
    assert report.rule_set == "lv-mk344"
    assert report.course.last_allowed_day == LAST
    assert report.course.days_used == 51  # 10 January .. 1 March
    assert report.course.days_used + report.course.days_left == 180
    assert (
        report.course.rule == "Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344, 4. punkts"
    )


def test_course_days_before_start_and_after_the_end() -> None:
    before = evaluate([], as_of=date(2026, 1, 9), end=None).course
    assert (before.days_used, before.days_left) == (0, 180)
    ended_early = evaluate([], as_of=date(2026, 12, 1), end=date(2026, 3, 10)).course
    assert (ended_early.days_used, ended_early.days_left) == (60, 0)
    running_on = evaluate([], as_of=date(2026, 12, 1), end=None).course
    assert (running_on.days_used, running_on.days_left) == (180, 0)
    planned_end = evaluate([], as_of=date(2026, 1, 19), end=date(2026, 1, 31)).course
    assert (planned_end.days_used, planned_end.days_left) == (10, 12)


def test_course_deliveries_within_the_course_are_accepted() -> None:
    report = evaluate([course(START), course(LAST)])
    assert report.violations == ()


def test_before_course() -> None:
    report = evaluate([course(START - timedelta(days=1))])
    (violation,) = report.violations
    assert violation.code == "before_course"
    assert violation.delivery == 0
    assert violation.rule.startswith("Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344")
    assert "09.01.2026." in violation.message_lv
    assert "09/01/2026" in violation.message_en
    assert violation.source


def test_after_course_end() -> None:
    end = date(2026, 4, 30)
    report = evaluate([course(end), course(end + timedelta(days=1))], end=end)
    assert codes(report) == {1: "after_course_end"}


def test_course_without_end_runs_to_the_last_allowed_day() -> None:
    report = evaluate([course(LAST), course(LAST + timedelta(days=1))], end=None)
    assert codes(report) == {1: "after_course_end"}


def test_course_end_after_the_last_allowed_day_is_an_input_error() -> None:
    with pytest.raises(RuleInputError) as caught:
        evaluate([], end=LAST + timedelta(days=1))
    assert caught.value.field == "course_end"
    assert "2026-07-08" in caught.value.message


def test_course_end_before_start_is_an_input_error() -> None:
    with pytest.raises(RuleInputError) as caught:
        evaluate([], end=START - timedelta(days=1))
    assert caught.value.field == "course_end"


def test_course_before_any_rule_set() -> None:
    with pytest.raises(RuleInputError) as caught:
        evaluate([], start=date(2006, 6, 1), end=None)
    assert caught.value.field == "course_start"


def test_rule_set_in_force_on_the_course_start_decides() -> None:
    report = evaluate(
        [consultation(date(2021, 1, 5))],
        start=date(2019, 7, 1),
        end=date(2019, 12, 27),
        as_of=date(2021, 2, 1),
    )
    assert report.rule_set == "lv-mk889"
    assert report.after_course_consultations.rule.startswith(
        "Ministru kabineta 2006. gada 31. oktobra noteikumi Nr. 889"
    )
    assert report.course.rule.startswith(
        "Ministru kabineta 2006. gada 31. oktobra noteikumi Nr. 889"
    )


# --- Post-course consultations ----------------------------------------------------------------


def test_post_course_window_domain_example() -> None:
    report = evaluate([], as_of=date(2026, 11, 29)).after_course_consultations
    assert (report.window_start, report.window_end) == (date(2026, 7, 9), date(2028, 7, 8))
    assert (report.allowed, report.used, report.remaining) == (5, 0, 5)
    assert report.available
    assert report.status == "open"
    assert report.consultation_hours == 1


def test_window_edges() -> None:
    report = evaluate(
        [
            consultation(END),  # the last course day: not yet
            consultation(date(2026, 7, 9)),  # first day
            consultation(date(2028, 7, 8)),  # last day
            consultation(date(2028, 7, 9)),  # closed
        ]
    )
    assert codes(report) == {0: "outside_window", 3: "outside_window"}
    assert report.after_course_consultations.used == 2
    assert report.after_course_consultations.status == "closed"
    assert not report.after_course_consultations.available


def test_window_anniversary_of_29_february() -> None:
    end = date(2024, 2, 29)
    start = end - timedelta(days=100)
    report = evaluate(
        [consultation(date(2026, 2, 28)), consultation(date(2026, 3, 1))], start=start, end=end
    )
    assert report.after_course_consultations.window_end == date(2026, 2, 28)
    assert codes(report) == {1: "outside_window"}


def test_no_window_while_the_course_runs() -> None:
    report = evaluate([consultation(date(2026, 3, 1))], end=None, as_of=date(2026, 3, 2))
    assert codes(report) == {0: "outside_window"}
    acc = report.after_course_consultations
    assert (acc.status, acc.available, acc.window_start, acc.window_end) == (
        "course_not_ended",
        False,
        None,
        None,
    )


def test_not_yet_open_on_the_last_course_day() -> None:
    acc = evaluate([], as_of=END).after_course_consultations
    assert acc.status == "course_not_ended"


def test_sixth_consultation_exceeds_the_quota() -> None:
    days = [date(2026, 8, d) for d in range(1, 7)]
    report = evaluate([consultation(d) for d in days], as_of=date(2026, 9, 1))
    assert codes(report) == {5: "quota_exceeded"}
    acc = report.after_course_consultations
    assert (acc.used, acc.remaining, acc.available) == (5, 0, False)
    assert acc.status == "open"


def test_a_two_hour_consultation_uses_two() -> None:
    report = evaluate(
        [
            consultation(date(2026, 8, 1), hours=Decimal(2)),
            consultation(date(2026, 8, 2), hours=Decimal("1.5")),
            consultation(date(2026, 8, 3), hours=Decimal(2)),  # one left: refused whole
            consultation(date(2026, 8, 4), hours=Decimal("0.5")),
        ]
    )
    assert codes(report) == {2: "quota_exceeded"}
    assert report.after_course_consultations.used == 5


def test_quota_goes_by_date_not_by_the_order_recorded() -> None:
    days = [date(2026, 8, d) for d in (6, 1, 2, 3, 4, 5)]
    report = evaluate([consultation(d) for d in days])
    assert codes(report) == {0: "quota_exceeded"}


def test_a_violating_delivery_consumes_no_quota() -> None:
    deliveries = [consultation(date(2026, 7, 1))]  # during the course
    deliveries += [consultation(date(2026, 8, d)) for d in range(1, 6)]
    report = evaluate(deliveries)
    assert codes(report) == {0: "outside_window"}
    assert report.after_course_consultations.used == 5


def test_consultant_must_be_a_lawyer_social_worker_or_psychologist() -> None:
    report = evaluate(
        [
            consultation(date(2026, 8, 1), kind="medical"),
            consultation(date(2026, 8, 2), kind="lawyer"),
            consultation(date(2026, 8, 3), kind=None),
        ]
    )
    assert codes(report) == {0: "kind_not_allowed"}
    assert report.after_course_consultations.used == 2


def test_no_post_course_consultations_under_criminal_process_support() -> None:
    report = evaluate([consultation(date(2026, 8, 1))], cps=CriminalProcessSupport(granted_on=None))
    (violation,) = report.violations
    assert violation.code == "not_entitled"
    acc = report.after_course_consultations
    assert (acc.status, acc.available, acc.used) == ("not_entitled", False, 0)


def test_consultations_before_support_was_granted_stand() -> None:
    granted = date(2026, 10, 1)
    report = evaluate(
        [consultation(date(2026, 9, 1)), consultation(date(2026, 10, 1))],
        cps=CriminalProcessSupport(granted_on=granted),
        as_of=date(2026, 9, 15),
    )
    assert report.violations == ()
    assert report.not_yet_counted == (1,)
    assert report.after_course_consultations.status == "open"
    later = evaluate(
        [consultation(date(2026, 9, 1)), consultation(date(2026, 10, 1))],
        cps=CriminalProcessSupport(granted_on=granted),
    )
    assert codes(later) == {1: "not_entitled"}


# --- Criminal-process support -----------------------------------------------------------------


def test_support_years_from_the_day_after_the_course() -> None:
    report = evaluate([], cps=CriminalProcessSupport(granted_on=None), as_of=date(2026, 11, 29))
    cps = report.criminal_process_support
    assert cps.period_start == date(2026, 7, 9)
    assert [(y.number, y.start, y.end) for y in cps.years] == [
        (1, date(2026, 7, 9), date(2027, 7, 8)),
        (2, date(2027, 7, 9), date(2028, 7, 8)),
        (3, date(2028, 7, 9), date(2029, 7, 8)),
    ]
    assert all(y.cap_hours == 150 for y in cps.years)
    assert cps.available
    assert cps.allowed_kinds == (
        "lawyer_consultation",
        "social_worker_consultation",
        "psychologist_consultation",
        "interpreter",
        "legal_documents",
        "court_representation",
    )


def test_support_years_from_the_grant() -> None:
    granted = date(2026, 9, 15)
    cps = evaluate([], cps=CriminalProcessSupport(granted_on=granted)).criminal_process_support
    assert cps.granted_on == granted
    assert cps.years[0].start == granted
    assert cps.years[-1].end == date(2029, 9, 14)
    assert not cps.available  # as_of 2030-01-01: the period is over


def test_150_hours_a_year_and_unused_hours_do_not_carry_over() -> None:
    cps = CriminalProcessSupport(granted_on=None)
    report = evaluate(
        [
            support(date(2026, 8, 1), Decimal(100)),
            support(date(2027, 7, 8), Decimal(50)),  # last day of year 1: exactly 150
            support(date(2027, 7, 8), Decimal("0.5")),
            support(date(2027, 7, 9), Decimal(150)),  # year 2 starts afresh
            support(date(2027, 7, 10), Decimal(1)),
            support(date(2028, 7, 9), Decimal(151)),  # year 3: one delivery too many hours
        ],
        cps=cps,
    )
    assert codes(report) == {2: "quota_exceeded", 4: "quota_exceeded", 5: "quota_exceeded"}
    used = [(y.used_hours, y.remaining_hours) for y in report.criminal_process_support.years]
    assert used == [
        (Decimal(150), Decimal(0)),
        (Decimal(150), Decimal(0)),
        (Decimal(0), Decimal(150)),
    ]


def test_support_outside_its_period() -> None:
    cps = CriminalProcessSupport(granted_on=date(2026, 9, 1))
    report = evaluate(
        [
            support(date(2026, 7, 5), ONE),  # during the course
            support(date(2026, 8, 20), ONE),  # after the course, before the grant
            support(date(2029, 8, 31), ONE),  # last day of year 3
            support(date(2029, 9, 1), ONE),  # after the 3 years
        ],
        cps=cps,
    )
    assert codes(report) == {0: "outside_window", 1: "outside_window", 3: "outside_window"}


def test_support_granted_during_the_course_starts_after_it() -> None:
    cps = CriminalProcessSupport(granted_on=date(2026, 5, 1))
    report = evaluate([support(date(2026, 6, 1), ONE), support(date(2026, 7, 9), ONE)], cps=cps)
    assert codes(report) == {0: "outside_window"}
    assert report.criminal_process_support.years[0].start == date(2026, 5, 1)
    running = evaluate([], cps=cps, end=None, as_of=date(2026, 6, 1)).criminal_process_support
    assert not running.available


def test_support_while_the_course_runs_and_no_grant_date() -> None:
    report = evaluate(
        [support(date(2026, 3, 1), ONE)],
        cps=CriminalProcessSupport(granted_on=None),
        end=None,
        as_of=date(2026, 3, 2),
    )
    assert codes(report) == {0: "outside_window"}
    cps = report.criminal_process_support
    assert (cps.period_start, cps.years, cps.available) == (None, (), False)
    assert report.after_course_consultations.status == "not_entitled"


def test_support_without_a_grant_is_not_an_entitlement() -> None:
    report = evaluate([support(date(2026, 8, 1), ONE)])
    assert codes(report) == {0: "not_entitled"}
    cps = report.criminal_process_support
    assert (cps.available, cps.allowed_kinds, cps.years, cps.state_legal_aid) == (
        False,
        (),
        (),
        False,
    )


def test_state_legal_aid_limits_the_kinds() -> None:
    cps = CriminalProcessSupport(granted_on=None, state_legal_aid=True)
    report = evaluate(
        [
            support(date(2026, 8, 1), ONE, kind="lawyer_consultation"),
            support(date(2026, 8, 2), ONE, kind="court_representation"),
            support(date(2026, 8, 3), ONE, kind="legal_documents"),
            support(date(2026, 8, 4), ONE, kind="social_worker_consultation"),
            support(date(2026, 8, 5), ONE, kind="psychologist_consultation"),
            support(date(2026, 8, 6), ONE, kind="interpreter"),
        ],
        cps=cps,
        as_of=date(2026, 9, 1),
    )
    assert codes(report) == {0: "kind_not_allowed", 1: "kind_not_allowed", 2: "kind_not_allowed"}
    assert report.criminal_process_support.allowed_kinds == (
        "social_worker_consultation",
        "psychologist_consultation",
        "interpreter",
    )
    assert report.criminal_process_support.state_legal_aid
    assert report.criminal_process_support.years[0].used_hours == 3
    assert "valsts nodrošināto juridisko palīdzību" in report.violations[0].message_lv


def test_support_not_available_when_the_year_is_used_up() -> None:
    report = evaluate(
        [support(date(2026, 8, 1), Decimal(150))],
        cps=CriminalProcessSupport(granted_on=None),
        as_of=date(2026, 9, 1),
    )
    assert not report.criminal_process_support.available


# --- Family consultations ---------------------------------------------------------------------


def test_five_family_consultations_during_the_course() -> None:
    days = [date(2026, 2, d) for d in range(1, 7)]
    report = evaluate([family(d) for d in days] + [family(date(2026, 7, 9))])
    assert codes(report) == {5: "quota_exceeded", 6: "after_course_end"}
    fam = report.family_minor_consultations
    assert (fam.allowed, fam.used, fam.remaining) == (5, 5, 0)
    assert fam.rule == "Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344"


# --- Deliveries after as_of and input errors -----------------------------------------------------


def test_deliveries_after_as_of_are_not_yet_counted() -> None:
    report = evaluate(
        [consultation(date(2026, 9, 2)), consultation(date(2026, 9, 1))], as_of=date(2026, 9, 1)
    )
    assert report.not_yet_counted == (0,)
    assert report.after_course_consultations.used == 1
    assert report.as_of == date(2026, 9, 1)


@pytest.mark.parametrize(
    ("delivery", "field"),
    [
        (Delivery(date(2026, 2, 1), "massage", None, ONE), "deliveries[1].service"),
        (Delivery(date(2026, 2, 1), "course", "spa", ONE), "deliveries[1].kind"),
        (
            Delivery(date(2026, 8, 1), "after_course_consultation", "priest", ONE),
            "deliveries[1].kind",
        ),
        (
            Delivery(date(2026, 8, 1), "criminal_process_support", "psychologist", ONE),
            "deliveries[1].kind",
        ),
    ],
)
def test_unknown_codes_name_the_delivery(delivery: Delivery, field: str) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        evaluate([course(START), delivery])
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("delivery", "field"),
    [
        (Delivery(date(2026, 2, 1), "course", None, Decimal(-1)), "deliveries[0].hours"),
        (Delivery(date(2026, 2, 1), "course", None, Decimal("NaN")), "deliveries[0].hours"),
        (Delivery(date(2026, 2, 1), "course", None, Decimal("Infinity")), "deliveries[0].hours"),
        (consultation(date(2026, 8, 1), hours=Decimal(0)), "deliveries[0].hours"),
        (Delivery(date(2026, 8, 1), "criminal_process_support", None, ONE), "deliveries[0].kind"),
    ],
)
def test_impossible_deliveries(delivery: Delivery, field: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        evaluate([delivery])
    assert caught.value.field == field


def test_a_course_delivery_of_nothing_is_accepted() -> None:
    report = evaluate([Delivery(date(2026, 2, 1), "course", "essentials", Decimal(0))])
    assert report.violations == ()


def test_every_violation_code_is_produced_and_named_as_in_the_contract() -> None:
    assert set(VIOLATION_CODES) == {
        "before_course",
        "after_course_end",
        "outside_window",
        "quota_exceeded",
        "not_entitled",
        "kind_not_allowed",
    }
    legal_aid = CriminalProcessSupport(granted_on=date(2026, 7, 20), state_legal_aid=True)
    report = evaluate(
        [
            course(START - timedelta(days=1)),
            course(END + timedelta(days=1)),
            consultation(date(2026, 7, 25)),
            support(date(2026, 7, 25), ONE, kind="court_representation"),
            support(date(2026, 7, 26), Decimal(151), kind="interpreter"),
            support(date(2026, 7, 15), ONE, kind="interpreter"),
        ],
        cps=legal_aid,
    )
    assert set(codes(report).values()) == set(VIOLATION_CODES)
    for violation in report.violations:
        assert violation.rule.startswith(
            "Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344"
        )
        assert violation.message_lv
        assert violation.message_en
        assert violation.source


# --- Properties -------------------------------------------------------------------------------

HOURS = st.sampled_from([Decimal("0.5"), ONE, Decimal("1.5"), Decimal(2), Decimal(10), Decimal(80)])
KINDS: dict[str, list[str | None]] = {
    "course": ["accommodation", "consultation", None],
    "after_course_consultation": ["lawyer", "psychologist", "medical", None],
    "criminal_process_support": ["lawyer_consultation", "interpreter", "court_representation"],
    "family_minor_consultation": ["psychologist", None],
}


@st.composite
def deliveries(draw: st.DrawFn, start: date) -> Delivery:
    service = draw(st.sampled_from(SERVICES))
    offset = draw(st.integers(min_value=-10, max_value=5 * 366))
    return Delivery(
        on=start + timedelta(days=offset),
        service=service,
        kind=draw(st.sampled_from(KINDS[service])),
        hours=draw(HOURS),
    )


@st.composite
def cases(
    draw: st.DrawFn,
) -> tuple[date, date | None, CriminalProcessSupport | None, list[Delivery], date]:
    start = draw(st.dates(min_value=date(2019, 8, 1), max_value=date(2026, 12, 31)))
    length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=179)))
    end = None if length is None else start + timedelta(days=length)
    cps = draw(
        st.one_of(
            st.none(),
            st.builds(
                CriminalProcessSupport,
                granted_on=st.one_of(
                    st.none(), st.dates(min_value=start, max_value=start + timedelta(days=400))
                ),
                state_legal_aid=st.booleans(),
            ),
        )
    )
    items = draw(st.lists(deliveries(start), max_size=40))
    as_of = start + timedelta(days=draw(st.integers(min_value=-5, max_value=6 * 366)))
    return start, end, cps, items, as_of


def _accepted(report: EntitlementsReport, items: list[Delivery]) -> list[Delivery]:
    refused = {v.delivery for v in report.violations} | set(report.not_yet_counted)
    return [d for i, d in enumerate(items) if i not in refused]


@settings(max_examples=300)
@given(cases())
def test_no_ledger_uses_more_than_allowed(
    case: tuple[date, date | None, CriminalProcessSupport | None, list[Delivery], date],
) -> None:
    start, end, cps, items, as_of = case
    report = evaluate(items, start=start, end=end, cps=cps, as_of=as_of)
    accepted = _accepted(report, items)
    rule_set = RULE_SETS[report.rule_set]

    acc = report.after_course_consultations
    used = sum(math.ceil(d.hours) for d in accepted if d.service == "after_course_consultation")
    assert acc.used == used <= acc.allowed == rule_set.after_course_consultations
    assert acc.used + acc.remaining == acc.allowed

    fam = report.family_minor_consultations
    assert fam.used == sum(d.service == "family_minor_consultation" for d in accepted)
    assert fam.used <= fam.allowed

    for year in report.criminal_process_support.years:
        in_year = [
            d.hours
            for d in accepted
            if d.service == "criminal_process_support" and year.start <= d.on <= year.end
        ]
        assert year.used_hours == sum(in_year, Decimal(0)) <= year.cap_hours
        assert year.used_hours + year.remaining_hours == year.cap_hours

    for violation in report.violations:
        assert violation.code in VIOLATION_CODES
        assert items[violation.delivery].on <= as_of
    for index in report.not_yet_counted:
        assert items[index].on > as_of


@settings(max_examples=300)
@given(cases())
def test_no_delivery_is_accepted_outside_its_window(
    case: tuple[date, date | None, CriminalProcessSupport | None, list[Delivery], date],
) -> None:
    start, end, cps, items, as_of = case
    report = evaluate(items, start=start, end=end, cps=cps, as_of=as_of)
    course_last = end or start + timedelta(days=179)
    grant = None
    if cps is not None:
        grant = cps.granted_on or (end + timedelta(days=1) if end else None)
    for d in _accepted(report, items):
        assert d.on >= start
        if d.service in {"course", "family_minor_consultation"}:
            assert d.on <= course_last
        elif d.service == "after_course_consultation":
            assert end is not None
            assert end < d.on <= add_years(end, 2)
            assert grant is None or (cps is not None and d.on < grant)
            assert d.kind in {"lawyer", "social_worker", "psychologist", None}
        else:
            assert cps is not None
            assert grant is not None
            assert end is not None
            assert d.on > end
            assert grant <= d.on < add_years(grant, 3)
            if cps.state_legal_aid:
                assert d.kind in {
                    "social_worker_consultation",
                    "psychologist_consultation",
                    "interpreter",
                }


@settings(max_examples=200)
@given(cases())
def test_result_does_not_depend_on_the_order_recorded(
    case: tuple[date, date | None, CriminalProcessSupport | None, list[Delivery], date],
) -> None:
    start, end, cps, items, as_of = case
    unique = list({d.on: d for d in items}.values())  # one delivery a day: no ties
    shuffled = unique[::-1]
    a = evaluate(unique, start=start, end=end, cps=cps, as_of=as_of)
    b = evaluate(shuffled, start=start, end=end, cps=cps, as_of=as_of)
    assert a.after_course_consultations == b.after_course_consultations
    assert a.criminal_process_support == b.criminal_process_support
    assert a.family_minor_consultations == b.family_minor_consultations
    assert sorted(unique[v.delivery].on for v in a.violations) == sorted(
        shuffled[v.delivery].on for v in b.violations
    )


@given(st.dates(min_value=date(2007, 1, 1), max_value=date(2040, 12, 31)))
def test_support_years_are_contiguous_one_year_periods(granted: date) -> None:
    for rule_set in RULE_SETS.values():
        years = support_years(granted, rule_set)
        assert len(years) == rule_set.criminal_process_support_years
        assert years[0][0] == granted
        for k, (first, last) in enumerate(years, start=1):
            assert first <= last
            assert first == add_years(granted, k - 1)
            assert last + timedelta(days=1) == add_years(granted, k)  # one year long
            assert (last - first).days + 1 in {365, 366}
        for (_, last), (next_first, _) in itertools.pairwise(years):
            assert next_first == last + timedelta(days=1)  # contiguous, no overlap


def test_support_years_from_29_february() -> None:
    years = support_years(date(2024, 2, 29), RULE_SETS["lv-mk344"])
    assert years == (
        (date(2024, 2, 29), date(2025, 2, 27)),
        (date(2025, 2, 28), date(2026, 2, 27)),
        (date(2026, 2, 28), date(2027, 2, 27)),
    )


def test_a_thousand_deliveries_stay_within_every_quota() -> None:
    cps = CriminalProcessSupport(granted_on=None)
    items = [
        Delivery(
            on=START + timedelta(days=i % 1500),
            service=SERVICES[i % 4],
            kind=KINDS[SERVICES[i % 4]][0],
            hours=Decimal(2),
        )
        for i in range(1000)
    ]
    report = evaluate(items, cps=cps)

    # Far more than any quota allows: the surplus is refused, never counted.
    assert len(report.violations) > 0
    assert report.after_course_consultations.used <= report.after_course_consultations.allowed
    assert report.family_minor_consultations.used <= report.family_minor_consultations.allowed
    for year in report.criminal_process_support.years:
        assert year.used_hours <= year.cap_hours
