from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atbalsts.workcalendar.models import CalendarOverride, OverrideKind

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Two radio buttons, no empty "---------" one: the kind is required.
        self.fields["kind"].choices = OverrideKind.choices  # type: ignore[attr-defined]


class YearFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
