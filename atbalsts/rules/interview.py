"""The interview guide: which signs of exploitation each interview area asks about.

The seed (§"Sociālā dienesta darbs…", the four kinds of questions: "Jautājumi, kas saistīti
ar migrāciju / ar nodarbinātību / ar personas drošību / skar personas sociālās saites")
names what each area of the interview finds out; the list of 18 signs ("Pazīmes, kas
liecina, ka persona ir tikusi ekspluatēta") is grouped here under the area whose questions
bring it to light, so the interviewer sees each sign where the conversation reaches it.
Every sign is under exactly one area.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from atbalsts.rules.catalogue import INDICATORS, INTERVIEW_AREAS
from atbalsts.rules.errors import UnknownCodeError

INDICATORS_BY_AREA: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        # Went abroad or to another region for a job: what was promised, who arranged it,
        # who holds the papers.
        "migration": ("deception_about_work", "recruitment_fee", "documents_confiscated"),
        # Other work than promised, debts, deductions, pay, hours and conditions.
        "employment": (
            "low_or_no_pay",
            "debt_bondage",
            "secret_terms_deductions",
            "excessive_charges",
            "irregular_deductions",
            "excessive_hours",
            "no_days_off",
            "union_denied",
            "unsafe_conditions",
        ),
        # Intimidation, threats of reprisal or deportation, basic needs denied.
        "safety": ("violence_threats", "threats_dismissal_authorities", "medical_care_denied"),
        # Held and hidden, contact with others denied, constantly controlled.
        "social_ties": ("movement_controlled", "isolation", "language_courses_denied"),
    }
)


def indicators_for_area(area: str) -> tuple[str, ...]:
    """The signs the interview area asks about, in the seed's order of the list of 18."""
    if area not in INTERVIEW_AREAS:
        raise UnknownCodeError("area", area)
    asked = set(INDICATORS_BY_AREA[area])
    return tuple(code for code in INDICATORS if code in asked)


def area_of_indicator(indicator: str) -> str:
    """The interview area under which the sign is asked about."""
    for area, codes in INDICATORS_BY_AREA.items():
        if indicator in codes:
            return area
    raise UnknownCodeError("indicators", indicator)
