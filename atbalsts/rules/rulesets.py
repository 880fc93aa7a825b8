"""Rule sets: the numbers of each Cabinet regulation, with the date it applies from.

Source: docs/domain.md "How we read the numbers" ("Rules change with the law"). The seed
describes Cabinet Regulation No. 889 of 31 October 2006 (as amended in 2012); it was
replaced by Cabinet Regulation No. 344 of 16 July 2019. Every question is decided by the
rule set in force on the date that matters, and every answer names the rule set it used.

Dates the rule sets apply from (our reading, to be confirmed by a lawyer):

* ``lv-mk889``: 1 January 2007 — the seed's footnote 2 cites Regulation No. 889 as
  "Latvijas Vēstnesis, Nr.176 (3544), 03.11.2006. [stājas spēkā 01.01.2007.]". The seed
  says the state has funded the service "kopš 2006. gada"; no rule set answers for dates
  before 2007.
* ``lv-mk344``: 20 July 2019 — ``catalogue.yaml`` says only "2019-07". The regulation was
  adopted on 16 July 2019, so it cannot apply from 1 July; a Cabinet regulation enters into
  force on the day after its publication in "Latvijas Vēstnesis" unless it says otherwise,
  and we read the publication as 19 July 2019. Confirm against the consolidated text.

Values of No. 344 that docs/domain.md says are kept from No. 889 without confirmation are named
in :attr:`RuleSet.carried_over`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from atbalsts.rules.catalogue import RULE_SET_LABELS
from atbalsts.rules.citations import MK_344, MK_889, Citation


class NoRuleSetInForceError(ValueError):
    """No rule set applies on the date asked about."""


@dataclass(frozen=True)
class RuleSet:
    """The numbers of one regulation, as data (docs/domain.md "How we read the numbers")."""

    id: str
    title_lv: str
    title_en: str
    applies_from: date
    course_max_days: int
    """The course lasts up to this many calendar days (MK 889 4. p.; MK 344 4. p.)."""
    agency_decision_working_days: int
    """SIVA decides within this many working days of receiving the documents."""
    has_waiting_list: bool
    """SIVA may place a person on the waiting list instead of granting or refusing."""
    after_course_consultations: int
    """Consultations after the course if no criminal-process support (MK 889 4. p.;
    MK 344 4. p.)."""
    after_course_consultation_hours: int
    """The length of one post-course consultation, in hours."""
    after_course_window_years: int
    """The post-course consultations are given within this many years after the course."""
    criminal_process_support_hours_per_year: int
    """Criminal-process support: at most this many hours a year (MK 889 4.¹ p.;
    MK 344 5. p.)."""
    criminal_process_support_years: int
    """Criminal-process support: over a period of this many years."""
    family_minor_consultations: int
    """Provider consultations for the minor family members staying in Latvia."""
    carried_over: frozenset[str]
    """Names of the values above kept from No. 889 without confirmation in this one."""
    references: Mapping[str, Citation] = field(default_factory=dict, hash=False, compare=False)
    """Where each rule is in this regulation, by rule name (see :data:`RULE_NAMES`)."""

    def reference(self, rule: str) -> str:
        """Where ``rule`` is written, as a Latvian legal text cites it, e.g. "Ministru kabineta
        2019. gada 16. jūlija noteikumi Nr. 344, 4. punkts" (its English twin through
        :func:`atbalsts.rules.citations.citation_in`)."""
        return self.references[rule].lv

    def is_carried_over(self, value: str) -> bool:
        """Whether ``value`` (a field name) is kept from No. 889 without confirmation."""
        return value in self.carried_over


RULE_NAMES: tuple[str, ...] = (
    "agency_decision",
    "course",
    "after_course_consultations",
    "criminal_process_support",
    "state_legal_aid",
    "family_minor_consultations",
)
"""The rules each rule set names a paragraph for."""

LV_MK889 = RuleSet(
    id="lv-mk889",
    title_lv=RULE_SET_LABELS["lv-mk889"].lv,
    title_en=RULE_SET_LABELS["lv-mk889"].en,
    applies_from=date(2007, 1, 1),
    course_max_days=180,
    agency_decision_working_days=3,
    has_waiting_list=True,
    after_course_consultations=5,
    after_course_consultation_hours=1,
    after_course_window_years=2,
    criminal_process_support_hours_per_year=150,
    criminal_process_support_years=3,
    family_minor_consultations=5,
    carried_over=frozenset(),
    # Paragraph 4 as amended by Cabinet Regulation No. 840 of 11 December 2012; where the
    # paragraph is not known, the regulation as a whole.
    references=MappingProxyType(
        {
            "agency_decision": MK_889.whole(),
            "course": MK_889.paragraph("4."),
            "after_course_consultations": MK_889.paragraph("4."),
            "criminal_process_support": MK_889.paragraph("4.¹"),
            "state_legal_aid": MK_889.paragraph("4.¹"),
            "family_minor_consultations": MK_889.whole(),
        }
    ),
)

LV_MK344 = RuleSet(
    id="lv-mk344",
    title_lv=RULE_SET_LABELS["lv-mk344"].lv,
    title_en=RULE_SET_LABELS["lv-mk344"].en,
    applies_from=date(2019, 7, 20),
    course_max_days=180,
    agency_decision_working_days=3,
    has_waiting_list=True,
    after_course_consultations=5,
    after_course_consultation_hours=1,
    after_course_window_years=2,
    criminal_process_support_hours_per_year=150,
    criminal_process_support_years=3,
    family_minor_consultations=5,
    carried_over=frozenset(
        {
            "agency_decision_working_days",
            "has_waiting_list",
            "criminal_process_support_years",
            "family_minor_consultations",
        }
    ),
    # The values named in ``carried_over`` are cited to the regulation as a whole: which
    # paragraph keeps them is to be confirmed against its consolidated text (docs/rules.md).
    references=MappingProxyType(
        {
            "agency_decision": MK_344.whole(),
            "course": MK_344.paragraph("4."),
            "after_course_consultations": MK_344.paragraph("4."),
            "criminal_process_support": MK_344.paragraph("5."),
            "state_legal_aid": MK_344.paragraph("5."),
            "family_minor_consultations": MK_344.whole(),
        }
    ),
)

RULE_SETS: dict[str, RuleSet] = {rs.id: rs for rs in (LV_MK889, LV_MK344)}
"""Every rule set by id, oldest first."""

_BY_DATE: tuple[RuleSet, ...] = tuple(sorted(RULE_SETS.values(), key=lambda rs: rs.applies_from))


def rule_set_for(on: date) -> RuleSet:
    """The rule set in force on ``on``: the latest one that applies from ``on`` or earlier.

    Source: docs/domain.md "Rules change with the law" — decide each question by the rule set in
    force on the relevant date. Raises :class:`NoRuleSetInForceError` (a ``ValueError``) for a
    date before the first rule set.
    """
    found: RuleSet | None = None
    for rule_set in _BY_DATE:
        if rule_set.applies_from <= on:
            found = rule_set
    if found is None:
        first = _BY_DATE[0]
        raise NoRuleSetInForceError(
            f"no rule set in force on {on.isoformat()}; the first, {first.id},"
            f" applies from {first.applies_from.isoformat()}"
        )
    return found
