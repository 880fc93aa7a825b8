"""The Latvian personal code (personas kods): is what was typed a code that can exist?

Two forms are in use (the Law on the Register of Natural Persons, Article 6):

* the form issued until 30 June 2017, ``DDMMYY-CNNNN``: the date of birth, then ``C`` the
  century of the birth (0 the 1800s, 1 the 1900s, 2 the 2000s), three serial digits and a
  check digit. The check digit is ``(1101 - Σ) mod 11`` over the first ten digits weighted
  1, 6, 3, 7, 9, 10, 5, 8, 4, 2; a remainder of 10 is never issued.
* the form issued since 1 July 2017, ``32XXXX-XXXXX``: "32" and nine digits that say
  nothing about the person, so there is no date and no check digit to verify.

Either form may be typed with or without the hyphen; the code is kept as it is written,
with the hyphen after the sixth digit, so that the same person is always the same text.
Today's date is a parameter: a date of birth after it does not exist yet.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

WEIGHTS = (1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CENTURIES = {"0": 1800, "1": 1900, "2": 2000}
NEW_FORM_PREFIX = "32"
_ELEVEN_DIGITS = re.compile(r"([0-9]{6})-?([0-9]{5})")


class Problem(enum.StrEnum):
    """What is wrong with a typed code, each answered by its own message to the user."""

    FORMAT = "format"  # not eleven digits in the form DDMMYY-CNNNN or 32XXXX-XXXXX
    CENTURY = "century"  # the seventh digit of the old form is not 0, 1 or 2
    DATE = "date"  # the old form's date of birth is not a day of the calendar
    FUTURE = "future"  # the old form's date of birth is after today
    CHECK_DIGIT = "check_digit"  # the last digit does not match the other ten


class InvalidPersonalCodeError(ValueError):
    """The typed code cannot be a personal code; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"invalid personal code: {problem.value}")
        self.problem = problem


@dataclass(frozen=True)
class PersonalCode:
    """A code that can exist: ``code`` written ``DDMMYY-CNNNN`` (or ``32XXXX-XXXXX``), and
    the date of birth the old form carries (``None`` for the new form)."""

    code: str
    birth_date: date | None

    @property
    def is_new_form(self) -> bool:
        return self.birth_date is None


def check_digit(first_ten: str) -> int | None:
    """The old form's check digit for its first ten digits; ``None`` when the remainder is
    10, which is never issued."""
    if len(first_ten) != len(WEIGHTS) or not set(first_ten) <= set("0123456789"):
        raise ValueError("ten digits expected")
    total = sum(weight * int(digit) for weight, digit in zip(WEIGHTS, first_ten, strict=True))
    remainder = (1101 - total) % 11
    return None if remainder == 10 else remainder


def parse_personal_code(text: str, *, today: date) -> PersonalCode:
    """The code ``text`` stands for, written the one way; else :class:`InvalidPersonalCodeError`.

    White space around the code is ignored; the hyphen after the sixth digit is optional.
    """
    match = _ELEVEN_DIGITS.fullmatch(text.strip())
    if match is None:
        raise InvalidPersonalCodeError(Problem.FORMAT)
    head, tail = match.groups()
    code = f"{head}-{tail}"
    if head.startswith(NEW_FORM_PREFIX):
        return PersonalCode(code=code, birth_date=None)
    century = CENTURIES.get(tail[0])
    if century is None:
        raise InvalidPersonalCodeError(Problem.CENTURY)
    try:
        birth_date = date(century + int(head[4:6]), int(head[2:4]), int(head[0:2]))
    except ValueError:
        raise InvalidPersonalCodeError(Problem.DATE) from None
    if birth_date > today:
        raise InvalidPersonalCodeError(Problem.FUTURE)
    if check_digit(head + tail[:4]) != int(tail[4]):
        raise InvalidPersonalCodeError(Problem.CHECK_DIGIT)
    return PersonalCode(code=code, birth_date=birth_date)


def old_form_code(birth_date: date, serial: int) -> str:
    """The old-form code of ``birth_date`` with the three-digit ``serial``, its check digit
    computed; ``ValueError`` when that serial gives the remainder 10 (never issued)."""
    century = {year: digit for digit, year in CENTURIES.items()}.get(birth_date.year // 100 * 100)
    if century is None or not 0 <= serial <= 999:
        raise ValueError("no old-form code for this date or serial")
    first_ten = f"{birth_date:%d%m%y}{century}{serial:03d}"
    digit = check_digit(first_ten)
    if digit is None:
        raise ValueError("this serial gives no check digit")
    return f"{first_ten[:6]}-{first_ten[6:]}{digit}"
