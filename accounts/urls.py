from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("listings/", views.my_listings, name="my_listings"),
    path("profile/", views.profile, name="profile"),
]
