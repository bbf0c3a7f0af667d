from django.urls import path

from demands import views

app_name = "demands"
urlpatterns = [
    path("", views.demand_list_view, name="list"),
    path("new/", views.demand_create_view, name="create"),
    path("<int:pk>/", views.demand_detail_view, name="detail"),
    path("<int:pk>/edit/", views.demand_edit_view, name="edit"),
    path("<int:pk>/submit/", views.demand_submit_view, name="submit"),
    path("<int:pk>/archive/", views.demand_archive_view, name="archive"),
    path("files/<int:pk>/", views.demand_attachment_view, name="attachment"),
    path("files/<int:pk>/thumbnail/", views.demand_attachment_view, {"thumbnail": True}, name="attachment_thumbnail"),
]
