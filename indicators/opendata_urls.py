"""``/open-data/<file>``: the bulk files, outside the language prefix (the same bytes for every reader)."""

from django.urls import path

from indicators.opendata_views import open_data_file

app_name = "opendata"

urlpatterns = [path("<str:name>", open_data_file, name="file")]
