from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class AccessibleForm(forms.Form):
    """Links every input to its help and error texts (aria-describedby, aria-invalid).

    The ids follow Django's own (``<id>_helptext``, ``<id>_error``). ``set_error`` shows a
    message next to a field of an unbound form, so that nothing typed is rendered back.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.extra_errors: dict[str, StrOrPromise] = {}
        self._describe()

    def error_id(self, name: str) -> str:
        return f"{self[name].auto_id}_error"

    def set_error(self, name: str, message: StrOrPromise) -> None:
        self.extra_errors[name] = message
        self._describe()

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def _describe(self) -> None:
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            has_error = name in errors or name in getattr(self, "extra_errors", {})
            ids = [f"{self[name].auto_id}_helptext"] if field.help_text else []
            if has_error:
                ids.append(self.error_id(name))
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)


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
    """One field for both kinds of code: six digits from the app, or a backup code.

    Backup codes are digits too, so the numeric keyboard suits both.
    """

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

    def __init__(self, *args: Any, help_text: StrOrPromise = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text
        self._describe()
