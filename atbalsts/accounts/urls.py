from __future__ import annotations

from django.urls import path

from atbalsts.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.verify_view, name="verify"),
    path("login/enrol/", views.enrol_view, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("reauthenticate/", views.reauthenticate_view, name="reauthenticate"),
    path("session/", views.session_view, name="session"),
    path("session/draft/", views.form_draft_view, name="form_draft"),
    path("session/draft/discard/", views.form_draft_discard_view, name="form_draft_discard"),
]
