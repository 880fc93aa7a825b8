from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AccessibleForm(forms.Form):
    """Links every invalid input to its error text (aria-invalid, aria-describedby)."""

    def error_id(self, name: str) -> str:
        return f"{self[name].auto_id}-error"

    def mark_invalid(self, *names: str) -> None:
        for name in names:
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = self.error_id(name)

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_invalid(*(name for name in self.errors if name in self.fields))


class LoginForm(AccessibleForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(AccessibleForm):
    """One field for both kinds of code: six digits from the app, or a backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )
