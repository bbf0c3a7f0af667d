from django.urls import path

from trading import views

app_name = "trading"
urlpatterns = [
    path("", views.auction_list_view, name="auction-list"),
    path("<int:pk>/", views.auction_detail_view, name="auction-detail"),
    path("propose/<int:achievement_pk>/", views.auction_propose_view, name="auction-propose"),
]
