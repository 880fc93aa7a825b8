"""The role dashboard: what is due for the signed-in user, from every app."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from atbalsts.access.policy import Capability, can
from atbalsts.administration.access import acting_user
from atbalsts.dashboard.collector import dashboard_items

PAGE_SIZE = 25
FILTER_FORM_ID = "filters"


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args: object, kinds: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [("", _("All")), *kinds]  # type: ignore[attr-defined]

    def kind_value(self) -> str:
        return str(self.cleaned_data.get("kind", "")) if self.is_valid() else ""


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    today = timezone.localdate()
    items = dashboard_items(actor, today)
    kinds = sorted({(item.kind, str(item.label)) for item in items})
    data = request.POST if request.method == "POST" else request.GET
    form = KindFilterForm(request.POST if request.method == "POST" else None, kinds=kinds)
    kind = form.kind_value() if form.is_bound else ""
    shown = [item for item in items if item.kind == kind] if kind else items
    page = Paginator(shown, PAGE_SIZE).get_page(data.get("page"))
    return render(
        request,
        "dashboard/home.html",
        {
            "form": form,
            "page_obj": page,
            "form_id": FILTER_FORM_ID,
            "today": today,
            "can_view_shared_cases": can(actor.role, Capability.VIEW_SHARED_CASES),
        },
    )
