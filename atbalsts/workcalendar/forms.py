from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from atbalsts.workcalendar.models import CalendarOverride

if TYPE_CHECKING:
    _OverrideModelForm = forms.ModelForm[CalendarOverride]
else:
    _OverrideModelForm = forms.ModelForm


class CalendarOverrideForm(_OverrideModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "reference", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "kind": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class YearFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
