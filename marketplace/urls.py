from django.urls import path
from django.views.generic import TemplateView

app_name = "marketplace"
# Placeholders, replaced by the real views.
urlpatterns = [
    path("", TemplateView.as_view(template_name="base.html"), name="institution_list"),
    path("mine/", TemplateView.as_view(template_name="base.html"), name="my_institutions"),
    path("<slug:slug>/", TemplateView.as_view(template_name="base.html"), name="institution_detail"),
    path("invitations/<str:token>/", TemplateView.as_view(template_name="base.html"), name="invitation_accept"),
]
