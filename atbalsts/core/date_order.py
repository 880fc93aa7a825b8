"""The rules' date invariants (atbalsts.rules.process_dates) as the refusal a service raises.

Each app names its own steps in its ``texts.py`` (``DATE_LABELS``: the step's name as the
subject of a sentence, and as it follows "before"/"after", which Latvian puts in the
genitive); this module only puts the two dates and the two names into one sentence.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from atbalsts.rules.process_dates import TODAY, DateOrderViolation

CANNOT_BE_BEFORE = _("%(subject)s (%(subject_date)s) cannot be before %(other)s (%(other_date)s).")
CANNOT_BE_AFTER = _("%(subject)s (%(subject_date)s) cannot be after %(other)s (%(other_date)s).")
TODAY_LABEL = pgettext_lazy("date named second", "today")


def _labels() -> dict[str, tuple[Promise, Promise]]:
    # Imported here: the texts modules are leaves, but the apps import this module.
    from atbalsts.agency.texts import DATE_LABELS as AGENCY
    from atbalsts.casework.texts import DATE_LABELS as CASEWORK
    from atbalsts.consent.texts import DATE_LABELS as CONSENT
    from atbalsts.courses.texts import DATE_LABELS as COURSES
    from atbalsts.identification.texts import DATE_LABELS as IDENTIFICATION
    from atbalsts.screening.texts import DATE_LABELS as SCREENING

    return {**IDENTIFICATION, **AGENCY, **COURSES, **CONSENT, **SCREENING, **CASEWORK}


def format_day(day: datetime.date) -> str:
    """A date as the reader's language writes it: 07.12.2026 in Latvian, 7 December 2026 in
    English."""
    language = get_language() or "lv"
    return formats.date_format(day, "d.m.Y" if language.startswith("lv") else "j F Y")


def date_order_message(violation: DateOrderViolation, *, subject: str) -> str:
    """The violation as a sentence about ``subject`` (one of its two steps): "X (date) cannot
    be before Y (date)." when ``subject`` is the later step, "… after …" when the earlier."""
    labels = _labels()
    if subject == violation.earlier:
        template, other, on, other_on = (
            CANNOT_BE_AFTER,
            violation.later,
            violation.earlier_on,
            violation.later_on,
        )
    else:
        subject = violation.later
        template, other, on, other_on = (
            CANNOT_BE_BEFORE,
            violation.earlier,
            violation.later_on,
            violation.earlier_on,
        )
    other_label = TODAY_LABEL if other == TODAY else labels[other][1]
    return str(template) % {
        "subject": labels[subject][0],
        "subject_date": format_day(on),
        "other": other_label,
        "other_date": format_day(other_on),
    }


def raise_date_order(
    violations: tuple[DateOrderViolation, ...] | list[DateOrderViolation],
    *,
    fields: Mapping[str, str | None],
) -> None:
    """Raise the first violation that involves a step being written (``fields``: each such
    step and its form field, None for a date the form does not show); nothing when none."""
    for violation in violations:
        for step, field in fields.items():
            if violation.involves(step):
                message = date_order_message(violation, subject=step)
                error = ValidationError(message, code=f"date_{violation.code}")
                raise ValidationError({field: error}) if field else error
