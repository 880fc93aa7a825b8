from __future__ import annotations

from django.urls import path

from atbalsts.casework import views

app_name = "casework"

urlpatterns = [
    path("requests/", views.request_inbox, name="request_inbox"),
    path("requests/<uuid:request_uuid>/reply/", views.request_reply, name="request_reply"),
    path("follow-ups/<uuid:follow_up_uuid>/", views.follow_up_record, name="follow_up_record"),
    path("family-tasks/<uuid:task_uuid>/", views.family_task_edit, name="family_task_edit"),
    path("takeover/<uuid:case_uuid>/", views.takeover, name="takeover"),
    path("<uuid:case_uuid>/", views.management_detail, name="detail"),
    path("<uuid:case_uuid>/edit/", views.management_edit, name="edit"),
    path("<uuid:case_uuid>/step/", views.management_advance, name="advance"),
    path("<uuid:case_uuid>/activities/add/", views.activity_add, name="activity_add"),
    path("<uuid:case_uuid>/follow-ups/add/", views.follow_up_add, name="follow_up_add"),
    path("<uuid:case_uuid>/family-tasks/add/", views.family_task_add, name="family_task_add"),
    path("<uuid:case_uuid>/requests/add/", views.request_create, name="request_create"),
]
