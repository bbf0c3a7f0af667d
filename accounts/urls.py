from django.urls import path
from django.views.generic import TemplateView

app_name = "accounts"
# Placeholders, replaced by the real views.
urlpatterns = [
    path("", TemplateView.as_view(template_name="base.html"), name="dashboard"),
    path("listings/", TemplateView.as_view(template_name="base.html"), name="my_listings"),
    path("profile/", TemplateView.as_view(template_name="base.html"), name="profile"),
]
