"""Every message the consent and referral pages show, shared by the code and its tests."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from atbalsts.consent.models import EMERGENCY_REASON_MIN_LENGTH

# The menu section of the referral inbox (atbalsts.core.navigation).
INBOX_SECTION_LABEL = _("Referrals")
INBOX_SECTION_DESCRIPTION = _(
    "Accept or decline the cases other organisations refer to yours, and follow those you sent."
)
# The menu section of the cases other organisations share with the actor's (navigation).
SHARED_SECTION_LABEL = _("Shared with us")
SHARED_SECTION_DESCRIPTION = _(
    "Cases other organisations keep and share with yours by the person's consent: what the "
    "consent covers, the services received, and the takeover for case management."
)

# Refusals raised by the services.
NO_CASE_OF_PERSON = _("Your organisation holds no case of this person.")
RECIPIENT_NOT_ALLOWED = _(
    "Consent can only be given to another active social service or service provider."
)
CATEGORIES_REQUIRED = _("Choose at least one category of information.")
UNKNOWN_CATEGORY = _("Choose categories from the list.")
DATE_IN_FUTURE = _("The date cannot be in the future.")
WITHDRAWAL_BEFORE_CONSENT = _("A consent cannot be withdrawn before the day it was given.")
CONSENT_NOT_ACTIVE = _(
    "This consent is no longer active: it has been withdrawn or replaced by a newer one."
)
REFERRAL_NEEDS_CONSENT = _(
    "A referral needs the person's active consent to referral to this organisation."
)
CASE_NOT_OPEN = _("Only an open case can be referred.")
REFERRAL_ALREADY_SENT = _("This case has already been referred to this organisation.")
REFERRAL_ALREADY_DECIDED = _("This referral has already been accepted or declined.")
DECLINE_REASON_REQUIRED = _("Give the reason for declining.")


def _reason_too_short() -> str:
    return gettext("Describe the emergency or the legal duty in at least %(count)d characters.") % {
        "count": EMERGENCY_REASON_MIN_LENGTH
    }


EMERGENCY_REASON_TOO_SHORT = lazy(_reason_too_short, str)()
EMERGENCY_NOT_NEEDED = _("You can already open this case; no emergency access is needed.")

# Confirmations shown after a change.
CONSENT_RECORDED = _("The consent has been recorded.")
CONSENT_SUPERSEDED = _("The consent has been replaced by the new one; the old one is kept.")
CONSENT_WITHDRAWN = _(
    "The consent has been withdrawn. The recipient no longer sees the information."
)
REFERRAL_SENT = _("The referral has been sent.")
REFERRAL_ACCEPTED = _("The referral has been accepted and the case %(code)s has been opened.")
REFERRAL_DECLINED = _("The referral has been declined.")
EMERGENCY_ACCESS_GRANTED = _(
    "Emergency access is open until %(expires)s. Data-protection officers have been notified."
)
DRAFT_FORM_EXPLANATION = _(
    "Before recording the consent, print the form with the choices above for the person to "
    "read and sign. Preparing it records nothing. Then enter the number printed on the form "
    "(or your own register number) as the signed form reference, with the date, and record "
    "the consent."
)
WITHDRAW_EXPLANATION = _(
    "Withdraw this consent only when the person has withdrawn it. The recipient loses access "
    "at once and is told that the case is no longer shared, without any details. The record "
    "of the consent is kept."
)
# What the referral's page says of the referred case before the recipient decides.
REFERRAL_SHARES = _("The person agreed that you may see: %(categories)s.")
REFERRAL_SCREENING_SHOWN = _(
    "Screening by %(organisation)s on %(date)s: use it rather than asking the person the same "
    "questions again."
)
REFERRAL_NO_SCREENING = _("The referring organisation has not completed a screening of this case.")
REFERRAL_NO_EXPLOITATION = _(
    "The consent does not cover exploitation details, so the screening is not shown."
)
REFERRAL_CONSENT_INACTIVE = _(
    "The person's consent to this referral is no longer active: nothing of the case is shared "
    "with you."
)
REFERRAL_EXPLANATION = _(
    "A case can be referred only to an organisation named in the person's active consent to "
    "referral. The recipient is told that a referral arrived, with the case code only."
)
EMERGENCY_EXPLANATION = _(
    "Use this only in an emergency or to meet a legal duty, when the person's consent cannot "
    "be obtained. You will see the case for 24 hours. Every data-protection officer is "
    "notified and your reason is kept."
)

# The dates of consent and referral as the date-order messages name them
# (atbalsts.core.date_order).
DATE_LABELS = {
    "consent": (
        pgettext_lazy("date named first", "The date the consent was given"),
        pgettext_lazy("date named second", "the date the consent was given"),
    ),
    "referral_sent": (
        pgettext_lazy("date named first", "The date the referral was sent"),
        pgettext_lazy("date named second", "the date the referral was sent"),
    ),
    "referral_answered": (
        pgettext_lazy("date named first", "The date the referral was answered"),
        pgettext_lazy("date named second", "the date the referral was answered"),
    ),
}
