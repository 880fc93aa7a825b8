"""Every message the recognition and commission pages show, shared by code and tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The menu section of the police official's commissions (atbalsts.core.navigation).
MY_COMMISSIONS_SECTION_LABEL = _("My commissions")
MY_COMMISSIONS_SECTION_DESCRIPTION = _(
    "The specialist commissions you sit on: their meeting dates and whether the commission "
    "has given its opinion."
)

COMMISSION_CONVENED = _("The specialist commission has been convened.")
COMMISSION_DECIDED = _("The commission's opinion has been recorded.")
RECOGNITION_RECORDED = _("The recognition has been recorded.")
COMPOSITION_INCOMPLETE = _(
    "The commission must include a social worker, a psychologist, a lawyer and a State "
    "Police official. Missing: %(missing)s."
)
MEMBER_TWICE = _("A person can sit on the commission only once.")
ABROAD_ONLY = _(
    "The commission may hear the person remotely or decide on the documents alone only when "
    "the person is abroad."
)
POSITIVE_NEEDS_CRITERION = _(
    "A decision to recognise the person must name at least one criterion that the commission found."
)
JUSTIFICATION_REQUIRED = _("Write the commission's justification.")
PROTOCOL_REQUIRED = _("Enter the protocol number.")
ALREADY_DECIDED = _("The commission has already given its opinion.")
ALREADY_RECOGNISED = _("The person has already been recognised in this case.")
DOCUMENT_REQUIRED = _("Enter the document's number, date and issuer.")
PROCEEDINGS_STATUS_REQUIRED = _("Say whether the person is a victim or a witness.")
NOT_A_PROVIDER = _("Only a service provider convenes the commission.")
DECISION_CONFLICT = _(
    "Someone else recorded the commission's opinion while you were editing. Nothing of "
    "yours was saved; the opinion now recorded is shown below."
)

SECTION_LABEL = _("Recognition")

# The dashboard's item for a commission member (atbalsts/dashboard).
DASHBOARD_MEETING = _("Specialist commission meeting")

# The member's commission page: what the record holds of each member's part in the opinion.
OPINION_OF_THE_WHOLE = _(
    "The opinion is recorded for the commission as a whole. Each member's signature, and any "
    "view of their own, are on the signed protocol, which lists every member above with a "
    "line for their signature."
)
OPINION_NOT_YET = _(
    "The commission has not given its opinion yet. The provider records it after the "
    "meeting; the protocol lists every member above with a line for their signature."
)
OPINION_CONFIRM = _(
    "Check the opinion before it is recorded: once recorded it cannot be changed, and a "
    "positive opinion recognises the person as a victim."
)
RECOGNITION_CONFIRM = _(
    "Check the document before the recognition is recorded: once recorded it cannot be "
    "changed, and the person is recognised as a victim from the day given."
)

# The dates of the process as the date-order messages name them (atbalsts.core.date_order):
# first as the subject of the sentence, then as it follows "before"/"after".
DATE_LABELS = {
    "commission_meeting": (
        pgettext_lazy("date named first", "The commission meeting date"),
        pgettext_lazy("date named second", "the commission meeting date"),
    ),
    "recognition": (
        pgettext_lazy("date named first", "The recognition date"),
        pgettext_lazy("date named second", "the recognition date"),
    ),
    "opinion": (
        pgettext_lazy("date named first", "The opinion date"),
        pgettext_lazy("date named second", "the opinion date"),
    ),
    "law_enforcement_document": (
        pgettext_lazy("date named first", "The document date"),
        pgettext_lazy("date named second", "the document date"),
    ),
}
