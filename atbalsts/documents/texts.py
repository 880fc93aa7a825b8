"""User-facing texts of the documents app (shared with the tests)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The link to each document on the page of its record.
LINK_LABELS = {
    "commission_protocol": _("Protocol as PDF"),
    "agency_submission": _("Submission to SIVA as PDF"),
    "agency_decision": _("SIVA's decision letter as PDF"),
    "consent_form": _("Consent form as PDF"),
    "information_request": _("Request and reply as PDF"),
    "course_summary": _("Course summary as PDF"),
    "rights_leaflet": _("Rights leaflet as PDF"),
}
