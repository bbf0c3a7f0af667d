from django.urls import path

from experts import views

app_name = "certificates"
urlpatterns = [
    path("<str:code>/", views.certificate_verify_view, name="verify"),
    path("<str:code>/pdf/", views.certificate_pdf_view, name="pdf"),
]
