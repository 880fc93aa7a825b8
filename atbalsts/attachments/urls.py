from __future__ import annotations

from django.urls import path

from atbalsts.attachments import views

app_name = "attachments"

urlpatterns = [
    path("case/<uuid:case_uuid>/", views.attachment_list, name="list"),
    path("case/<uuid:case_uuid>/attach/", views.attachment_upload, name="upload"),
    path("<uuid:attachment_uuid>/", views.attachment_download, name="download"),
    path("<uuid:attachment_uuid>/withdraw/", views.attachment_withdraw, name="withdraw"),
]
