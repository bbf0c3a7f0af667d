from django.urls import path

from achievements import views

app_name = "achievements"
urlpatterns = [
    path("", views.achievement_list_view, name="list"),
    path("new/", views.achievement_create_view, name="create"),
    path("<int:pk>/", views.achievement_detail_view, name="detail"),
    path("<int:pk>/edit/", views.achievement_edit_view, name="edit"),
    path("<int:pk>/submit/", views.achievement_submit_view, name="submit"),
    path("<int:pk>/archive/", views.achievement_archive_view, name="archive"),
    path("<int:pk>/nda/", views.achievement_nda_accept_view, name="nda_accept"),
    path("files/<int:pk>/", views.achievement_attachment_view, name="attachment"),
    path(
        "files/<int:pk>/thumbnail/", views.achievement_attachment_view, {"thumbnail": True}, name="attachment_thumbnail"
    ),
]
