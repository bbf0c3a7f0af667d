from django.urls import path

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.saved_search_list_view, name="list"),
    path("save/", views.saved_search_create_view, name="create"),
    path("<int:pk>/delete/", views.saved_search_delete_view, name="delete"),
]
