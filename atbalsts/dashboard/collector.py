"""Collect every app's dashboard items: an installed app of the project that defines
``dashboard_items(actor, today)`` in its ``selectors`` module contributes its own."""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.apps import apps

from atbalsts.dashboard.items import DashboardItem

if TYPE_CHECKING:
    from atbalsts.accounts.models import User

ItemSource = Callable[["User", datetime.date], list[DashboardItem]]


def item_sources() -> list[ItemSource]:
    sources: list[ItemSource] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("atbalsts."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.selectors")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.selectors":
                raise
            continue
        source = getattr(module, "dashboard_items", None)
        if callable(source):
            sources.append(source)
    return sources


def dashboard_items(actor: User, today: datetime.date, *, kind: str = "") -> list[DashboardItem]:
    """Every app's items for the actor, the earliest due first; optionally of one kind."""
    items = [item for source in item_sources() for item in source(actor, today)]
    if kind:
        items = [item for item in items if item.kind == kind]
    return sorted(items, key=lambda item: (item.due_on, item.case_code, item.kind))
