"""Every message the audit trail pages show, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CHAIN_INTACT = _("The audit chain is intact: %(count)s events verified.")
CHAIN_BROKEN = _(
    "The audit chain is broken at position %(position)s. Events from that position on cannot "
    "be trusted; inform the security officer."
)
CHAIN_NOT_VERIFIED = _(
    "The chain is not verified on every visit: verification reads the whole trail."
)
NO_EVENTS = _("No events match.")
NO_OBJECT_FOR_CODE = _(
    "Nothing was found for “%(code)s”: no social case or person has this code. Check the code "
    "(a case code looks like AT-7KQ2-M9XD, a person reference like P-4HB8-Q2ZN) or search by "
    "the record's identifier."
)
ANY_ACTION = _("Any action")
DATE_RANGE_REVERSED = _("The end date is before the start date.")
PAYLOAD_WITHHELD = _("withheld")

# The menu entry and the home page's card (atbalsts.core.navigation).
SECTION_LABEL = _("Audit trail")
SECTION_DESCRIPTION = _(
    "See who opened or changed which record, when and why, and check that the trail has not "
    "been tampered with."
)
