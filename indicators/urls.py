from django.urls import path, register_converter

from indicators import views


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
]
