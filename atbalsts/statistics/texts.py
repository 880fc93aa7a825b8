"""Every message the statistics pages and files show, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SECTION_LABEL = _("Statistics")
SECTION_DESCRIPTION = _(
    "Numbers of recognised victims, services and SIVA decisions by year and quarter, with "
    "small numbers hidden."
)
PERIOD_NOT_ENDED = _("Statistics are shown only for periods that have ended.")
YEAR_OUT_OF_RANGE = _("Choose a year from %(first)s to %(last)s.")
LEGEND = _(
    "x: not published, to protect persons from identification: fewer than 5 persons "
    "(fewer than 10 in the table by region), or hidden so that such a number cannot be "
    "worked out from the totals or from the previous quarter. When a table counts fewer than "
    "20 persons (40 in the table by region) and all of them fall in one category, every "
    "category of it is shown as x, 0 included, so that it does not tell what each of them "
    "shares. Otherwise 0 is shown as 0."
)
CUMULATIVE_NOTE = _(
    "Every period counts from 1 January of its year to the end of the chosen quarter, so "
    "the periods of one year build on each other."
)
WATERMARK = _("Prepared for %(username)s at %(time)s, export %(export)s")
PERIOD_LABEL = _("%(start)s to %(end)s")
SHARE_WITHIN_DEADLINE = _("Share within the deadline")
DOWNLOAD_NOT_GRANTED = _(
    "%(format)s download: you do not have the export permission “%(export)s”. The system "
    "administrator gives it to each user by name: ask them for it, and the download link "
    "will appear here."
)
DOWNLOAD_NOT_FOR_ROLE = _(
    "%(format)s download: users with your role cannot be given the export “%(export)s”. "
    "The numbers are in the tables on this page."
)
CHART_NO_BARS = _(
    "No bars to draw: every count of this table is 0 or not published (x). The table below "
    "shows which."
)
RELEASED_ON = _(
    "Released on %(date)s. The tables of a period do not change once they have been shown; "
    "corrections entered later are shown below them as numbered revisions."
)
REVISION_TITLE = _("Revision %(number)s, %(date)s")
REVISION_NOTE = _(
    "The same tables with the corrections entered after the release. Cells hidden in the "
    "release stay hidden, and shown cells stay shown."
)
REVISION_WITHHELD = _(
    "Corrections were entered for this period after its tables were shown. They are not "
    "shown yet, because together with the tables above they could identify persons; they "
    "will appear as a revision when they can be shown safely."
)
