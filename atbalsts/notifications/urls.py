from __future__ import annotations

from django.urls import path

from atbalsts.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notification_mark_all_read, name="mark_all_read"),
    path("<uuid:notification_uuid>/read/", views.notification_mark_read, name="mark_read"),
    path("<uuid:notification_uuid>/open/", views.notification_open, name="open"),
]
