from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read/", views.notification_read_all, name="read_all"),
    path("preferences/", views.notification_preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.notification_unsubscribe_view, name="unsubscribe"),
]
