from __future__ import annotations

from django.urls import path

from atbalsts.consent import views

app_name = "consent"

urlpatterns = [
    path("people/<uuid:person_uuid>/", views.consent_list, name="consent_list"),
    path("people/<uuid:person_uuid>/new/", views.consent_create, name="consent_create"),
    path(
        "people/<uuid:person_uuid>/new/form.pdf",
        views.consent_form_draft,
        name="consent_form_draft",
    ),
    path(
        "consents/<uuid:consent_uuid>/replace/",
        views.consent_supersede,
        name="consent_supersede",
    ),
    path(
        "consents/<uuid:consent_uuid>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("cases/<uuid:case_uuid>/refer/", views.referral_create, name="referral_create"),
    path("shared/", views.shared_list, name="shared_list"),
    path("cases/<uuid:case_uuid>/shared/", views.shared_case, name="shared_case"),
    path("cases/<uuid:case_uuid>/emergency/", views.emergency_access, name="emergency_access"),
    path("referrals/", views.referral_inbox, name="referral_inbox"),
    path("referrals/sent/", views.referral_sent, name="referral_sent"),
    path("referrals/<uuid:referral_uuid>/", views.referral_detail, name="referral_detail"),
    path("referrals/<uuid:referral_uuid>/accept/", views.referral_accept, name="referral_accept"),
    path(
        "referrals/<uuid:referral_uuid>/decline/",
        views.referral_decline,
        name="referral_decline",
    ),
]
