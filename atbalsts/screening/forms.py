"""Forms of the guided interview: one per step, every field optional (nothing is forced).

Checkbox lists take their choices from the catalogue in the reader's language; a code not
in the list is refused by the form (an allow-list) and again by the service.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from atbalsts.cases.forms import CaseFilterForm
from atbalsts.rules.catalogue import CRITERIA, choices
from atbalsts.rules.interview import indicators_for_area
from atbalsts.rules.screening import MAX_AGE
from atbalsts.screening import texts
from atbalsts.screening.models import AREA_NOTES, Screening, ScreeningStatus

NOTES_MAX_LENGTH = 4000

AREAS: tuple[str, ...] = tuple(AREA_NOTES)


def _language() -> str:
    return translation.get_language() or "lv"


def _checkboxes(label: Any, options: tuple[tuple[str, str], ...]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, choices=options, widget=forms.CheckboxSelectMultiple
    )


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )


class StepForm(forms.Form):
    """A step: its fields, the version it was loaded at, and what it writes."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    code_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, screening: Screening, can_see_health: bool, **kwargs: Any):
        self.screening = screening
        self.can_see_health = can_see_health
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"version": screening.version, **self.initial_from(screening)}
        super().__init__(*args, **kwargs)

    def initial_from(self, screening: Screening) -> dict[str, Any]:
        return {field: screening.codes(field) for field in self.code_fields}

    def values(self) -> dict[str, Any]:
        """The screening fields this step writes, from the cleaned data."""
        return {field: self.cleaned_data[field] for field in self.code_fields}


class StartStepForm(StepForm):
    assessed_on = _date(_("Date of the interview"))
    age_entered = forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        help_text=texts.AGE_OR_BIRTH_DATE,
    )

    def initial_from(self, screening: Screening) -> dict[str, Any]:
        return {"assessed_on": screening.assessed_on, "age_entered": screening.age_entered}

    def values(self) -> dict[str, Any]:
        return {
            "assessed_on": self.cleaned_data["assessed_on"],
            "age_entered": self.cleaned_data["age_entered"],
        }


class AreaStepForm(StepForm):
    """One interview area: the notes and the signs its questions bring to light."""

    area: ClassVar[str] = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(choices("indicators", _language()))
        self.fields["notes"] = forms.CharField(
            label=_("Notes"),
            required=False,
            max_length=NOTES_MAX_LENGTH,
            help_text=texts.NOTES_HELP,
            widget=forms.Textarea(attrs={"rows": 5}),
        )
        self.fields["signs"] = _checkboxes(
            _("Signs of exploitation"),
            tuple((code, labels[code]) for code in indicators_for_area(self.area)),
        )
        self.fields["version"] = self.fields.pop("version")

    def initial_from(self, screening: Screening) -> dict[str, Any]:
        area_codes = set(indicators_for_area(self.area))
        return {
            "notes": getattr(screening, AREA_NOTES[self.area]) or "",
            "signs": [code for code in screening.codes("indicators") if code in area_codes],
        }

    def values(self) -> dict[str, Any]:
        area_codes = set(indicators_for_area(self.area))
        others = [code for code in self.screening.codes("indicators") if code not in area_codes]
        return {
            AREA_NOTES[self.area]: self.cleaned_data["notes"].strip(),
            "indicators": [*others, *self.cleaned_data["signs"]],
        }


def _area_form(area: str) -> type[AreaStepForm]:
    return type(f"{area.title()}StepForm", (AreaStepForm,), {"area": area})


class ObservationsStepForm(StepForm):
    code_fields = ("observations",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["observations"] = _checkboxes(
            _("What you noticed"), choices("observations", _language())
        )


class CriteriaStepForm(StepForm):
    """The four groups of Cabinet Regulation No. 889 annex 2, each a list of its items."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = _language()
        for code, group in CRITERIA.items():
            self.fields[f"criteria_{code}"] = _checkboxes(
                group.label.get(language),
                tuple(
                    (f"{code}.{item}", label.get(language)) for item, label in group.items.items()
                ),
            )

    def initial_from(self, screening: Screening) -> dict[str, Any]:
        found = screening.codes("criteria")
        return {
            f"criteria_{group}": [code for code in found if code.startswith(f"{group}.")]
            for group in CRITERIA
        }

    def values(self) -> dict[str, Any]:
        return {
            "criteria": [
                code for group in CRITERIA for code in self.cleaned_data[f"criteria_{group}"]
            ]
        }


class DefinitionStepForm(StepForm):
    code_fields = ("acts", "means", "purposes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = _language()
        self.fields["acts"] = _checkboxes(_("Act"), choices("legal_acts", language))
        self.fields["means"] = _checkboxes(_("Means"), choices("legal_means", language))
        self.fields["purposes"] = _checkboxes(
            _("Purpose: the form of exploitation"), choices("exploitation_forms", language)
        )


class NeedsStepForm(StepForm):
    """Risk groups and needs; health problems only for those allowed to see health."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = _language()
        self.fields["risk_groups"] = _checkboxes(_("Risk groups"), choices("risk_groups", language))
        self.fields["needs"] = _checkboxes(_("Needs"), choices("needs", language))
        if self.can_see_health:
            self.fields["health_issues"] = _checkboxes(
                _("Health and psychological problems"), choices("health_issues", language)
            )

    @property
    def code_fields(self) -> tuple[str, ...]:  # type: ignore[override]
        base = ("risk_groups", "needs")
        return (*base, "health_issues") if self.can_see_health else base


class SummaryStepForm(StepForm):
    """The last step writes nothing: it shows the answer and offers to complete."""


STEP_FORMS: dict[str, type[StepForm]] = {
    "start": StartStepForm,
    **{area: _area_form(area) for area in AREAS},
    "observations": ObservationsStepForm,
    "criteria": CriteriaStepForm,
    "definition": DefinitionStepForm,
    "needs": NeedsStepForm,
    "summary": SummaryStepForm,
}


class ScreeningStartForm(forms.Form):
    assessed_on = _date(_("Date of the interview"))


class InformedForm(forms.Form):
    informed_on = _date(_("Day the person was informed"))


class ScreeningFilterForm(CaseFilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ScreeningStatus.choices]
    )


class LeafletLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the leaflet"),
        required=False,
        choices=settings.DOCUMENT_LANGUAGES,
    )
