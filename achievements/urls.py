from django.urls import path

from achievements import views
from marketplace.listing_pages import listing_urls

app_name = "achievements"
urlpatterns = [
    *listing_urls(views.ACHIEVEMENTS),
    path("<int:pk>/", views.achievement_detail_view, name="detail"),
    path("<int:pk>/nda/", views.achievement_nda_accept_view, name="nda_accept"),
]
