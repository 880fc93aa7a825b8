"""Errors the rules raise on input they cannot judge.

The API turns a :class:`RuleInputError` into a 422 answer naming ``field`` (for example
``"deliveries[3].hours"``) and ``message``; an :class:`UnknownCodeError` also names the
code that is not in the catalogue.
"""

from __future__ import annotations


class RuleInputError(ValueError):
    """The input cannot be judged by the rules: ``field`` says which part, ``message`` why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class UnknownCodeError(RuleInputError):
    """A code that is not in the catalogue (``catalogue.py``, the contract of codes)."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(field, f"unknown code {code!r}")
        self.code = code
