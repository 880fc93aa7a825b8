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
