from __future__ import annotations

from typing import Any

from django import template

from atbalsts.core.navigation import NavigationItem, sections_for

register = template.Library()


@register.simple_tag(takes_context=True)
def main_navigation(context: dict[str, Any]) -> list[NavigationItem]:
    """``{% main_navigation as items %}``: the signed-in user's sections, or none."""
    request = context.get("request")
    # The context's user, not the request's: before the second factor it is a visitor
    # (atbalsts.accounts.context_processors.account), who has no menu.
    user = context.get("user")
    if request is None or user is None or not user.is_authenticated:
        return []
    return sections_for(user.role, current_path=request.path)
