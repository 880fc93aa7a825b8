"""The period filter of the statistics page: a year and how far into it."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atbalsts.statistics import texts
from atbalsts.statistics.periods import Period

FIRST_YEAR = 2014
"""The earliest year offered; the system holds no older records."""

QUARTER_CHOICES = (
    ("1", _("January to March")),
    ("2", _("January to June")),
    ("3", _("January to September")),
    ("4", _("Whole year")),
)


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    quarter = forms.TypedChoiceField(
        label=_("Period"), choices=QUARTER_CHOICES, coerce=int, initial="4"
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["year"].widget.attrs.update(
            {"min": FIRST_YEAR, "max": today.year, "inputmode": "numeric"}
        )

    def clean_year(self) -> int:
        year = int(self.cleaned_data["year"])
        if not FIRST_YEAR <= year <= self.today.year:
            raise forms.ValidationError(
                texts.YEAR_OUT_OF_RANGE % {"first": FIRST_YEAR, "last": self.today.year}
            )
        return year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year, quarter = cleaned.get("year"), cleaned.get("quarter")
        if (
            year is not None
            and quarter is not None
            and not Period(year, quarter).has_ended(self.today)
        ):
            self.add_error("quarter", texts.PERIOD_NOT_ENDED)
        return cleaned

    def period(self) -> Period:
        return Period(int(self.cleaned_data["year"]), int(self.cleaned_data["quarter"]))
