from __future__ import annotations

from django.urls import path

from atbalsts.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("new/", views.job_request, name="job_request"),
    path("approvals/", views.approval_list, name="approval_list"),
    path("register/", views.recipient_register, name="recipient_register"),
    path("users/<uuid:user_uuid>/", views.user_permissions, name="user_permissions"),
    path("<uuid:job_uuid>/", views.job_detail, name="job_detail"),
    path("<uuid:job_uuid>/progress/", views.job_progress, name="job_progress"),
    path("<uuid:job_uuid>/download/", views.job_download, name="job_download"),
    path("<uuid:job_uuid>/approval/", views.approval, name="approval"),
]
