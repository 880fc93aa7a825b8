"""Every message the course pages show, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The menu section of the course list (atbalsts.core.navigation).
SECTION_LABEL = _("Courses")
SECTION_DESCRIPTION = _(
    "The social rehabilitation courses on your organisation's cases: running, planned, "
    "ended, and those ending soon."
)

COURSE_STARTED = _("The course has been recorded.")
COURSE_BEGUN = _("The course is now running.")
COURSE_ENDED = _("The end of the course has been recorded.")
COURSE_MAY_NOT_START = _("A course can be started only on a service provider's case.")
SIVA_NOT_SUBMITTED = _(
    "The course can start only after SIVA has decided to grant the person the social "
    "rehabilitation service. The documents of this case have not been submitted to SIVA yet."
)
SIVA_NOT_DECIDED = _(
    "The course can start only after SIVA has decided to grant the person the social "
    "rehabilitation service. SIVA has not decided on this case yet."
)
SIVA_WAITING_LIST = _(
    "The course can start only after SIVA has decided to grant the person the social "
    "rehabilitation service. SIVA has put the person on the waiting list."
)
SIVA_REFUSED = _(
    "The course can start only after SIVA has decided to grant the person the social "
    "rehabilitation service. SIVA refused the service."
)
CANNOT_START_YET = _("The course cannot start yet")
COURSE_EXISTS = _("This case already has a course.")
START_TOO_EARLY = _("The course cannot start before the rules in force: %(reason)s")
END_AFTER_LAST_DAY = _(
    "The course lasts at most %(days)s days: its last allowed day is %(last_day)s (%(rule)s)."
)
END_NOTE_REQUIRED = _("Describe the reason when it is “Other”.")
TRANSITION_NOT_ALLOWED = _("The course cannot move from “%(current)s” to “%(new)s”.")
BEGIN_BEFORE_START = _("The course cannot run before its start date.")
DELIVERIES_AFTER_END = _("Services are recorded after this day: %(message)s (%(rule)s)")

PLAN_SAVED = _("The plan has been saved.")
PLAN_CONFLICT = _(
    "Someone else saved the plan while you were editing it. Nothing of yours was saved: "
    "compare the two versions below and edit the saved version again."
)
TASK_ADDED = _("The task has been added to the plan.")
TASK_DONE = _("The task has been marked as done.")
RESPONSIBLE_NOT_PROVIDER = _("Choose a specialist of your organisation.")
REVIEW_ADDED = _("The plan review has been recorded.")
NEXT_REVIEW_BEFORE_REVIEW = _("The next review must be after this review.")

DELIVERY_RECORDED = _("The service has been recorded.")
DELIVERY_REFUSED = _("Not saved: %(message)s Rule: %(rule)s")
SPECIALIST_REQUIRED = _("Choose the specialist who gave the consultation.")
KIND_NOT_IN_LIST = _("Choose a service from the list.")
CHILDREN_ONLY_FOR_ACCOMMODATION = _("Minor children are recorded only with accommodation nights.")
QUANTITY_POSITIVE = _("Enter a quantity greater than zero.")
NO_COURSE = _("No course has been recorded for this case.")

ROUTE_SAVED = _("The choice for after the course has been saved.")
ROUTE_BEFORE_END = _("What follows the course can be chosen once its end is recorded.")
PROCEDURAL_STATUS_REQUIRED = _(
    "Criminal-process support needs the person's status in the proceedings."
)
ROUTE_BREAKS_DELIVERIES = _(
    "Services already recorded do not fit this choice: %(message)s (%(rule)s)"
)

# The dashboard (atbalsts/courses/selectors.py dashboard_items).
DASHBOARD_COURSE_ENDING = _("The course ends on %(day)s.")
DASHBOARD_REVIEW_DUE = _("The plan review is due on %(day)s.")
DASHBOARD_WINDOW_CLOSING = _("Post-course consultations can be given until %(day)s.")
DASHBOARD_SUPPORT_NEAR_CAP = _("Support year %(number)s: %(used)s of %(cap)s hours used.")

# The course page (atbalsts/courses/selectors.py course_standing), from the ledger's report.
COURSE_STATE_PLANNED = _(
    "Planned: starts on %(start)s; it may last up to %(days)s days, until %(last_day)s."
)
COURSE_NOT_MARKED_RUNNING = _(
    "The start date has come, but the course is not marked as running yet: mark it as "
    "running once the person has begun it."
)
COURSE_STATE_RUNNING = _(
    "Day %(day)s of %(days)s; the last allowed day is %(last_day)s (days left: %(left)s)."
)
COURSE_PAST_LAST_DAY = _(
    "The last allowed day, %(last_day)s, has passed: record the end of the course."
)
QUOTA_USED_LEFT = _("%(used)s of %(allowed)s used, %(left)s left.")
FAMILY_AFTER_END = _("%(used)s of %(allowed)s were used during the course.")
CONSULTATIONS_AFTER_END = _("Available once the course ends.")
CONSULTATIONS_NOT_ENTITLED = _("Not available: the person receives criminal-process support.")
CONSULTATIONS_NOT_ENTITLED_FROM = _(
    "Not available: the person receives criminal-process support from %(start)s."
)
CONSULTATIONS_NOT_YET_OPEN = _(
    "%(left)s of %(allowed)s left: they can be given from %(start)s; the last day is %(end)s."
)
CONSULTATIONS_OPEN = _(
    "%(used)s of %(allowed)s used, %(left)s left; they can be given until %(end)s (from %(start)s)."
)
CONSULTATIONS_CLOSED = _("The period for them ended on %(end)s; %(used)s of %(allowed)s were used.")
SUPPORT_YEAR = _(
    "Support year %(number)s (%(start)s – %(end)s): %(used)s of %(cap)s hours used, "  # noqa: RUF001 - a date range
    "%(left)s left."
)

# The dates of the course as the date-order messages name them (atbalsts.core.date_order).
DATE_LABELS = {
    "course_start": (
        pgettext_lazy("date named first", "The course start date"),
        pgettext_lazy("date named second", "the course start date"),
    ),
    "course_end": (
        pgettext_lazy("date named first", "The course end date"),
        pgettext_lazy("date named second", "the course end date"),
    ),
    "course_last_day": (
        pgettext_lazy("date named first", "The last allowed day of the course"),
        pgettext_lazy("date named second", "the last allowed day of the course"),
    ),
    "plan_task_due": (
        pgettext_lazy("date named first", "The task's due date"),
        pgettext_lazy("date named second", "the task's due date"),
    ),
    "plan_review": (
        pgettext_lazy("date named first", "The review date"),
        pgettext_lazy("date named second", "the review date"),
    ),
    "next_plan_review": (
        pgettext_lazy("date named first", "The next review date"),
        pgettext_lazy("date named second", "the next review date"),
    ),
    "delivery": (
        pgettext_lazy("date named first", "The date of the service"),
        pgettext_lazy("date named second", "the date of the service"),
    ),
    "after_course_window_start": (
        pgettext_lazy("date named first", "The first day of post-course consultations"),
        pgettext_lazy("date named second", "the first day of post-course consultations"),
    ),
    "after_course_window_end": (
        pgettext_lazy("date named first", "The last day of post-course consultations"),
        pgettext_lazy("date named second", "the last day of post-course consultations"),
    ),
    "support_period_start": (
        pgettext_lazy("date named first", "The first day of criminal-process support"),
        pgettext_lazy("date named second", "the first day of criminal-process support"),
    ),
    "support_period_end": (
        pgettext_lazy("date named first", "The last day of criminal-process support"),
        pgettext_lazy("date named second", "the last day of criminal-process support"),
    ),
}
