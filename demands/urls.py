from django.urls import path
from django.views.generic import TemplateView

app_name = "demands"
# Placeholders, replaced by the real views.
urlpatterns = [
    path("", TemplateView.as_view(template_name="base.html"), name="list"),
    path("<int:pk>/", TemplateView.as_view(template_name="base.html"), name="detail"),
]
