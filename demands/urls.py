from django.urls import path

from demands import views
from marketplace.listing_pages import listing_urls

app_name = "demands"
urlpatterns = [
    *listing_urls(views.DEMANDS),
    path("<int:pk>/", views.demand_detail_view, name="detail"),
]
