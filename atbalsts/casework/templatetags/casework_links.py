"""``{% may_manage_case case allowed as flag %}`` for the case page's link to case management."""

from __future__ import annotations

from typing import Any

from django import template

from atbalsts.access.policy import OrganisationType
from atbalsts.casework.access import MUNICIPAL_ROLES

register = template.Library()


@register.simple_tag(takes_context=True)
def may_manage_case(context: Any, case: Any, allowed: Any) -> bool:
    """The social service's own case, for its social worker or head who may edit it: the same
    facts the case management pages check (atbalsts.casework.access)."""
    user = context.get("user")
    return bool(
        allowed
        and allowed.get("edit")
        and case.organisation.type == OrganisationType.SOCIAL_SERVICE
        and getattr(user, "role", None) in MUNICIPAL_ROLES
    )
