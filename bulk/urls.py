from django.urls import path

from bulk import views

app_name = "bulk"

urlpatterns = [
    path("", views.home, name="home"),
    path("upload/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.batch_detail, name="batch"),
    path("imports/<int:pk>/start/", views.batch_start, name="start"),
    path("imports/<int:pk>/status.json", views.batch_status, name="status"),
    path("templates/<slug:kind>.<slug:fmt>", views.template_download, name="template"),
    path("export/", views.export, name="export"),
]
