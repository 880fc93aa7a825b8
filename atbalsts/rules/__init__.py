"""The law and the method as pure Python: no Django, no database, no clock.

Today's date is always a parameter. Every rule names its source (the seed section, the
regulation and its paragraph) so that a lawyer can read it next to the text.
"""

from __future__ import annotations

from atbalsts.rules.calendar import WorkingCalendar, is_official_working_day
from atbalsts.rules.catalogue import Label
from atbalsts.rules.dates import add_years
from atbalsts.rules.deadlines import AgencyDeadline, agency_deadline
from atbalsts.rules.errors import RuleInputError, UnknownCodeError
from atbalsts.rules.rulesets import RULE_SETS, NoRuleSetInForceError, RuleSet, rule_set_for

__all__ = [
    "RULE_SETS",
    "AgencyDeadline",
    "Label",
    "NoRuleSetInForceError",
    "RuleInputError",
    "RuleSet",
    "UnknownCodeError",
    "WorkingCalendar",
    "add_years",
    "agency_deadline",
    "is_official_working_day",
    "rule_set_for",
]
