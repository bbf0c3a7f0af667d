from django.urls import path

from services import views

app_name = "services"
urlpatterns = [
    path("", views.service_list_view, name="list"),
    path("<int:pk>/", views.service_detail_view, name="detail"),
    path("<int:pk>/request/", views.service_request_view, name="request"),
    path("ask-the-center/", views.center_request_view, name="center_request"),
    path("consult/<int:pk>/", views.expert_consult_view, name="consult"),
    path("requests/", views.request_list_view, name="request_list"),
    path("requests/<int:pk>/", views.request_detail_view, name="request_detail"),
    path(
        "requests/<int:pk>/<slug:action>/",
        views.request_action_view,
        name="request_action",
    ),
    path("files/<int:pk>/", views.delivery_file_view, name="file"),
]
