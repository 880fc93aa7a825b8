"""Every message the SIVA pages show, shared by code and tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SUBMITTED = _("The documents have been submitted to SIVA.")
RECEIVED = _("The day of receipt has been recorded. SIVA decides by %(date)s (%(rule)s).")
DECIDED = _("SIVA's decision has been recorded.")
NOT_RECOGNISED = _(
    "The documents can be submitted only after the person has been recognised: by the "
    "commission's positive opinion or a law-enforcement document."
)
ALREADY_SUBMITTED = _("The documents of this case are already with SIVA.")
NO_AGENCY = _("No active SIVA organisation is registered. Ask the system administrator.")
NOT_SUBMITTED_BY_PROVIDER = _("Only the service provider submits the documents to SIVA.")
CANNOT_RECEIVE = _("The receipt of these documents has already been recorded.")
CANNOT_DECIDE = _("This decision is not possible in the submission's present status.")
POSITION_REQUIRED = _("Enter the person's position on the waiting list.")
REASON_REQUIRED = _("Write the reason for the refusal.")
CONFLICT = _(
    "Another coordinator recorded a decision on this submission while you were working. "
    "Nothing of yours was saved; the submission as it is now is shown below."
)
OVERDUE = _("Overdue")
DUE_TODAY = _("Due today")

SECTION_LABEL = _("Submissions to SIVA")
SECTION_DESCRIPTION = _(
    "Commission protocols and law-enforcement documents sent for SIVA's decision, by deadline."
)
DASHBOARD_OVERDUE = _("SIVA decision overdue")
DASHBOARD_DUE_TODAY = _("SIVA decision due today")
DASHBOARD_AWAITING = _("Awaiting SIVA's decision")

# The confirmation before the documents go to SIVA: it cannot be undone.
SUBMIT_CONFIRM_LEAD = _(
    "Check what goes to SIVA. Once submitted, the submission cannot be withdrawn: SIVA "
    "receives it and its coordinators can see the case as listed below."
)
SUBMIT_NOT_CONFIRMED = _(
    "Nothing has been sent yet. Check what goes to SIVA and press “Submit to SIVA” to send it."
)
DECISION_CONFIRM = _(
    "Check the decision before it is recorded: the provider is told of it at once, and a "
    "grant or a refusal cannot be changed."
)

# The dates of the process as the date-order messages name them (atbalsts.core.date_order).
DATE_LABELS = {
    "submission": (
        pgettext_lazy("date named first", "The date the documents were sent to SIVA"),
        pgettext_lazy("date named second", "the date the documents were sent to SIVA"),
    ),
    "receipt": (
        pgettext_lazy("date named first", "The date SIVA received the documents"),
        pgettext_lazy("date named second", "the date SIVA received the documents"),
    ),
    "decision": (
        pgettext_lazy("date named first", "The date of SIVA's decision"),
        pgettext_lazy("date named second", "the date of SIVA's decision"),
    ),
}
