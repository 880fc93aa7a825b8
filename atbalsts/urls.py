from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("atbalsts.core.urls")),
    path("", include("atbalsts.accounts.urls")),
    path("administration/", include("atbalsts.administration.urls")),
    path("calendar/", include("atbalsts.workcalendar.urls")),
    path("audit/", include("atbalsts.audit.urls")),
    path("people/", include("atbalsts.people.urls")),
    path("cases/", include("atbalsts.cases.urls")),
    path("api/v1/", include("atbalsts.api.urls")),
    path("notifications/", include("atbalsts.notifications.urls")),
    path("consent/", include("atbalsts.consent.urls")),
    path("identification/", include("atbalsts.identification.urls")),
    path("agency/", include("atbalsts.agency.urls")),
    path("casework/", include("atbalsts.casework.urls")),
    path("dashboard/", include("atbalsts.dashboard.urls")),
    path("directory/", include("atbalsts.directory.urls")),
    path("screening/", include("atbalsts.screening.urls")),
    path("courses/", include("atbalsts.courses.urls")),
    path("exports/", include("atbalsts.exports.urls")),
    path("documents/", include("atbalsts.documents.urls")),
    path("statistics/", include("atbalsts.statistics.urls")),
    path("attachments/", include("atbalsts.attachments.urls")),
    # Anyone, signed in or not, must be able to switch the language of the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]

handler400 = "atbalsts.core.views.error_400"
handler403 = "atbalsts.core.views.error_403"
handler404 = "atbalsts.core.views.error_404"
handler500 = "atbalsts.core.views.error_500"
