"""The Latvian personal code: both forms, the check digit, the date and what is refused."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from atbalsts.rules.personal_code import (
    CENTURIES,
    InvalidPersonalCodeError,
    PersonalCode,
    Problem,
    check_digit,
    old_form_code,
    parse_personal_code,
)

TODAY = date(2026, 12, 7)
# A birth in any of the three centuries the old form can say, up to today.
birth_dates = st.dates(min_value=date(1800, 1, 1), max_value=TODAY)
serials = st.integers(min_value=0, max_value=999)


def _problem(text: str, today: date = TODAY) -> Problem:
    with pytest.raises(InvalidPersonalCodeError) as raised:
        parse_personal_code(text, today=today)
    return raised.value.problem


def test_a_known_code_is_accepted_with_or_without_the_hyphen_and_kept_with_it() -> None:
    expected = PersonalCode(code="161175-19997", birth_date=date(1975, 11, 16))
    assert parse_personal_code("161175-19997", today=TODAY) == expected
    assert parse_personal_code("16117519997", today=TODAY) == expected
    assert parse_personal_code("  161175-19997 ", today=TODAY) == expected
    assert not expected.is_new_form


def test_the_check_digit_is_1101_minus_the_weighted_sum_modulo_11() -> None:
    # 1*1 + 6*6 + 3*1 + 7*1 + 9*7 + 10*5 + 5*1 + 8*9 + 4*9 + 2*9 = 291;
    # 1101 - 291 = 810 = 73*11 + 7
    assert check_digit("1611751999") == 7


def _remainder(first_ten: str) -> int:
    weights = (1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return (1101 - sum(w * int(d) for w, d in zip(weights, first_ten, strict=True))) % 11


def test_a_remainder_of_10_is_never_issued() -> None:
    serial = next(n for n in range(1000) if _remainder(f"0101901{n:03d}") == 10)
    first_ten = f"0101901{serial:03d}"
    assert check_digit(first_ten) is None
    for last in "0123456789":
        assert _problem(f"{first_ten[:6]}-{first_ten[6:]}{last}") == Problem.CHECK_DIGIT
    with pytest.raises(ValueError, match="no check digit"):
        old_form_code(date(1990, 1, 1), serial)


def test_check_digit_wants_ten_digits() -> None:
    with pytest.raises(ValueError, match="ten digits"):
        check_digit("123")
    with pytest.raises(ValueError, match="ten digits"):
        check_digit("12345a7890")


def test_the_new_form_has_no_date_and_no_check_digit() -> None:
    code = parse_personal_code("32123456789", today=TODAY)
    assert code == PersonalCode(code="321234-56789", birth_date=None)
    assert code.is_new_form
    assert parse_personal_code("329999-00000", today=TODAY).code == "329999-00000"


@pytest.mark.parametrize(
    "text",
    [
        "12345",
        "",
        "1611751999",
        "161175199970",
        "161175_19997",
        "1611-7519997",
        "16117a-19997",
        "161175--19997",
        "١٦١١٧٥-١٩٩٩٧",
        "32123-456789",
    ],
)
def test_anything_but_eleven_digits_in_the_written_form_is_a_format_problem(text: str) -> None:
    assert _problem(text) == Problem.FORMAT


@pytest.mark.parametrize("text", ["310225-20005", "290223-20000", "000190-10000", "011390-10000"])
def test_a_day_the_calendar_does_not_have_is_a_date_problem(text: str) -> None:
    assert _problem(text) == Problem.DATE


def test_29_february_is_a_date_only_in_a_leap_year() -> None:
    assert parse_personal_code(old_form_code(date(2000, 2, 29), 1), today=TODAY).birth_date == (
        date(2000, 2, 29)
    )
    assert _problem("290200-10000") == Problem.DATE  # 1900 was not a leap year


def test_a_century_digit_other_than_0_1_or_2_is_refused() -> None:
    assert _problem("161175-39997") == Problem.CENTURY
    assert _problem("161175-99997") == Problem.CENTURY


def test_a_birth_after_today_is_refused() -> None:
    tomorrow = old_form_code(date(2026, 12, 8), 1)
    assert _problem(tomorrow) == Problem.FUTURE
    assert parse_personal_code(tomorrow, today=date(2026, 12, 8)).birth_date == date(2026, 12, 8)


def test_old_form_code_refuses_what_has_no_code() -> None:
    with pytest.raises(ValueError, match="no old-form code"):
        old_form_code(date(1799, 12, 31), 1)
    with pytest.raises(ValueError, match="no old-form code"):
        old_form_code(date(1990, 1, 1), 1000)


@given(birth=birth_dates, serial=serials)
def test_any_date_of_the_three_centuries_with_its_check_digit_is_accepted(
    birth: date, serial: int
) -> None:
    first_ten = f"{birth:%d%m%y}{(birth.year - 1800) // 100}{serial:03d}"
    digit = check_digit(first_ten)
    assume(digit is not None)
    code = f"{first_ten[:6]}-{first_ten[6:]}{digit}"
    assert parse_personal_code(code, today=TODAY) == PersonalCode(code=code, birth_date=birth)
    assert parse_personal_code(code.replace("-", ""), today=TODAY).code == code
    assert old_form_code(birth, serial) == code
    assert CENTURIES[code[7]] == birth.year // 100 * 100


@given(
    birth=birth_dates,
    serial=serials,
    position=st.integers(min_value=0, max_value=10),
    shift=st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_changed_in_a_valid_code_is_refused(
    birth: date, serial: int, position: int, shift: int
) -> None:
    first_ten = f"{birth:%d%m%y}{(birth.year - 1800) // 100}{serial:03d}"
    assume(check_digit(first_ten) is not None)
    digits = list(old_form_code(birth, serial).replace("-", ""))
    digits[position] = str((int(digits[position]) + shift) % 10)
    changed = "".join(digits)
    # A change of the first two digits to "32" makes a code of the new form, which has no
    # check digit to catch it.
    assume(not changed.startswith("32"))
    with pytest.raises(InvalidPersonalCodeError):
        parse_personal_code(changed, today=TODAY)


@given(digits=st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_any_new_form_code_is_accepted_and_written_with_the_hyphen(digits: str) -> None:
    code = parse_personal_code(f"32{digits}", today=TODAY)
    assert code.code == f"32{digits[:4]}-{digits[4:]}"
    assert code.birth_date is None


@given(text=st.text(max_size=14))
def test_whatever_is_typed_is_either_a_code_or_a_named_problem(text: str) -> None:
    try:
        code = parse_personal_code(text, today=TODAY)
    except InvalidPersonalCodeError as error:
        problem = error.problem
        assert problem in Problem
    else:
        assert len(code.code) == 12
        assert code.code[6] == "-"
        assert parse_personal_code(code.code, today=TODAY) == code
