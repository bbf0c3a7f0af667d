from django.urls import path

from alerts import views

app_name = "watchlist"
urlpatterns = [
    path("", views.watchlist_view, name="list"),
    path("<str:kind>/<int:pk>/", views.watch_toggle_view, name="toggle"),
]
