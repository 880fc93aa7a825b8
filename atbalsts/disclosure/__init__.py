"""Statistical disclosure control for published statistics (SECURITY.md ST-1, threat T5).

Pure Python, no Django: :func:`protect` chooses what to hide in a frequency table (and in
the next period of a cumulative series), :func:`check_published` audits a publication.
"""

from __future__ import annotations

from atbalsts.disclosure.audit import Interval, Problem, Reader, check_published
from atbalsts.disclosure.suppression import DisclosureError, protect
from atbalsts.disclosure.tables import (
    MARKER,
    NATIONAL_K,
    SUBNATIONAL_K,
    TOTAL,
    Cell,
    FrequencyTable,
    Publication,
)

__all__ = [
    "MARKER",
    "NATIONAL_K",
    "SUBNATIONAL_K",
    "TOTAL",
    "Cell",
    "DisclosureError",
    "FrequencyTable",
    "Interval",
    "Problem",
    "Publication",
    "Reader",
    "check_published",
    "protect",
]
