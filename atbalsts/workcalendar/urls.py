from __future__ import annotations

from django.urls import path

from atbalsts.workcalendar import views

app_name = "workcalendar"

urlpatterns = [
    path("", views.override_list, name="override_list"),
    path("add/", views.override_add, name="override_add"),
    path("<uuid:override_uuid>/remove/", views.override_remove, name="override_remove"),
]
