"""The law and the method as pure Python: no Django, no database, no clock.

Today's date is always a parameter. Every rule names its source (the seed section, the
regulation and its paragraph) so that a lawyer can read it next to the text.
"""

from __future__ import annotations

from atbalsts.rules.calendar import WorkingCalendar, is_official_working_day
from atbalsts.rules.catalogue import Label
from atbalsts.rules.dates import add_years
from atbalsts.rules.deadlines import AgencyDeadline, agency_deadline
from atbalsts.rules.entitlements import (
    AfterCourseConsultationsReport,
    CourseReport,
    CriminalProcessSupport,
    CriminalProcessSupportReport,
    Delivery,
    EntitlementsReport,
    FamilyMinorConsultationsReport,
    SupportYear,
    Violation,
    after_course_window,
    allowed_support_kinds,
    course_last_day,
    evaluate_entitlements,
    support_years,
)
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
    "AfterCourseConsultationsReport",
    "AgencyDeadline",
    "CourseReport",
    "CriminalProcessSupport",
    "CriminalProcessSupportReport",
    "DefinitionResult",
    "Delivery",
    "EntitlementsReport",
    "Explanation",
    "FamilyMinorConsultationsReport",
    "Label",
    "NoRuleSetInForceError",
    "RuleInputError",
    "RuleSet",
    "ScreeningInput",
    "ScreeningResult",
    "SentencingResult",
    "SupportYear",
    "UnknownCodeError",
    "Violation",
    "WorkingCalendar",
    "add_years",
    "after_course_window",
    "age_on",
    "agency_deadline",
    "allowed_support_kinds",
    "course_last_day",
    "evaluate_entitlements",
    "is_minor",
    "is_official_working_day",
    "is_young_child",
    "rule_set_for",
    "screen",
    "sentence",
    "support_years",
    "victim_age_circumstances",
]
