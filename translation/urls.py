from django.urls import path

from translation import views

app_name = "translation"
urlpatterns = [
    path("<str:kind>/<int:pk>/", views.language_versions, name="overview"),
    path("<str:kind>/<int:pk>/<str:language>/", views.language_version_edit, name="edit"),
]
