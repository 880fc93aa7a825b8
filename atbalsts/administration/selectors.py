"""Reads for the administration pages, already narrowed to what the actor may see.

Only the system administrator manages organisations and user accounts; for every other
role these return nothing (docs/style.md "Writes, reads, audit").
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from atbalsts.access.policy import Capability, can
from atbalsts.accounts.models import Organisation, User


def organisation_list(
    *,
    actor: User,
    search: str = "",
    organisation_type: str = "",
    is_active: bool | None = None,
) -> QuerySet[Organisation]:
    """Organisations by name, each with its number of active users."""
    if not can(actor.role, Capability.MANAGE_ORGANISATIONS):
        return Organisation.objects.none()
    organisations = Organisation.objects.annotate(
        active_user_count=Count("users", filter=Q(users__is_active=True))
    )
    if search:
        organisations = organisations.filter(Q(name__icontains=search) | Q(code__icontains=search))
    if organisation_type:
        organisations = organisations.filter(type=organisation_type)
    if is_active is not None:
        organisations = organisations.filter(is_active=is_active)
    return organisations.order_by("name", "pk")


def organisation_choices(
    *, actor: User, including: Organisation | None = None
) -> QuerySet[Organisation]:
    """The organisations a user account may be placed in: the active ones (and its current one)."""
    if not can(actor.role, Capability.MANAGE_USERS):
        return Organisation.objects.none()
    condition = Q(is_active=True)
    if including is not None:
        condition |= Q(pk=including.pk)
    return Organisation.objects.filter(condition).order_by("name", "pk")


def user_list(
    *,
    actor: User,
    search: str = "",
    organisation: Organisation | None = None,
    role: str = "",
    is_active: bool | None = None,
) -> QuerySet[User]:
    """User accounts by username, with their organisation fetched in the same query."""
    if not can(actor.role, Capability.MANAGE_USERS):
        return User.objects.none()
    users = User.objects.select_related("organisation")
    if search:
        users = users.filter(Q(username__icontains=search) | Q(full_name__icontains=search))
    if organisation is not None:
        users = users.filter(organisation=organisation)
    if role:
        users = users.filter(role=role)
    if is_active is not None:
        users = users.filter(is_active=is_active)
    return users.order_by("username", "pk")
