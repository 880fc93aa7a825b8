"""Sentencing ranges of Criminal Law s.154.¹ (Krimināllikuma 154.¹ pants "Cilvēku
tirdzniecība"), as quoted in the seed (§"Kas ir cilvēku tirdzniecība?")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from atbalsts.rules.catalogue import SENTENCING_CIRCUMSTANCES, SENTENCING_PARTS, require_codes
from atbalsts.rules.citations import criminal_law
from atbalsts.rules.screening import is_minor, is_young_child

SOURCE = criminal_law("154.¹", 1, 2, 3).lv


@dataclass(frozen=True)
class SentencingResult:
    """The part of KL 154.¹ that applies and the punishment it sets (in years).

    ``decided_by`` lists the circumstances of that part that were given (none for part 1).
    """

    part: int
    imprisonment_min_years: int | None
    imprisonment_max_years: int
    probation_max_years: int
    decided_by: tuple[str, ...] = ()
    source: str = SOURCE


def sentence(circumstances: Iterable[str]) -> SentencingResult:
    """The sentencing range for trafficking with the given circumstances.

    Source: KL 154.¹ — part 1: up to 8 years; part 2 (against a minor, or by a group by
    prior agreement): 3 to 12 years and up to 3 years of probation supervision; part 3
    (endangered the victim's life, caused serious consequences, with special cruelty,
    against a young child, or by an organised group): 5 to 15 years and up to 3 years of
    probation supervision. The most severe part that applies wins (docs/domain.md
    "Definitions"); no circumstance means part 1. Unknown codes raise
    :class:`UnknownCodeError` naming "circumstances".
    """
    if isinstance(circumstances, str):
        raise TypeError("circumstances must be a collection of codes, not one string")
    codes = require_codes("circumstances", "sentencing_circumstances", circumstances)
    part_number = max((SENTENCING_CIRCUMSTANCES[c].part for c in codes), default=1)
    part = SENTENCING_PARTS[part_number]
    return SentencingResult(
        part=part.part,
        imprisonment_min_years=part.imprisonment_min_years,
        imprisonment_max_years=part.imprisonment_max_years,
        probation_max_years=part.probation_max_years,
        decided_by=tuple(
            c
            for c in SENTENCING_CIRCUMSTANCES
            if c in codes and SENTENCING_CIRCUMSTANCES[c].part == part_number
        ),
    )


def victim_age_circumstances(birth_date: date, offence_on: date) -> tuple[str, ...]:
    """The age circumstances of the victim on the day of the offence: ``minor_victim``
    under 18 (KL 154.¹ (2)) and also ``young_child_victim`` under 14 (KL 154.¹ (3))."""
    found: list[str] = []
    if is_minor(birth_date, offence_on):
        found.append("minor_victim")
    if is_young_child(birth_date, offence_on):
        found.append("young_child_victim")
    return tuple(found)
