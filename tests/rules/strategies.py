"""Hypothesis strategies shared by the rules tests."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

# Rule sets answer from 2007; the official calendar is known through 2026, later years
# exercise the weekend-and-fixed-holidays part only.
any_date = st.dates(min_value=date(2007, 1, 1), max_value=date(2031, 12, 31))
known_calendar_date = st.dates(min_value=date(2007, 1, 1), max_value=date(2026, 12, 31))
