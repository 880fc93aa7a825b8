"""Who may see, attach and withdraw a case's documents (docs/security.md AZ-3, AZ-5, FU-1).

A document is information of a category (consent.models.InformationCategory), so each kind
is shown with the action of the category it belongs to, as the fields of the case are:

* the law-enforcement decision and the foreign certificate are criminal-proceedings data
  (``view_criminal_proceedings``): the owning organisation and the commission;
* the signed consent names and identifies the person (``view_identity``);
* any other document may hold anything, so it needs every category: in effect the owning
  organisation, or a consent that covers them all.

Attaching and withdrawing are edits of the case (``edit``: its own organisation's case
keepers). Refusals are the same audited 404 as for a document that does not exist.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.http import Http404

from atbalsts.access.policy import CATEGORY_ACTIONS, Action
from atbalsts.attachments.models import Attachment, AttachmentKind
from atbalsts.audit.services import audit_authz_fail
from atbalsts.cases.access import Authorised, Standing, case_standing

if TYPE_CHECKING:
    from atbalsts.accounts.models import User

KIND_ACTIONS: dict[str, frozenset[Action]] = {
    AttachmentKind.CRIMINAL_PROCEEDINGS_DECISION: frozenset({Action.VIEW_CRIMINAL_PROCEEDINGS}),
    AttachmentKind.FOREIGN_LAW_ENFORCEMENT_CERTIFICATE: frozenset(
        {Action.VIEW_CRIMINAL_PROCEEDINGS}
    ),
    AttachmentKind.SIGNED_CONSENT: frozenset({Action.VIEW_IDENTITY}),
    AttachmentKind.OTHER: frozenset(CATEGORY_ACTIONS.values()),
}


def visible_kinds(standing: Standing) -> list[str]:
    """The kinds of document the actor may see on the case ``standing`` is about."""
    actions = standing.actions
    return [kind for kind, needed in KIND_ACTIONS.items() if needed <= actions]


def may_see_any(standing: Standing) -> bool:
    return bool(visible_kinds(standing))


def may_attach(standing: Standing) -> bool:
    return standing.allows(Action.EDIT)


def _refuse(actor: User, attachment_uuid: uuid.UUID, reason: str) -> Http404:
    audit_authz_fail(
        actor=actor, resource_type="attachment", object_uuid=attachment_uuid, reason=reason
    )
    return Http404()


def attachment_for(
    actor: User, attachment_uuid: uuid.UUID, *, is_withdrawal: bool = False
) -> Authorised[Attachment]:
    """The document, if the actor may download it (or, ``is_withdrawal``, withdraw it);
    404 for "not found", "withdrawn" and "not yours" alike."""
    attachment = (
        Attachment.objects.select_related("case", "case__organisation")
        .filter(uuid=attachment_uuid, deleted_at__isnull=True)
        .first()
    )
    if attachment is None:
        raise _refuse(actor, attachment_uuid, "not_found")
    standing = case_standing(actor, attachment.case)
    if attachment.kind not in visible_kinds(standing):
        raise _refuse(actor, attachment_uuid, "category_not_allowed")
    if is_withdrawal and not may_attach(standing):
        raise _refuse(actor, attachment_uuid, "not_own_organisation")
    return Authorised(attachment, standing)
