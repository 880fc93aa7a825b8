"""The agency's (SIVA's) deadline for deciding on the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from atbalsts.rules.calendar import WorkingCalendar
from atbalsts.rules.citations import recommendations
from atbalsts.rules.errors import RuleInputError
from atbalsts.rules.rulesets import NoRuleSetInForceError, rule_set_for

# "SIVA nekavējoties (līdz trim darba dienām), pieņem lēmumu"; the working days are counted
# from the day after the documents were received (docs/rules.md, "SIVA's deadline").
DEADLINE_SOURCE = recommendations(
    "Sociālā gadījuma vadīšanas procesi darbā ar cilvēku tirdzniecībā cietušām personām",
    "Case management with people who suffered from human trafficking",
).lv


@dataclass(frozen=True)
class AgencyDeadline:
    """By when the agency must decide: ``decide_by`` is the last day still in time."""

    received_on: date
    decide_by: date
    rule_set: str
    working_days: int
    rule: str
    source: str = DEADLINE_SOURCE

    def is_overdue(self, on: date) -> bool:
        """Whether a decision not made by the end of ``on`` is late."""
        return on > self.decide_by


def agency_deadline(received_on: date, *, calendar: WorkingCalendar) -> AgencyDeadline:
    """The last day for SIVA's decision: the 3rd working day after the day the commission
    protocol (or the law-enforcement document) was received.

    Source: the seed, §"Sociālā dienesta darbs ar personām…" ("SIVA nekavējoties (līdz trim
    darba dienām), pieņem lēmumu par pakalpojuma piešķiršanu personai vai personas
    uzņemšanu sociālās rehabilitācijas saņēmēju rindā vai atteikumu"); MK 889 (the number
    of days is kept in MK 344's rule set as carried over); docs/domain.md "How we read the
    numbers": the day of receipt does not count, the official calendar with its moved days
    off and working Saturdays does. The rule set is the one in force on ``received_on``.
    """
    try:
        rule_set = rule_set_for(received_on)
    except NoRuleSetInForceError as exc:
        raise RuleInputError("received_on", str(exc)) from exc
    days = rule_set.agency_decision_working_days
    return AgencyDeadline(
        received_on=received_on,
        decide_by=calendar.add_working_days(received_on, days),
        rule_set=rule_set.id,
        working_days=days,
        rule=rule_set.reference("agency_decision"),
    )
