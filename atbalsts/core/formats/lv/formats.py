"""Latvian dates with a two-digit day and month (07.12.2026, 23:36); the long form stays
Django's "2026. gada 7. decembris"."""

from __future__ import annotations

TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-07
    "%d.%m.%Y",  # 07.12.2026
    "%d.%m.%y",  # 07.12.26
    "%d/%m/%Y",  # 07/12/2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
]
