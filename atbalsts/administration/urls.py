from __future__ import annotations

from django.urls import path

from atbalsts.administration import views

app_name = "administration"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path(
        "organisations/<uuid:organisation_uuid>/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisations/<uuid:organisation_uuid>/deactivate/",
        views.organisation_deactivate,
        name="organisation_deactivate",
    ),
    path(
        "organisations/<uuid:organisation_uuid>/reactivate/",
        views.organisation_reactivate,
        name="organisation_reactivate",
    ),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<uuid:user_uuid>/", views.user_edit, name="user_edit"),
    path("users/<uuid:user_uuid>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<uuid:user_uuid>/reactivate/", views.user_reactivate, name="user_reactivate"),
]
