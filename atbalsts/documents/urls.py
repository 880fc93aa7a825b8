from __future__ import annotations

from django.urls import path

from atbalsts.documents import views

app_name = "documents"

urlpatterns = [
    path(
        "commission/<uuid:commission_uuid>/protocol.pdf",
        views.commission_protocol,
        name="commission_protocol",
    ),
    path(
        "submission/<uuid:submission_uuid>/submission.pdf",
        views.agency_submission,
        name="agency_submission",
    ),
    path(
        "submission/<uuid:submission_uuid>/decision.pdf",
        views.agency_decision,
        name="agency_decision",
    ),
    path("consent/<uuid:consent_uuid>/form.pdf", views.consent_form, name="consent_form"),
    path(
        "information-request/<uuid:request_uuid>/request.pdf",
        views.information_request,
        name="information_request",
    ),
    path("course/<uuid:case_uuid>/summary.pdf", views.course_summary, name="course_summary"),
    path("rights-leaflet.pdf", views.rights_leaflet, name="rights_leaflet"),
]
