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
from atbalsts.rules.screening import (
    DefinitionResult,
    Explanation,
    ScreeningInput,
    ScreeningResult,
    age_on,
    is_minor,
    is_young_child,
    screen,
)
from atbalsts.rules.sentencing import SentencingResult, sentence, victim_age_circumstances

__all__ = [
    "RULE_SETS",
    "AgencyDeadline",
    "DefinitionResult",
    "Explanation",
    "Label",
    "NoRuleSetInForceError",
    "RuleInputError",
    "RuleSet",
    "ScreeningInput",
    "ScreeningResult",
    "SentencingResult",
    "UnknownCodeError",
    "WorkingCalendar",
    "add_years",
    "age_on",
    "agency_deadline",
    "is_minor",
    "is_official_working_day",
    "is_young_child",
    "rule_set_for",
    "screen",
    "sentence",
    "victim_age_circumstances",
]
