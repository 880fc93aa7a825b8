"""Every message of the case management pages, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MANAGEMENT_SAVED = _("The case management record has been saved.")
STEP_CHANGED = _("The case is now at the step: %(step)s.")
STEP_NOT_ALLOWED = _("The case cannot move from this step to the one chosen.")
CONTINUE_NEEDS_OUTCOME = _("Record the evaluation's outcome as continuation to return to the plan.")
CLOSE_NEEDS_REASON = _(
    "Record the evaluation's outcome as closure, with its reason, before follow-up."
)
REASON_ONLY_FOR_CLOSURE = _("A closure reason is given only when the cooperation is closed.")
CONFLICT = _(
    "Someone else saved this case's management while you were editing it. Your changes "
    "are shown next to theirs; nothing of yours was saved."
)
ACTIVITY_ADDED = _("The activity has been added to the plan.")
ENDS_BEFORE_STARTS = _("An activity cannot end before it starts.")
FOLLOW_UP_SCHEDULED = _("The follow-up contact has been scheduled.")
FOLLOW_UP_RECORDED = _("The follow-up contact has been recorded.")
FAMILY_TASK_ADDED = _("The family work task has been recorded.")
FAMILY_TASK_UPDATED = _("The family work task has been updated.")
UNKNOWN_CODE = _("Choose a value from the list.")
REQUEST_SENT = _("The written information request has been sent to %(provider)s.")
REQUEST_NO_CONSENT = _(
    "The person has not consented that this provider may answer your questions, or has "
    "withdrawn the consent. Without it no request can be sent."
)
REQUEST_ANSWERED = _("Your reply has been sent to the social service.")
REQUEST_ALREADY_ANSWERED = _("This request has already been answered.")
REPLY_HIDDEN = _("The person has withdrawn the consent: the reply is no longer shown.")
NO_PROVIDER_WITH_CONSENT = _(
    "No provider may answer: an active consent for an information request, with your "
    "service as recipient, is needed first."
)
TAKEOVER_NEEDS_CONSENT = _(
    "The person has not consented that your social service takes this case over, or has "
    "withdrawn the consent. Ask the organisation that keeps the case to record it first."
)
TAKEN_OVER = _(
    "You have taken the case over: case management of your case %(code)s is open at its first step."
)
TAKEOVER_EXPLANATION = _(
    "Taking the case over opens case management in your social service for this person: in "
    "your own open case of the person, or in a new case when you have none. The case kept "
    "by %(organisation)s stays theirs, and you keep seeing only what the person agreed to "
    "share."
)

# Dashboard items (atbalsts/dashboard).
ITEM_FOLLOW_UP_DUE = _("Follow-up contact due")
ITEM_EVALUATION_OVERDUE = _("Evaluation of the plan due")
ITEM_REQUEST_AWAITING_REPLY = _("Written information request awaiting your reply")
ITEM_TAKEOVER = _("Case shared for takeover: take it over")

# Days ahead a follow-up contact appears on the dashboard.
FOLLOW_UP_HORIZON_DAYS = 14

# The dates of case management as the date-order messages name them
# (atbalsts.core.date_order).
DATE_LABELS = {
    "home_visit": (
        pgettext_lazy("date named first", "The date of the home visit"),
        pgettext_lazy("date named second", "the date of the home visit"),
    ),
    "follow_up_contact": (
        pgettext_lazy("date named first", "The date of the follow-up contact"),
        pgettext_lazy("date named second", "the date of the follow-up contact"),
    ),
}
