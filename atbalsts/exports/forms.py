"""Forms of the export pages: every field named (docs/security.md AZ-6)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from atbalsts.access.policy import ExportKind
from atbalsts.accounts.forms import AccessibleForm
from atbalsts.accounts.models import Organisation
from atbalsts.exports import texts
from atbalsts.exports.recipients import CourseState
from atbalsts.exports.services import PURPOSE_MIN_LENGTH

SEARCH_MAX_LENGTH = 100


def kind_choices(kinds: list[ExportKind]) -> list[tuple[str, Any]]:
    return [(kind.value, texts.KIND_LABELS[kind.value]) for kind in kinds]


class GrantChangeForm(AccessibleForm):
    """One button press on the permissions page: give or withdraw one export."""

    GIVE = "give"
    WITHDRAW = "withdraw"

    kind = forms.ChoiceField(label=_("Export"), choices=())
    change = forms.ChoiceField(
        label=_("Change"), choices=[(GIVE, _("Give")), (WITHDRAW, _("Withdraw"))]
    )

    def __init__(self, *args: Any, kinds: list[ExportKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices(kinds)  # type: ignore[attr-defined]


class ExportRequestForm(AccessibleForm):
    kind = forms.ChoiceField(label=_("Export"), choices=())
    purpose = forms.CharField(
        label=_("Purpose"),
        min_length=PURPOSE_MIN_LENGTH,
        max_length=500,
        help_text=_(
            "Why you need this file and what it will be used for, for example “Annual report "
            "to the Ministry of Welfare, 2026”. It is kept in the audit trail. Do not name "
            "any person."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "min_length": texts.PURPOSE_TOO_SHORT % {"min": PURPOSE_MIN_LENGTH},
            "required": texts.PURPOSE_TOO_SHORT % {"min": PURPOSE_MIN_LENGTH},
        },
    )

    def __init__(self, *args: Any, kinds: list[ExportKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices(kinds)  # type: ignore[attr-defined]


class ApprovalForm(AccessibleForm):
    APPROVE = "approve"
    REFUSE = "refuse"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve the export")), (REFUSE, _("Refuse the export"))],
        widget=forms.RadioSelect,
        error_messages={"required": texts.DECISION_REQUIRED},
    )


class RegisterFilterForm(forms.Form):
    full_name = forms.CharField(
        label=_("First and last name"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Exactly as registered, for example Anna Bērziņa."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    personal_code = forms.CharField(
        label=_("Personal code"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    provider = forms.ModelChoiceField(
        label=_("Service provider"),
        required=False,
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        empty_label=_("All providers"),
    )
    course = forms.ChoiceField(
        label=_("Course"),
        required=False,
        choices=[
            ("", _("All")),
            (CourseState.NOT_STARTED, _("Not started")),
            (CourseState.RUNNING, _("Running")),
            (CourseState.ENDED, _("Ended")),
        ],
    )

    def __init__(self, *args: Any, providers: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]

    def filters(self) -> dict[str, str]:
        """The valid filters as selector arguments; an invalid one is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        provider = data.get("provider")
        return {
            "full_name": data.get("full_name", "").strip(),
            "personal_code": data.get("personal_code", "").strip(),
            "course_state": data.get("course", ""),
            "provider_uuid": str(provider.uuid) if provider else "",
        }

    def used(self) -> list[str]:
        """The names of the filters in use, for the audit trail (never their values)."""
        return [name for name, value in self.filters().items() if value]
