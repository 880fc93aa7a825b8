"""Reads of the partner directory: public contact data, for every signed-in role."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from atbalsts.directory.models import Contact


def contact_list(*, query: str = "", include_inactive: bool = False) -> QuerySet[Contact]:
    contacts = Contact.objects.all()
    if not include_inactive:
        contacts = contacts.filter(is_active=True)
    if query:
        contacts = contacts.filter(Q(name__icontains=query) | Q(address__icontains=query))
    return contacts.order_by("name")
