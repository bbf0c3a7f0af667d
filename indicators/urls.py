from django.urls import path, register_converter

from indicators import opendata_views, views


class FormatConverter:
    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("data.<fmt:fmt>", views.download, name="download"),
    path("open-data/", opendata_views.open_data_page, name="open_data"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("report/<int:year>/", views.annual_report, name="annual_report"),
]
