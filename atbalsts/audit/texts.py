"""Every message the audit trail pages show, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

CHAIN_INTACT = _("The audit chain is intact: %(count)s events verified.")
CHAIN_BROKEN = _(
    "The audit chain is broken at position %(position)s. Events from that position on cannot "
    "be trusted; inform the security officer."
)
CHAIN_NOT_VERIFIED = _(
    "The chain is not verified on every visit: verification reads the whole trail."
)
CHAIN_KEY_MISSING = _(
    "The chain cannot be verified: the audit chain key is missing. Inform the system administrator."
)
ANCHORS_MATCH = _("All %(count)s anchors kept outside the database match the chain.")
ANCHOR_BROKEN = _(
    "The audit chain does not match its anchor kept outside the database at event "
    "#%(position)s: events up to it were changed or removed, or the trail was cut short. "
    "Inform the security officer."
)
ANCHORS_UNREADABLE = _(
    "The anchors kept outside the database cannot be read, or one of them is not signed with "
    "the anchor key. Inform the security officer."
)
NEWEST_ANCHOR = _("Newest anchor: taken %(age)s, covering event #%(position)s.")
NO_ANCHOR = _(
    "No anchor has been taken outside the database: events removed from the end of the trail "
    "cannot be detected. Ask the system administrator to run the daily anchoring."
)
ANCHOR_STALE = _(
    "The newest anchor is more than a day old: ask the system administrator to check the "
    "daily anchoring."
)
TAIL_UNANCHORED = _(
    "Events after #%(position)s are not covered by an anchor yet: if they were removed from "
    "the end of the trail, verification could not tell until the next anchor."
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


def anchor_age(seconds: int) -> str:
    """How long ago an anchor was taken, in whole minutes, hours or days."""
    minutes = seconds // 60
    if minutes < 60:
        return ngettext("%(count)d minute ago", "%(count)d minutes ago", minutes) % {
            "count": minutes
        }
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(count)d hour ago", "%(count)d hours ago", hours) % {"count": hours}
    days = hours // 24
    return ngettext("%(count)d day ago", "%(count)d days ago", days) % {"count": days}
