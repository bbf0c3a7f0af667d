"""``/api/v1/indicators/``: mounted before the API's catch-all in brics_ttc/urls.py."""

from django.urls import path

from indicators.apis import IndicatorDetailView, IndicatorListView

app_name = "indicators-api"

urlpatterns = [
    path("", IndicatorListView.as_view(), name="list"),
    path("<slug:name>/", IndicatorDetailView.as_view(), name="detail"),
]
